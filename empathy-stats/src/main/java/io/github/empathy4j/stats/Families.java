package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Corrects p-values across a family of groups (the emotions, or the valences): each condition's same test across
 * the groups forms one family, and so does each omnibus test across the groups.
 */
final class Families {

    private Families() {
    }

    /** The groups with every p-value corrected within its family; all groups hold the same conditions. */
    static List<GroupAnalysis> correct(List<GroupAnalysis> groups) {
        if (groups.size() < 2) {
            return groups;
        }
        int comparisons = groups.get(0).comparisons().size();
        List<List<Comparison>> corrected = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            corrected.add(new ArrayList<>());
        }
        for (int i = 0; i < comparisons; i++) {
            int index = i;
            List<PValues> yates = family(groups, g -> g.comparisons().get(index).yates());
            List<PValues> fisher = family(groups, g -> g.comparisons().get(index).fisher());
            List<PValues> levels = family(groups, g -> g.comparisons().get(index).levels());
            List<PValues> mannWhitney = family(groups, g -> g.comparisons().get(index).mannWhitney());
            for (int g = 0; g < groups.size(); g++) {
                Comparison c = groups.get(g).comparisons().get(i);
                corrected.get(g).add(new Comparison(c.condition(), c.baseline(), c.shareDifference(),
                        c.shareDifferenceInterval(), c.relativeIncrease(), c.relativeIncreaseInterval(),
                        with(c.yates(), yates.get(g)), c.phi(), with(c.fisher(), fisher.get(g)),
                        with(c.levels(), levels.get(g)), c.cramersV(), with(c.mannWhitney(), mannWhitney.get(g))));
            }
        }
        List<PValues> chiSquare = family(groups, g -> g.omnibus().chiSquare());
        List<PValues> kruskalWallis = family(groups, g -> g.omnibus().kruskalWallis());
        List<GroupAnalysis> result = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            GroupAnalysis group = groups.get(g);
            Omnibus o = group.omnibus();
            result.add(new GroupAnalysis(group.group(), group.dialogues(), group.conditions(), corrected.get(g),
                    new Omnibus(with(o.chiSquare(), chiSquare.get(g)), o.cramersV(),
                            with(o.kruskalWallis(), kruskalWallis.get(g)), o.dunn())));
        }
        return List.copyOf(result);
    }

    private static List<PValues> family(List<GroupAnalysis> groups, Function<GroupAnalysis, TestResult> test) {
        double[] raw = new double[groups.size()];
        for (int g = 0; g < raw.length; g++) {
            TestResult t = test.apply(groups.get(g));
            raw[g] = t == null ? Double.NaN : t.p().raw();
        }
        return PValues.family(raw);
    }

    private static TestResult with(TestResult test, PValues p) {
        return test == null ? null : test.withP(p);
    }
}
