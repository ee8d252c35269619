package io.github.empathy4j.report;

import io.github.empathy4j.stats.AdjustedLogit;
import io.github.empathy4j.stats.Estimate;
import io.github.empathy4j.stats.JudgeDiagnostics;
import io.github.empathy4j.stats.agreement.KendallTau;
import io.github.empathy4j.stats.LengthPreference;
import io.github.empathy4j.stats.PairwiseAnalysis;
import io.github.empathy4j.stats.PairwiseSelfPreference;
import io.github.empathy4j.stats.ShareEstimate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tables of the judge diagnostics ({@link JudgeDiagnostics}), one row per judge so that several judges of the
 * same replies can be compared, and the position bias and self-preference of judges with pairwise verdicts.
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
        return Double.isNaN(p) ? "n/a" : p < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    /**
     * The position and length bias of judges with pairwise verdicts: per judge, the pairs judged in both orders, the
     * inconsistent and flipped ones with the inconsistent share, the share of decided single verdicts won by the reply
     * shown first with its exact binomial test against 1/2, and the same for the longer reply.
     *
     * @param lengths each judge's length preference, by judge; a judge without one shows n/a
     */
    public static Table positionBias(List<PairwiseAnalysis> judges, Map<String, LengthPreference> lengths) {
        List<List<String>> rows = new ArrayList<>();
        for (PairwiseAnalysis a : judges) {
            PairwiseAnalysis.PositionBias b = a.positionBias();
            LengthPreference l = lengths.get(a.judge());
            rows.add(List.of(a.judge(), Integer.toString(b.pairs()), Integer.toString(b.inconsistent()),
                    Integer.toString(b.flipped()), percent(b.inconsistentShare()), Integer.toString(b.decidedVerdicts()),
                    percent(b.firstWinShare()), p(b.firstWinP()), l == null ? "n/a" : percent(l.longerWinShare()),
                    l == null ? "n/a" : p(l.p())));
        }
        return new Table("Position bias in pairwise verdicts", List.of("judge", "pairs", "inconsistent", "flipped",
                "flip share", "decided verdicts", "first shown wins", "first-position p", "longer wins",
                "length p"), rows,
                "Each pair judged in both orders. Inconsistent: the verdict changes with the order (counted as a tie);"
                        + " flipped: the two orders name opposite replies. First shown wins: among single verdicts"
                        + " that chose a reply, the share won by the reply shown first (95% Wilson interval), tested"
                        + " against 1/2 with the exact binomial test. Longer wins: the same for the longer reply, among"
                        + " verdicts on replies of different lengths (an association: longer may also be better).");
    }

    /**
     * The self-preference of judges with pairwise verdicts ({@link PairwiseSelfPreference}): per judge, a row for its
     * own family and one for LLM replies over human ones, each with the pairs, the judge's and the crowd's mean score
     * of the focal reply and their difference with its bootstrap interval, or why it is not available.
     */
    public static Table pairwiseSelfPreference(List<PairwiseSelfPreference> judges) {
        List<List<String>> rows = new ArrayList<>();
        for (PairwiseSelfPreference s : judges) {
            rows.add(preference(s.judge(), "own family (" + s.family() + ")", s.ownFamily()));
            rows.add(preference(s.judge(), "LLM over human", s.llmOverHuman()));
        }
        String bootstrap = judges.isEmpty() ? "" : String.format(Locale.ROOT, " [%d%% percentile bootstrap intervals"
                + " over dialogues, %,d resamples, seed %d.]", Math.round(judges.get(0).confidenceLevel() * 100),
                judges.get(0).bootstrapResamples(), judges.get(0).seed());
        return new Table("Self-preference in pairwise verdicts", List.of("judge", "focal reply", "pairs",
                "judge score", "crowd score", "judge - crowd"), rows, "On the pairs judged in both orders whose two"
                        + " replies both have crowd ratings. Score of the focal reply: 1 won, 0.5 tie, 0 lost; the"
                        + " judge's outcome needs both orders (a flip is a tie), the crowd's compares its ratings"
                        + " (majority of several) of the two replies. Own family: the reply of the judge's family"
                        + " against another author's; LLM over human: the LLM reply against the human one. Positive"
                        + " judge - crowd: the judge favours its family (or LLMs) more than the crowd did." + bootstrap);
    }

    private static List<String> preference(String judge, String focal, PairwiseSelfPreference.Preference p) {
        if (!p.unavailable().isEmpty()) {
            return List.of(judge, focal, Integer.toString(p.pairs()), "n/a", "n/a", "not available: "
                    + p.unavailable());
        }
        Estimate d = p.difference();
        return List.of(judge, focal, Integer.toString(p.pairs()), String.format(Locale.ROOT, "%.3f", p.judgeScore()),
                String.format(Locale.ROOT, "%.3f", p.crowdScore()), Double.isNaN(d.interval().lower())
                        ? String.format(Locale.ROOT, "%+.3f", d.value()) : String.format(Locale.ROOT,
                                "%+.3f [%+.3f, %+.3f]", d.value(), d.interval().lower(), d.interval().upper()));
    }

    private static String percent(ShareEstimate s) {
        return Double.isNaN(s.estimate()) ? "n/a" : String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]",
                100 * s.estimate(), 100 * s.interval().lower(), 100 * s.interval().upper());
    }
}
