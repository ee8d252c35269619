package io.github.empathy4j.report;

import io.github.empathy4j.stats.AdjustedLogit;
import io.github.empathy4j.stats.Estimate;
import io.github.empathy4j.stats.JudgeDiagnostics;
import io.github.empathy4j.stats.KendallTau;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables of the judge diagnostics ({@link JudgeDiagnostics}), one row per judge so that several judges of the
 * same replies can be compared; a column of pairwise position bias is added with {@link Table#withColumn} where a
 * judge also judged pairs.
 */
public final class JudgeTables {

    private JudgeTables() {
    }

    /**
     * The judges against the crowd: agreement beside the human-human ceiling, length association and
     * self-preference, each with its bootstrap interval.
     */
    public static Table agreement(List<JudgeDiagnostics> judges) {
        List<List<String>> rows = new ArrayList<>();
        Set<String> unavailable = new LinkedHashSet<>();
        for (JudgeDiagnostics d : judges) {
            JudgeDiagnostics.Ceiling c = d.ceiling();
            if (!c.unavailable().isEmpty()) {
                unavailable.add(c.unavailable());
            }
            rows.add(List.of(d.judge(), d.family(), Integer.toString(d.crowdReplies()), estimate(d.alphaOrdinal()),
                    estimate(d.quadraticKappa()), c.alphaOrdinal() == null ? "n/a" : estimate(c.alphaOrdinal()),
                    tau(d.judgeLength()), tau(d.crowdLength()), estimate(d.selfPreference().meanDifference()),
                    estimate(d.selfPreference().gapDifference())));
        }
        double confidence = judges.isEmpty() ? 0.95 : judges.get(0).confidenceLevel();
        String note = String.format(Locale.ROOT, "On the replies rated by the judge and the crowd. alpha: Krippendorff's"
                + " alpha (ordinal); kappa: Cohen's, quadratic weights; ceiling: alpha among the crowd's own repeated"
                + " ratings; tau: Kendall's tau-b of rating with length in words (p); own family: the judge's mean"
                + " rating of its family's replies minus the crowd's; LLM gap: the judge's LLM-minus-human gap in mean"
                + " rating minus the crowd's. [%d%% bootstrap intervals over dialogues.]", Math.round(confidence * 100))
                + (unavailable.isEmpty() ? "" : " Ceiling n/a: " + String.join("; ", unavailable) + ".");
        return new Table("Judges against the crowd", List.of("judge", "family", "replies", "alpha", "kappa",
                "ceiling alpha", "tau length judge", "tau length crowd", "own family", "LLM gap"), rows, note);
    }

    /** Each judge's comparison of every condition with the baseline, without and with log length. */
    public static Table lengthAdjusted(List<JudgeDiagnostics> judges) {
        List<List<String>> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JudgeDiagnostics d : judges) {
            if (!d.lengthAdjustedProblem().isEmpty()) {
                problems.add(d.judge() + ": " + d.lengthAdjustedProblem());
            }
            for (JudgeDiagnostics.LengthAdjustment a : d.lengthAdjusted()) {
                rows.add(List.of(d.judge(), a.condition(), term(a.judge()), term(a.judgeAdjusted()), term(a.crowd()),
                        term(a.crowdAdjusted())));
            }
        }
        return new Table("Against the baseline, with and without reply length", List.of("judge", "condition",
                "judge", "judge, length-adjusted", "crowd", "crowd, length-adjusted"), rows, "Log odds ratio of Good"
                        + " against the baseline (p, cluster-robust by dialogue); adjusted: with log(1 + words) as a"
                        + " covariate. An advantage that shrinks with the adjustment under the judge but not under the"
                        + " crowd is one the judge gives for length." + (problems.isEmpty() ? ""
                                : " " + String.join(" ", problems)));
    }

    private static String estimate(Estimate e) {
        if (Double.isNaN(e.value())) {
            return "n/a";
        }
        return Double.isNaN(e.interval().lower()) ? String.format(Locale.ROOT, "%.3f", e.value())
                : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.interval().lower(),
                        e.interval().upper());
    }

    private static String tau(KendallTau t) {
        return Double.isNaN(t.tauB()) ? "n/a" : String.format(Locale.ROOT, "%.3f (%s)", t.tauB(), p(t.p()));
    }

    private static String term(AdjustedLogit.Term t) {
        return String.format(Locale.ROOT, "%+.3f (%s)", t.coefficient(), p(t.p()));
    }

    private static String p(double p) {
        return p < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}
