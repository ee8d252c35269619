package io.github.empathy4j.stats;

import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.stats.agreement.Agreement;
import io.github.empathy4j.stats.agreement.ConfusionMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * How far an absolute LLM judge can stand in for the crowd on the same replies: its agreement with the crowd beside
 * the crowd's agreement with itself (the human-human ceiling), its association with reply length, and whether it
 * prefers replies of its own model family, or LLM replies over human ones, more than the crowd did.
 *
 * <ul>
 *   <li><b>Agreement:</b> Krippendorff's alpha (ordinal) and Cohen's kappa with quadratic weights between the
 *       judge's rating and the crowd's rating of each reply ({@link Agreement}); a reply with several crowd ratings
 *       counts with their majority ({@link Combination#MAJORITY}, ties to the lower level), as the analysis
 *       does.</li>
 *   <li><b>Ceiling:</b> Krippendorff's alpha (ordinal) among the crowd's ratings of the replies with two or more;
 *       not available when no reply has two (the 2024 release has one crowd rating per reply), with the reason.</li>
 *   <li><b>Length:</b> Kendall's tau-b of the judge's ratings with the replies' lengths in words, and of the crowd's,
 *       with their tests ({@link KendallTau}): a judge that rewards length more than the crowd did shows a larger
 *       tau than the crowd's.</li>
 *   <li><b>Length-adjusted comparison:</b> each condition against the baseline in the logistic regression of the
 *       top level ("Good") on condition, clustered by dialogue ({@link ClusteredLogit#clustered}), and again with the
 *       log of the length in words (plus one) as a covariate ({@link AdjustedLogit}), for the judge on every reply and
 *       for the crowd on the replies it rated: a condition whose advantage under the judge shrinks with length in
 *       the model, and not under the crowd, is favoured by the judge for its length.</li>
 *   <li><b>Self-preference:</b> on the replies of the judge's own family, the judge's mean rating minus the crowd's,
 *       and its share of the top level minus the crowd's; and on the dialogues with a human reply and an LLM reply,
 *       the judge's LLM-minus-human gap in mean rating minus the crowd's gap on the same replies. Positive values:
 *       the judge favours its family, or LLMs, more than the crowd did.</li>
 * </ul>
 * Every estimate comes with a percentile bootstrap interval that resamples dialogues with replacement (each with
 * all its replies), seeded, as R {@code quantile(type = 7)}; resamples where a statistic is undefined are left out
 * of its interval. Only replies with a crowd rating enter the agreement, the ceiling, the crowd's length
 * association and the self-preference; the judge's length association uses every reply.
 *
 * <p>JSON fields: as the components; {@link Estimate}s with {@code NaN} where undefined.
 *
 * @param judge the judge
 * @param family the judge's model family
 * @param replies the replies the judge rated
 * @param crowdReplies those with at least one crowd rating
 * @param dialogues the dialogues of the replies
 * @param confidenceLevel the confidence level of every interval
 * @param bootstrapResamples the bootstrap resamples
 * @param seed the bootstrap's seed
 * @param alphaOrdinal Krippendorff's alpha (ordinal), judge against the crowd
 * @param quadraticKappa Cohen's kappa with quadratic weights, judge against the crowd
 * @param ceiling the human-human ceiling
 * @param judgeLength Kendall's tau-b of the judge's ratings with length
 * @param crowdLength Kendall's tau-b of the crowd's ratings with length, on the replies with a crowd rating
 * @param selfPreference the judge's preference for its own family and for LLMs, against the crowd's
 * @param lengthAdjusted each condition against the baseline, unadjusted and adjusted for log length; empty when the
 *     regressions have no finite estimate
 * @param lengthAdjustedProblem why {@code lengthAdjusted} is empty, else empty
 */
public record JudgeDiagnostics(String judge, String family, int replies, int crowdReplies, int dialogues,
        double confidenceLevel, int bootstrapResamples, long seed, Estimate alphaOrdinal, Estimate quadraticKappa,
        Ceiling ceiling, KendallTau judgeLength, KendallTau crowdLength, SelfPreference selfPreference,
        List<LengthAdjustment> lengthAdjusted, String lengthAdjustedProblem) {

    /** The author of a human reply. */
    public static final String HUMAN = "human";

    public JudgeDiagnostics {
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(ceiling, "ceiling");
        Objects.requireNonNull(selfPreference, "selfPreference");
        lengthAdjusted = List.copyOf(lengthAdjusted);
        Objects.requireNonNull(lengthAdjustedProblem, "lengthAdjustedProblem");
    }

    /**
     * One condition against the baseline in the regressions of the top level on condition, without and with log
     * length: log odds ratios with cluster-robust (by dialogue) p-values.
     *
     * @param condition the condition
     * @param judge the judge's, without length
     * @param judgeAdjusted the judge's, with log length
     * @param crowd the crowd's, without length, on the replies it rated
     * @param crowdAdjusted the crowd's, with log length
     */
    public record LengthAdjustment(String condition, AdjustedLogit.Term judge, AdjustedLogit.Term judgeAdjusted,
            AdjustedLogit.Term crowd, AdjustedLogit.Term crowdAdjusted) {
    }

    /**
     * The crowd's agreement with itself.
     *
     * @param replies the replies with two or more crowd ratings
     * @param alphaOrdinal Krippendorff's alpha (ordinal) among their crowd ratings; {@code null} when not available
     * @param unavailable why there is no ceiling, empty when there is one
     */
    public record Ceiling(int replies, Estimate alphaOrdinal, String unavailable) {
    }

    /**
     * The judge's preference for its own family and for LLM replies, against the crowd's on the same replies.
     *
     * @param family the judge's family
     * @param ownReplies the replies of that family with a crowd rating
     * @param meanDifference the judge's mean rating of them minus the crowd's
     * @param topShareDifference the judge's share of the top level among them minus the crowd's
     * @param gapDialogues the dialogues with a human and an LLM reply, all with crowd ratings
     * @param judgeGap the judge's mean rating of their LLM replies minus its mean of their human replies
     * @param crowdGap the same for the crowd
     * @param gapDifference {@code judgeGap - crowdGap}
     */
    public record SelfPreference(String family, int ownReplies, Estimate meanDifference, Estimate topShareDifference,
            int gapDialogues, double judgeGap, double crowdGap, Estimate gapDifference) {
    }

    /**
     * The diagnostics of one judge.
     *
     * @param judge the judge's name
     * @param family the judge's model family, as the replies' {@link JudgedReply#author()} names families
     * @param replies the replies it rated, each once
     * @param baseline the condition the others are compared with in the length-adjusted comparison
     * @param dimension the rated dimension, for its levels
     * @param confidence the intervals' confidence level, in (0, 1)
     * @param resamples the bootstrap resamples, 0 for none (intervals {@code NaN})
     * @param seed the bootstrap's seed
     * @throws IllegalArgumentException for no replies, a level code outside the dimension (naming the reply),
     *     negative resamples or a confidence outside (0, 1)
     */
    public static JudgeDiagnostics of(String judge, String family, List<JudgedReply> replies, String baseline,
            RatingScale.Dimension dimension, double confidence, int resamples, long seed) {
        Interval.checkConfidence(confidence);
        if (resamples < 0) {
            throw new IllegalArgumentException("bootstrap resamples " + resamples + " is negative");
        }
        if (replies.isEmpty()) {
            throw new IllegalArgumentException("judge " + judge + " rated no reply");
        }
        Map<String, List<Unit>> byDialogue = new LinkedHashMap<>();
        for (JudgedReply r : replies) {
            check(dimension, r, r.judge());
            r.crowd().forEach(c -> check(dimension, r, c));
            Integer crowd = r.crowd().isEmpty() ? null : Combination.MAJORITY.combine(r.crowd(), dimension);
            byDialogue.computeIfAbsent(r.dialogueId(), d -> new ArrayList<>()).add(new Unit(r, crowd));
        }
        List<List<Unit>> dialogues = List.copyOf(byDialogue.values());
        Statistics all = new Statistics(dialogues, family, dimension);
        double[][] resampled = new double[STATISTICS][resamples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            List<List<Unit>> draw = new ArrayList<>(dialogues.size());
            for (int d = 0; d < dialogues.size(); d++) {
                draw.add(dialogues.get(Bootstrap.index(random, dialogues.size())));
            }
            double[] values = new Statistics(draw, family, dimension).values();
            for (int s = 0; s < STATISTICS; s++) {
                resampled[s][b] = values[s];
            }
        }
        double[] values = all.values();
        Estimate[] estimates = new Estimate[STATISTICS];
        for (int s = 0; s < STATISTICS; s++) {
            Interval interval = resamples == 0 ? new Interval(Double.NaN, Double.NaN)
                    : Bootstrap.interval(resampled[s], confidence);
            estimates[s] = new Estimate(values[s], interval, confidence);
        }
        Ceiling ceiling = all.ceilingReplies == 0 ? new Ceiling(0, null, "no reply has two or more crowd ratings"
                + " (the 2024 release has one per reply); collect repeated ratings with the study server")
                : new Ceiling(all.ceilingReplies, estimates[2], "");
        SelfPreference self = new SelfPreference(family, all.ownReplies, estimates[3], estimates[4],
                all.gapDialogues, all.judgeGap, all.crowdGap, estimates[5]);
        List<Unit> units = dialogues.stream().flatMap(List::stream).toList();
        List<Unit> withCrowd = units.stream().filter(u -> u.crowd != null).toList();
        List<LengthAdjustment> adjusted = new ArrayList<>();
        String problem = "";
        try {
            adjusted = lengthAdjusted(units, withCrowd, baseline, dimension.max(), confidence);
        } catch (IllegalArgumentException e) {
            problem = "no length-adjusted comparison: " + e.getMessage();
        }
        return new JudgeDiagnostics(judge, family, units.size(), withCrowd.size(), dialogues.size(), confidence,
                resamples, seed, estimates[0], estimates[1], ceiling,
                KendallTau.of(column(units, u -> u.reply.length()), column(units, u -> u.reply.judge())),
                KendallTau.of(column(withCrowd, u -> u.reply.length()), column(withCrowd, u -> u.crowd)), self,
                adjusted, problem);
    }

    /** The comparisons without and with log length, for the judge and the crowd. */
    private static List<LengthAdjustment> lengthAdjusted(List<Unit> units, List<Unit> withCrowd, String baseline,
            int top, double confidence) {
        List<String> conditions = new ArrayList<>();
        conditions.add(baseline);
        units.forEach(u -> {
            if (!conditions.contains(u.reply.condition())) {
                conditions.add(u.reply.condition());
            }
        });
        List<AdjustedLogit.Term> judge = regression(units, conditions, u -> u.reply.judge() == top, false, confidence);
        List<AdjustedLogit.Term> judgeAdjusted = regression(units, conditions, u -> u.reply.judge() == top, true,
                confidence);
        List<AdjustedLogit.Term> crowd = regression(withCrowd, conditions, u -> u.crowd == top, false, confidence);
        List<AdjustedLogit.Term> crowdAdjusted = regression(withCrowd, conditions, u -> u.crowd == top, true,
                confidence);
        List<LengthAdjustment> adjustments = new ArrayList<>();
        for (int c = 1; c < conditions.size(); c++) {
            adjustments.add(new LengthAdjustment(conditions.get(c), judge.get(c - 1), judgeAdjusted.get(c - 1),
                    crowd.get(c - 1), crowdAdjusted.get(c - 1)));
        }
        return adjustments;
    }

    /** One regression of success on condition, with {@code log(1 + length)} when {@code adjusted}. */
    private static List<AdjustedLogit.Term> regression(List<Unit> units, List<String> conditions,
            java.util.function.Predicate<Unit> success, boolean adjusted, double confidence) {
        int n = units.size();
        int[] condition = new int[n];
        int[] y = new int[n];
        int[] cluster = new int[n];
        double[] length = new double[n];
        Map<String, Integer> dialogueIds = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Unit u = units.get(i);
            condition[i] = conditions.indexOf(u.reply.condition());
            if (condition[i] < 0) {
                throw new IllegalArgumentException("the crowd rated condition " + u.reply.condition()
                        + ", which the judge did not");
            }
            y[i] = success.test(u) ? 1 : 0;
            cluster[i] = dialogueIds.computeIfAbsent(u.reply.dialogueId(), d -> dialogueIds.size());
            length[i] = Math.log1p(u.reply.length());
        }
        if (adjusted) {
            return AdjustedLogit.fit(condition, length, y, cluster, confidence);
        }
        return ClusteredLogit.clustered(condition, y, cluster, confidence).stream().map(e -> new AdjustedLogit.Term(
                "condition " + e.condition(), e.coefficient(), e.standardError(), e.z(), e.p(), e.interval()))
                .toList();
    }

    private static void check(RatingScale.Dimension dimension, JudgedReply r, int code) {
        if (!dimension.contains(code)) {
            throw new IllegalArgumentException("reply of " + r.condition() + " to " + r.dialogueId() + ": level "
                    + code + " is not a level of " + dimension.id() + " (" + dimension.describe() + ")");
        }
    }

    private static double[] column(List<Unit> units, ToDoubleFunction<Unit> value) {
        return units.stream().mapToDouble(value).toArray();
    }

    /** A reply with its crowd rating (the majority of several), or {@code null} without one. */
    private record Unit(JudgedReply reply, Integer crowd) {
    }

    private static final int STATISTICS = 6;

    /** The statistics of a set of dialogues (all, or a resample), in the order of {@link #values()}. */
    private static final class Statistics {

        private final double alpha;
        private final double kappa;
        private final double ceiling;
        private final int ceilingReplies;
        private final int ownReplies;
        private final double ownMean;
        private final double ownTop;
        private final int gapDialogues;
        private final double judgeGap;
        private final double crowdGap;

        Statistics(List<List<Unit>> dialogues, String family, RatingScale.Dimension dimension) {
            int levels = dimension.levels().size();
            long[][] table = new long[levels][levels];
            List<double[]> crowdUnits = new ArrayList<>();
            int top = dimension.max();
            double ownSum = 0;
            double ownTopSum = 0;
            int own = 0;
            double[] gapSums = new double[4];
            int[] gapCounts = new int[2];
            int gaps = 0;
            for (List<Unit> dialogue : dialogues) {
                boolean human = false;
                boolean llm = false;
                boolean complete = true;
                for (Unit u : dialogue) {
                    if (u.crowd == null) {
                        complete = false;
                        continue;
                    }
                    table[dimension.indexOf(u.crowd)][dimension.indexOf(u.reply.judge())]++;
                    if (u.reply.crowd().size() >= 2) {
                        crowdUnits.add(u.reply.crowd().stream().mapToDouble(Integer::doubleValue).toArray());
                    }
                    if (u.reply.author().equals(family)) {
                        own++;
                        ownSum += u.reply.judge() - u.crowd;
                        ownTopSum += (u.reply.judge() == top ? 1 : 0) - (u.crowd == top ? 1 : 0);
                    }
                    human |= u.reply.author().equals(HUMAN);
                    llm |= !u.reply.author().equals(HUMAN);
                }
                if (human && llm && complete) {
                    gaps++;
                    for (Unit u : dialogue) {
                        int g = u.reply.author().equals(HUMAN) ? 0 : 1;
                        gapSums[2 * g] += u.reply.judge();
                        gapSums[2 * g + 1] += u.crowd;
                        gapCounts[g]++;
                    }
                }
            }
            List<List<Long>> counts = new ArrayList<>();
            long units = 0;
            for (long[] row : table) {
                counts.add(Arrays.stream(row).boxed().toList());
                units += Arrays.stream(row).sum();
            }
            ConfusionMatrix matrix = new ConfusionMatrix(dimension.levels().stream().map(RatingScale.Level::code)
                    .toList(), counts);
            alpha = Agreement.krippendorffAlpha(matrix, Agreement.Metric.ORDINAL);
            kappa = units == 0 ? Double.NaN : Agreement.cohensKappa(matrix, Agreement.Weights.QUADRATIC);
            ceilingReplies = crowdUnits.size();
            ceiling = Agreement.krippendorffAlpha(crowdUnits.toArray(new double[0][]), Agreement.Metric.ORDINAL);
            ownReplies = own;
            ownMean = own == 0 ? Double.NaN : ownSum / own;
            ownTop = own == 0 ? Double.NaN : ownTopSum / own;
            gapDialogues = gaps;
            judgeGap = gaps == 0 ? Double.NaN : gapSums[2] / gapCounts[1] - gapSums[0] / gapCounts[0];
            crowdGap = gaps == 0 ? Double.NaN : gapSums[3] / gapCounts[1] - gapSums[1] / gapCounts[0];
        }

        double[] values() {
            return new double[] {alpha, kappa, ceiling, ownMean, ownTop, judgeGap - crowdGap};
        }
    }
}
