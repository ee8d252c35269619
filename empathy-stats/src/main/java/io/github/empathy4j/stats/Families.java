package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Corrects p-values across a family of groups of one kind (the overall group alone, the valences, or the emotions):
 * each condition's same test across the groups forms one family, and so does each omnibus test across the groups.
 * Every corrected p-value names its family ({@link PValues#family()}), such as
 * {@code "emotions, yates, gpt-4 vs human"}; the paired tests ({@code mcNemar}, {@code wilcoxon},
 * {@code stuartMaxwell}, {@code cochranQ}, {@code friedman}) form families the same way. Untestable groups have no
 * p-value and are not in the family.
 *
 * <p>Fisher's exact test is computed for every tested group and corrected across all of them, so that the family
 * does not depend on which groups happen to need it; it is then reported only where an expected count of the 2x2
 * table is below 5.
 */
final class Families {

    private Families() {
    }

    /** The groups, all of one kind, with every p-value corrected within its family and the family named. */
    static List<GroupAnalysis> correct(List<GroupAnalysis> groups, List<String> conditions) {
        if (groups.isEmpty()) {
            return groups;
        }
        String kind = groups.get(0).group().family();
        String baseline = conditions.get(0);
        List<Map<String, Comparison>> corrected = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            corrected.add(new LinkedHashMap<>());
        }
        for (String condition : conditions.subList(1, conditions.size())) {
            String vs = ", " + condition + " vs " + baseline;
            List<Optional<Comparison>> column = groups.stream().map(g -> g.untestable().isPresent()
                    ? Optional.<Comparison>empty() : Optional.of(g.comparison(condition))).toList();
            List<PValues> yates = family(kind + ", yates" + vs, column, Comparison::yates);
            List<PValues> fisher = family(kind + ", fisher" + vs, column, Comparison::fisher);
            List<PValues> levels = family(kind + ", levels" + vs, column, Comparison::levels);
            List<PValues> mannWhitney = family(kind + ", mannWhitney" + vs, column, Comparison::mannWhitney);
            List<PValues> mcNemar = family(kind + ", mcNemar" + vs, column, x -> paired(x, PairedComparison::mcNemar));
            List<PValues> wilcoxon = family(kind + ", wilcoxon" + vs, column,
                    x -> paired(x, PairedComparison::wilcoxon));
            List<PValues> stuartMaxwell = family(kind + ", stuartMaxwell" + vs, column,
                    x -> paired(x, PairedComparison::stuartMaxwell));
            for (int g = 0; g < groups.size(); g++) {
                if (column.get(g).isEmpty()) {
                    continue;
                }
                Comparison c = column.get(g).get();
                GroupAnalysis group = groups.get(g);
                TestResult reportedFisher = smallExpected(group, condition, baseline) ? with(c.fisher(), fisher.get(g))
                        : null;
                corrected.get(g).put(condition, new Comparison(c.condition(), c.baseline(), c.shareDifference(),
                        c.shareDifferenceInterval(), c.relativeIncrease(), c.relativeIncreaseInterval(),
                        with(c.yates(), yates.get(g)), c.phi(), reportedFisher, with(c.levels(), levels.get(g)),
                        c.cramersV(), with(c.mannWhitney(), mannWhitney.get(g)), c.paired() == null ? null
                                : c.paired().withP(mcNemar.get(g), wilcoxon.get(g), stuartMaxwell.get(g)),
                        c.effects(), c.power(), c.equivalence()));
            }
        }
        List<Optional<Omnibus>> omnibus = groups.stream().map(g -> g.untestable().isPresent()
                ? Optional.<Omnibus>empty() : Optional.of(g.omnibus())).toList();
        List<PValues> chiSquare = family(kind + ", chiSquare across conditions", omnibus, Omnibus::chiSquare);
        List<PValues> kruskalWallis = family(kind + ", kruskalWallis across conditions", omnibus,
                Omnibus::kruskalWallis);
        List<PValues> cochranQ = family(kind + ", cochranQ across conditions", omnibus, Omnibus::cochranQ);
        List<PValues> friedman = family(kind + ", friedman across conditions", omnibus, Omnibus::friedman);
        List<GroupAnalysis> result = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            GroupAnalysis group = groups.get(g);
            if (group.untestable().isPresent()) {
                result.add(group);
                continue;
            }
            Omnibus o = group.omnibus();
            result.add(new GroupAnalysis(group.group(), group.dialogues(), group.conditions(),
                    List.copyOf(corrected.get(g).values()), new Omnibus(with(o.chiSquare(), chiSquare.get(g)),
                            o.cramersV(), with(o.kruskalWallis(), kruskalWallis.get(g)), o.dunn(),
                            o.pairedDialogues(), with(o.cochranQ(), cochranQ.get(g)),
                            with(o.friedman(), friedman.get(g))),
                    group.untestable()));
        }
        return List.copyOf(result);
    }

    /** Whether the 2x2 success table of a condition against the baseline has an expected count below 5. */
    private static boolean smallExpected(GroupAnalysis group, String condition, String baseline) {
        ConditionSummary c = group.condition(condition);
        ConditionSummary b = group.condition(baseline);
        return ContingencyTests.smallExpected(new long[][] {{c.successes(), c.n() - c.successes()},
            {b.successes(), b.n() - b.successes()}});
    }

    private static <T> List<PValues> family(String name, List<Optional<T>> members,
            Function<T, TestResult> test) {
        double[] raw = new double[members.size()];
        for (int g = 0; g < raw.length; g++) {
            TestResult t = members.get(g).map(test).orElse(null);
            raw[g] = t == null ? Double.NaN : t.p().raw();
        }
        return PValues.family(name, raw);
    }

    private static TestResult paired(Comparison c, Function<PairedComparison, TestResult> test) {
        return c.paired() == null ? null : test.apply(c.paired());
    }

    private static TestResult with(TestResult test, PValues p) {
        return test == null ? null : test.withP(p);
    }
}
