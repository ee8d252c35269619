package io.github.empathy4j.report;

import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Valence;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.stats.Comparison;
import io.github.empathy4j.stats.ConditionSummary;
import io.github.empathy4j.stats.CumulativeLinkMixedModel;
import io.github.empathy4j.stats.DunnPair;
import io.github.empathy4j.stats.Effects;
import io.github.empathy4j.stats.Equivalence;
import io.github.empathy4j.stats.Estimate;
import io.github.empathy4j.stats.Group;
import io.github.empathy4j.stats.GroupAnalysis;
import io.github.empathy4j.stats.Interval;
import io.github.empathy4j.stats.LogitEffect;
import io.github.empathy4j.stats.Omnibus;
import io.github.empathy4j.stats.PairedComparison;
import io.github.empathy4j.stats.Power;
import io.github.empathy4j.stats.RaterAware;
import io.github.empathy4j.stats.ShareEstimate;
import io.github.empathy4j.stats.StudyAnalysis;
import io.github.empathy4j.stats.TestResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link StudyAnalysis} as the tables that the {@code empathy} command prints and the reports show: each group's
 * conditions against the baseline, each condition by emotion, the tests across all conditions and the tests on
 * every level. All numbers are formatted here, with {@link Locale#ROOT}.
 */
public final class StudyTables {

    /** The legend of significance marks. */
    public static final String SIGNIFICANCE = "*** p < 0.001, ** p < 0.01, * p < 0.05, ns not significant";

    private StudyTables() {
    }

    /** Every table of an analysis, in reading order; tables the analysis has no data for are left out. */
    public static List<Table> all(StudyAnalysis analysis) {
        List<Table> tables = new ArrayList<>();
        tables.add(conditions(analysis, analysis.overall()));
        analysis.valences().forEach(v -> tables.add(conditions(analysis, v)));
        if (!analysis.emotions().isEmpty()) {
            analysis.conditions().stream().skip(1).forEach(c -> tables.add(emotions(analysis, c)));
        }
        omnibus(analysis).ifPresent(tables::add);
        dunn(analysis).ifPresent(tables::add);
        ordinal(analysis).ifPresent(tables::add);
        paired(analysis).ifPresent(tables::add);
        pairedAcross(analysis).ifPresent(tables::add);
        tables.add(effects(analysis));
        association(analysis).ifPresent(tables::add);
        tables.add(power(analysis));
        raterAware(analysis).ifPresent(tables::add);
        return List.copyOf(tables);
    }

    /**
     * One group's conditions: rating counts, share of success with its Wilson interval, and each condition
     * against the baseline (relative increase, chi-square with Yates' correction, raw p, significance).
     */
    public static Table conditions(StudyAnalysis analysis, GroupAnalysis group) {
        List<RatingScale.Level> levels = analysis.levels();
        String success = successLabel(analysis);
        int confidence = (int) Math.round(analysis.confidenceLevel() * 100);
        List<String> headers = new ArrayList<>(List.of("condition", "n"));
        levels.forEach(l -> headers.add(l.label()));
        headers.addAll(List.of(success + " %", confidence + "% CI", "increase"));
        boolean bootstrapped = group.comparisons().stream().anyMatch(x -> x.relativeIncreaseInterval() != null);
        if (bootstrapped) {
            headers.add("increase " + confidence + "% CI");
        }
        headers.addAll(List.of("chi2", "p", "sig"));
        boolean unanswered = group.conditions().stream().anyMatch(c -> c.empty() + c.refused() > 0);
        if (unanswered) {
            headers.addAll(List.of("empty", "refused"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (ConditionSummary c : group.conditions()) {
            List<String> row = new ArrayList<>(List.of(c.condition(), Long.toString(c.n())));
            for (int i = 0; i < levels.size(); i++) {
                row.add(levelCount(analysis, c, i));
            }
            row.add(percent(c.share()));
            row.add(c.n() == 0 ? "n/a" : "[" + percent1(c.shareInterval().lower()) + ", "
                    + percent1(c.shareInterval().upper()) + "]");
            Optional<Comparison> comparison = group.comparisons().stream()
                    .filter(x -> x.condition().equals(c.condition())).findFirst();
            if (comparison.isPresent()) {
                Comparison x = comparison.get();
                TestResult test = x.fisher() != null ? x.fisher() : x.yates();
                row.add(increase(x.relativeIncrease()));
                if (bootstrapped) {
                    Interval ci = x.relativeIncreaseInterval();
                    row.add(ci == null ? "" : "[" + increase(ci.lower()) + ", " + increase(ci.upper()) + "]");
                }
                row.add(number(x.yates().statistic(), 2));
                row.add(p(test.p().raw()) + (x.fisher() != null ? " F" : ""));
                row.add(significance(test.p().raw()));
            } else {
                row.addAll(Collections.nCopies(bootstrapped ? 5 : 4, ""));
            }
            if (unanswered) {
                row.addAll(List.of(Long.toString(c.empty()), Long.toString(c.refused())));
            }
            rows.add(row);
        }
        String untestable = group.untestable().map(reason -> "Untestable: " + reason + "; no test in this group. ")
                .orElse("");
        return new Table(title(group), headers, rows, untestable + "n: replies rated; increase: relative increase in "
                + success + " over " + analysis.baseline() + (bootstrapped ? " (CI: paired bootstrap)" : "")
                + "; chi2: Pearson's chi-square with Yates' correction, " + success + " vs not, against "
                + analysis.baseline() + " (df 1); p: raw; F: Fisher's exact test, where an expected count is below 5; "
                + SIGNIFICANCE + "." + (unanswered ? " empty, refused: replies with nothing to rate, "
                + unansweredPolicy(analysis) + "." : "") + " " + ratedBy(analysis));
    }

    /**
     * One condition against the baseline in every emotion, with raw and Holm-corrected p-values (the family is the
     * condition's tests across the emotions); significance marks use the Holm-corrected value.
     */
    public static Table emotions(StudyAnalysis analysis, String condition) {
        String success = successLabel(analysis);
        String baseline = analysis.baseline();
        List<String> headers = List.of("emotion", "valence", "n", baseline + " " + success + " %",
                condition + " " + success + " %", "increase", "chi2", "p", "p (Holm)", "sig");
        List<List<String>> rows = new ArrayList<>();
        for (GroupAnalysis g : analysis.emotions()) {
            ConditionSummary c = g.condition(condition);
            Emotion emotion = ((Group.OfEmotion) g.group()).emotion();
            List<String> row = new ArrayList<>(List.of(emotion.label(), emotion.valence().label(),
                    Long.toString(c.n()), percent(g.condition(baseline).share()), percent(c.share())));
            if (g.untestable().isPresent()) {
                row.addAll(List.of("untestable", "", "", "", ""));
            } else {
                Comparison x = g.comparison(condition);
                TestResult test = x.fisher() != null ? x.fisher() : x.yates();
                row.addAll(List.of(increase(x.relativeIncrease()), number(x.yates().statistic(), 2),
                        p(test.p().raw()) + (x.fisher() != null ? " F" : ""), p(test.p().holm()),
                        significance(test.p().holm())));
            }
            rows.add(List.copyOf(row));
        }
        return new Table("By emotion: " + condition + " vs " + baseline, headers, rows,
                "p (Holm): corrected across the emotions that could be tested (the family of each test and condition),"
                        + " used by sig; F: Fisher's exact test, where an expected count is below 5 (computed and"
                        + " corrected in every emotion); untestable: a condition has no rating in the emotion; "
                        + SIGNIFICANCE + ". " + ratedBy(analysis));
    }

    /** The tests across all conditions (chi-square of conditions by levels, Kruskal-Wallis), overall and by valence. */
    public static Optional<Table> omnibus(StudyAnalysis analysis) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupAnalysis g : overallAndValences(analysis)) {
            Omnibus o = g.omnibus();
            if (o.chiSquare() == null && o.kruskalWallis() == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(g.group().label()));
            row.addAll(test(o.chiSquare()));
            row.add(o.cramersV() == null ? "" : number(o.cramersV(), 3));
            row.addAll(test(o.kruskalWallis()));
            rows.add(row);
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Table("Across all conditions", List.of("group", "chi2", "df", "p", "Cramér's V",
                "Kruskal-Wallis H", "df", "p"), rows, "chi2: Pearson's chi-square of the conditions by levels table;"
                + " Kruskal-Wallis: the rating codes as ranks; blank where the analysis lacks the data or the group is"
                + " untestable. " + ratedBy(analysis)));
    }

    /** Dunn's post-hoc test of every pair of conditions, overall, when the analysis had the individual ratings. */
    public static Optional<Table> dunn(StudyAnalysis analysis) {
        List<DunnPair> pairs = analysis.overall().omnibus().dunn();
        if (pairs == null || pairs.isEmpty()) {
            return Optional.empty();
        }
        List<List<String>> rows = pairs.stream().map(d -> List.of(d.first() + " vs " + d.second(),
                number(d.meanRankDifference(), 1), number(d.z(), 2), p(d.p().holm()), significance(d.p().holm())))
                .toList();
        return Optional.of(new Table("Pairs of conditions (Dunn), overall", List.of("pair", "mean rank difference",
                "z", "p (Holm)", "sig"), rows, "mean rank difference > 0: the first condition is rated higher; p"
                + " corrected across the pairs; " + SIGNIFICANCE + ". " + ratedBy(analysis)));
    }

    /**
     * The tests that use every level, not only success: chi-square of the 2 x levels table with Cramér's V, and
     * Mann-Whitney's U on the codes; each condition against the baseline, overall and by valence.
     */
    public static Optional<Table> ordinal(StudyAnalysis analysis) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupAnalysis g : overallAndValences(analysis)) {
            for (Comparison x : g.comparisons()) {
                if (x.levels() == null && x.mannWhitney() == null) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(g.group().label(), x.condition()));
                row.addAll(test(x.levels()));
                row.add(x.cramersV() == null ? "" : number(x.cramersV(), 3));
                row.add(x.mannWhitney() == null ? "" : number(x.mannWhitney().statistic(), 0));
                row.add(x.mannWhitney() == null ? "" : p(x.mannWhitney().p().raw()));
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Table("Every level against " + analysis.baseline(), List.of("group", "condition",
                "chi2", "df", "p", "Cramér's V", "Mann-Whitney U", "p"), rows, "chi2: Pearson's chi-square of the"
                + " 2 x levels table; Mann-Whitney: the rating codes of the condition against " + analysis.baseline()
                + "; p raw. " + ratedBy(analysis)));
    }

    /**
     * The paired tests of each condition against the baseline on the dialogues rated under both (McNemar on success,
     * Wilcoxon signed-rank and Stuart-Maxwell on the levels), overall and by valence, when the analysis had the
     * individual ratings.
     */
    public static Optional<Table> paired(StudyAnalysis analysis) {
        String success = successLabel(analysis);
        List<List<String>> rows = new ArrayList<>();
        for (GroupAnalysis g : overallAndValences(analysis)) {
            for (Comparison x : g.comparisons()) {
                PairedComparison pc = x.paired();
                if (pc == null) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(g.group().label(), x.condition(),
                        String.format(Locale.ROOT, "%,d", pc.pairs()), Long.toString(pc.conditionOnly()),
                        Long.toString(pc.baselineOnly()), number(pc.mcNemar().statistic(), 2),
                        p(pc.mcNemar().p().raw()), p(pc.mcNemar().p().holm()), significance(pc.mcNemar().p().holm()),
                        number(pc.wilcoxon().statistic(), 0), p(pc.wilcoxon().p().raw())));
                row.addAll(test(pc.stuartMaxwell()));
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String baseline = analysis.baseline();
        return Optional.of(new Table("Paired on the same dialogues, against " + baseline, List.of("group",
                "condition", "pairs", "b", "c", "McNemar", "p", "p (Holm)", "sig", "Wilcoxon V", "p",
                "Stuart-Maxwell", "df", "p"), rows, "pairs: dialogues whose replies were rated under both conditions"
                + " (one rating per reply); b: pairs where only the condition's reply is " + success + ", c: only "
                + baseline + "'s; McNemar: chi-square of " + success + " vs not from b and c, with continuity"
                + " correction; p (Holm): corrected within the"
                + " family of the kind of group (the valences together), used by sig; Wilcoxon signed-rank: the"
                + " level codes, condition minus " + baseline + " (V: sum of the ranks of positive differences),"
                + " normal approximation; Stuart-Maxwell: marginal homogeneity of the levels; " + SIGNIFICANCE + ". "
                + ratedBy(analysis)));
    }

    /** Cochran's Q and Friedman's test across all conditions on the dialogues rated under every one. */
    public static Optional<Table> pairedAcross(StudyAnalysis analysis) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupAnalysis g : overallAndValences(analysis)) {
            Omnibus o = g.omnibus();
            if (o.pairedDialogues() == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(g.group().label(),
                    String.format(Locale.ROOT, "%,d", o.pairedDialogues())));
            row.addAll(test(o.cochranQ()));
            row.addAll(test(o.friedman()));
            rows.add(row);
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Table("Paired across all conditions", List.of("group", "dialogues", "Cochran's Q",
                "df", "p", "Friedman chi2", "df", "p"), rows, "dialogues: rated under every condition; Cochran's Q: "
                + successLabel(analysis) + " vs not; Friedman: the level codes ranked within each dialogue; p raw. "
                + ratedBy(analysis)));
    }

    /**
     * The effect sizes of each condition against the baseline with their intervals, overall and by valence: risk
     * difference (Newcombe), risk ratio, odds ratio, Cliff's delta, phi and Cramér's V.
     */
    public static Table effects(StudyAnalysis analysis) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupAnalysis g : overallAndValences(analysis)) {
            for (Comparison x : g.comparisons()) {
                Effects e = x.effects();
                rows.add(List.of(g.group().label(), x.condition(), estimate(e.riskDifference(), true),
                        estimate(e.riskRatio(), false), estimate(e.oddsRatio(), false),
                        estimate(e.cliffsDelta(), false)));
            }
        }
        int confidence = (int) Math.round(analysis.confidenceLevel() * 100);
        String success = successLabel(analysis);
        return new Table("Effect sizes against " + analysis.baseline() + " (" + confidence + "% CI)", List.of("group",
                "condition", success + " difference", "risk ratio", "odds ratio", "Cliff's delta"), rows, success
                + " difference: share minus " + analysis.baseline() + "'s, in points (Newcombe's score interval);"
                + " risk ratio: shares' ratio (Katz log interval); odds ratio: Woolf interval; Cliff's delta:"
                + " P(condition rated higher) - P(lower) on the levels; blank where the analysis lacks the levels."
                + " Each reply counted once, the conditions taken as independent samples. " + ratedBy(analysis));
    }

    /**
     * Phi (success vs not) and Cramér's V (every level) of each condition against the baseline with their
     * noncentral chi-square intervals, overall and by valence, where the analysis computed them.
     */
    public static Optional<Table> association(StudyAnalysis analysis) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupAnalysis g : overallAndValences(analysis)) {
            for (Comparison x : g.comparisons()) {
                if (x.effects().phi() != null || x.effects().cramersV() != null) {
                    rows.add(List.of(g.group().label(), x.condition(), estimate(x.effects().phi(), false),
                            estimate(x.effects().cramersV(), false)));
                }
            }
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        int confidence = (int) Math.round(analysis.confidenceLevel() * 100);
        return Optional.of(new Table("Association with " + analysis.baseline() + " (" + confidence + "% CI)",
                List.of("group", "condition", "phi", "Cramér's V"), rows, "phi: of the 2 x 2 table of "
                + successLabel(analysis) + " vs not; Cramér's V: of the 2 x levels table; intervals from inverting"
                + " the noncentral chi-square (computed overall and by valence, not per emotion). "
                + ratedBy(analysis)));
    }

    /**
     * The power of each comparison's 2x2 test at the observed group sizes and its minimum detectable difference, and
     * with a margin the equivalence (TOST) and non-inferiority tests; overall and by valence.
     */
    public static Table power(StudyAnalysis analysis) {
        boolean margin = analysis.margin().isPresent();
        String success = successLabel(analysis);
        List<List<String>> rows = new ArrayList<>();
        double alpha = 1 - analysis.confidenceLevel();
        for (GroupAnalysis g : overallAndValences(analysis)) {
            for (Comparison x : g.comparisons()) {
                Power pw = x.power();
                alpha = pw.alpha();
                List<String> row = new ArrayList<>(List.of(g.group().label(), x.condition(),
                        points(x.shareDifference()),
                        number(pw.power(), 3), pw.minimumDetectableDifference() == null ? "none"
                                : points(pw.minimumDetectableDifference())));
                if (margin) {
                    Equivalence e = x.equivalence();
                    row.addAll(List.of(pointsInterval(e.interval()), p(e.p()), e.equivalent() ? "yes" : "no",
                            p(e.nonInferiorityP()), e.nonInferior() ? "yes" : "no"));
                }
                rows.add(row);
            }
        }
        List<String> headers = new ArrayList<>(List.of("group", "condition", success + " difference", "power",
                "MDD (80%)"));
        String note = String.format(Locale.ROOT, "%s difference: share minus %s's, in points; power: of the 2 x 2 test"
                + " with Yates' correction at alpha %s at these group sizes, if the observed difference were the true"
                + " one (post hoc); MDD: the smallest rise over %s's share the test detects with power 0.8 at these"
                + " sizes, in points (none: no rise does).", success, analysis.baseline(), number(alpha, 3),
                analysis.baseline());
        if (margin) {
            double m = analysis.margin().getAsDouble();
            int level = (int) Math.round((1 - 2 * alpha) * 100);
            headers.addAll(List.of(level + "% CI", "TOST p", "equivalent", "non-inferiority p", "non-inferior"));
            note += String.format(Locale.ROOT, " Margin %s points: equivalent when the %d%% Wald interval lies within"
                    + " +-%s (two one-sided tests at alpha %s); non-inferior when the condition is shown at most %s"
                    + " points below %s (one-sided test); p raw, not corrected across groups.", points(m).substring(1),
                    level, points(m).substring(1), number(alpha, 3), points(m).substring(1), analysis.baseline());
        }
        return new Table("Power" + (margin ? " and equivalence" : "") + " against " + analysis.baseline(), headers,
                rows, note + " " + ratedBy(analysis));
    }

    /**
     * The rater-aware estimates of each condition against the baseline, overall, from the individual ratings:
     * logistic regression with model-based, clustered and two-way standard errors, the cluster bootstrap of the
     * difference in share, and the mixed model.
     */
    public static Optional<Table> raterAware(StudyAnalysis analysis) {
        if (analysis.raterAware().isEmpty()) {
            return Optional.empty();
        }
        RaterAware r = analysis.raterAware().get();
        int confidence = (int) Math.round(analysis.confidenceLevel() * 100);
        String success = successLabel(analysis);
        List<List<String>> rows = new ArrayList<>();
        for (int c = 1; c < r.conditions().size(); c++) {
            String condition = r.conditions().get(c);
            logitRow(rows, condition, "logit, ratings independent", r.modelBased(), c);
            logitRow(rows, condition, "logit, clustered by " + r.clusteredBy(), r.clustered(), c);
            logitRow(rows, condition, "logit, two-way (rater, dialogue)", r.twoWay(), c);
            if (r.clusterBootstrap() != null) {
                ShareEstimate d = r.clusterBootstrap().differences().get(c - 1);
                rows.add(List.of(condition, "cluster bootstrap by rater", "", "", "", "", "",
                        points(d.estimate()) + " " + pointsInterval(d.interval())));
            }
            if (r.mixedModel() != null) {
                CumulativeLinkMixedModel.Coefficient e = r.mixedModel().effect(c);
                rows.add(List.of(condition, "mixed model (cumulative logit)", number(e.estimate(), 3),
                        number(e.standardError(), 3), number(e.z(), 2), p(e.p()), ratioInterval(Math.exp(e.estimate()),
                        Math.exp(e.interval().lower()), Math.exp(e.interval().upper())), ""));
            }
        }
        String mixed = r.mixedModel() == null ? "" : String.format(Locale.ROOT, " Mixed model: levels ~ condition +"
                + " (1 | rater) + (1 | dialogue), cumulative logit (as R ordinal::clmm); rater SD %.3f, dialogue SD"
                + " %.3f.", r.mixedModel().rater().standardDeviation(), r.mixedModel().dialogue().standardDeviation());
        return Optional.of(new Table(String.format(Locale.ROOT, "Rater-aware estimates against %s, overall (%,d"
                + " ratings, %,d %ss)", analysis.baseline(), r.ratings(), r.clusters(), r.clusteredBy()),
                List.of("condition", "estimate", "log OR", "SE", "z", "p", "OR " + confidence + "% CI",
                        success + " difference " + confidence + "% CI"), rows, "From " + r.unit() + "; log OR: log"
                + " odds ratio of " + success + " (of a higher level for the mixed model) against "
                + analysis.baseline() + "; the same logistic regression with three standard errors;"
                + " differences in points." + mixed + (r.notes().isEmpty() ? "" : " Notes: "
                + String.join("; ", r.notes()) + ".") + " " + ratedBy(analysis)));
    }

    private static void logitRow(List<List<String>> rows, String condition, String estimator,
            List<LogitEffect> effects, int c) {
        if (effects == null) {
            return;
        }
        LogitEffect e = effects.get(c - 1);
        double z = (e.interval().upper() - e.coefficient()) / e.standardError();
        double d = e.shareDifference();
        double se = e.shareDifferenceStandardError();
        rows.add(List.of(condition, estimator, number(e.coefficient(), 3), number(e.standardError(), 3),
                number(e.z(), 2), p(e.p()), ratioInterval(e.oddsRatio(), e.oddsRatioInterval().lower(),
                        e.oddsRatioInterval().upper()), points(d) + " " + pointsInterval(new Interval(d - z * se,
                        d + z * se))));
    }

    private static String estimate(Estimate e, boolean asPoints) {
        if (e == null) {
            return "";
        }
        return asPoints ? points(e.value()) + " " + pointsInterval(e.interval())
                : ratioInterval(e.value(), e.interval().lower(), e.interval().upper());
    }

    private static String ratioInterval(double value, double lower, double upper) {
        return number(value, 3) + " [" + number(lower, 3) + ", " + number(upper, 3) + "]";
    }

    private static String points(double difference) {
        return Double.isNaN(difference) ? "n/a" : String.format(Locale.ROOT, "%+.1f", difference * 100);
    }

    private static String pointsInterval(Interval i) {
        return "[" + points(i.lower()) + ", " + points(i.upper()) + "]";
    }

    /** The significance mark of a p-value: {@code ***}, {@code **}, {@code *}, {@code ns}, or empty when undefined. */
    public static String significance(double p) {
        if (Double.isNaN(p)) {
            return "";
        }
        return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : "ns";
    }

    /** A p-value: three decimals, or two significant digits in scientific notation below 0.001. */
    public static String p(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    /** A share as a percentage with two decimals, such as {@code 64.75%}. */
    public static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    /** A relative increase as a signed percentage with one decimal, such as {@code +31.3%}. */
    public static String increase(double relative) {
        if (Double.isNaN(relative)) {
            return "n/a";
        }
        if (Double.isInfinite(relative)) {
            return relative > 0 ? "+inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%+.1f%%", relative * 100);
    }

    /** A number with the given decimals, {@code n/a} when undefined. */
    public static String number(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** The title of a group: {@code Overall}, {@code Positive emotions}, ... with its number of dialogues. */
    static String title(GroupAnalysis group) {
        String name;
        if (group.group() instanceof Group.OfValence v) {
            name = v.valence() == Valence.POSITIVE ? "Positive emotions" : "Negative emotions";
        } else if (group.group() instanceof Group.OfEmotion e) {
            name = "Emotion: " + e.emotion().label();
        } else {
            name = "Overall";
        }
        name = group.dialogues() == null ? name : name + String.format(Locale.ROOT, " (%,d dialogues)",
                group.dialogues());
        return group.untestable().isPresent() ? name + ", untestable" : name;
    }

    /**
     * Who rated, for a table's note: each rater source with its conditions and how a reply's several ratings
     * became one, such as {@code Rated by LLM judge openai:gpt-4o (human, gpt-4), one rating per reply.}; from
     * counts alone, {@code Rated by: not recorded (counts).}
     */
    public static String ratedBy(StudyAnalysis analysis) {
        if (analysis.raters().isEmpty()) {
            return "Rated by: not recorded (counts).";
        }
        return "Rated by " + analysis.raters().stream().map(r -> r.description() + " (" + String.join(", ",
                r.conditions()) + "), " + (r.maxRatingsPerReply() > 1 ? "the " + r.perReply() + " of up to "
                + r.maxRatingsPerReply() + " ratings per reply" : "one rating per reply"))
                .collect(Collectors.joining("; ")) + ".";
    }

    /** What empty replies and refusals counted as, such as {@code counted as the lowest level}. */
    static String unansweredPolicy(StudyAnalysis analysis) {
        return analysis.unanswered().equals("exclude") ? "left out of n" : "counted as the lowest level";
    }

    /** The name of the success levels, such as {@code Good}. */
    static String successLabel(StudyAnalysis analysis) {
        return analysis.levels().stream().filter(l -> analysis.successLevels().contains(l.code()))
                .map(RatingScale.Level::label).collect(Collectors.joining("/"));
    }

    private static List<GroupAnalysis> overallAndValences(StudyAnalysis analysis) {
        List<GroupAnalysis> groups = new ArrayList<>();
        groups.add(analysis.overall());
        groups.addAll(analysis.valences());
        return groups;
    }

    private static String levelCount(StudyAnalysis analysis, ConditionSummary c, int level) {
        if (c.counts() != null) {
            return Long.toString(c.counts().get(level));
        }
        boolean onlySuccess = analysis.successLevels().size() == 1
                && analysis.successLevels().get(0) == analysis.levels().get(level).code();
        return onlySuccess ? Long.toString(c.successes()) : "";
    }

    private static List<String> test(TestResult t) {
        return t == null ? List.of("", "", "") : List.of(number(t.statistic(), 2), Integer.toString(t.df()),
                p(t.p().raw()));
    }

    private static String percent1(double share) {
        return String.format(Locale.ROOT, "%.1f", share * 100);
    }
}
