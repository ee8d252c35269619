package io.github.empathy4j.stats;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Whether a pairwise judge prefers replies of its own model family, or LLM replies over human ones, more than the
 * crowd did on the same replies: the pairwise counterpart of {@link JudgeDiagnostics.SelfPreference}.
 *
 * <p><b>Scores.</b> Each pair (one dialogue, two conditions) judged in both orders has the judge's outcome as
 * {@link PairwiseAnalysis} defines it (a win only when both orders agree; a flip is a tie), scored for one of its two
 * replies, the <i>focal</i> one: 1 when it won, 0.5 for a tie, 0 when it lost. The crowd's outcome on the same two
 * replies comes from their crowd ratings (several become their majority, {@link Combination#MAJORITY}, ties to the
 * lower level, as {@link JudgeDiagnostics} does): 1 when the crowd rated the focal reply higher, 0.5 equal, 0 lower.
 * Only pairs where both replies have a crowd rating enter.
 *
 * <ul>
 *   <li><b>Own family:</b> the pairs of a reply of the judge's family with a reply of another author (human or
 *       another family); the focal reply is the judge's family's.</li>
 *   <li><b>LLM over human:</b> the pairs of a human reply with an LLM reply; the focal reply is the LLM's.</li>
 * </ul>
 * Each estimate is the judge's mean score minus the crowd's on the same pairs, in [-1, 1]: positive, the judge
 * favours its own family (or LLMs) more than the crowd did; negative, less. The crowd's ratings on a few levels tie
 * more often than a judge that chooses, so a judge that agrees with the crowd's direction but decides more of its
 * ties also moves the estimate away from 0 in that direction: read it beside the two scores. Its percentile bootstrap interval resamples with replacement the dialogues with a pair that enters
 * either estimate (each with all its pairs), seeded, as R {@code quantile(type = 7)}; resamples without a pair of the
 * estimate's kind are left out of its interval, as in {@link JudgeDiagnostics}. Without any pair of its kind an
 * estimate is {@code NaN} and {@code unavailable} says why.
 *
 * <p>JSON fields: as the components; {@link Estimate}s with {@code NaN} where undefined.
 *
 * @param judge the judge
 * @param family the judge's model family
 * @param confidenceLevel the confidence level of the intervals
 * @param bootstrapResamples the bootstrap resamples, 0 for none (intervals {@code NaN})
 * @param seed the bootstrap's seed
 * @param pairs the pairs judged in both orders
 * @param crowdPairs those whose two replies both have a crowd rating
 * @param dialogues the dialogues of the crowd pairs that enter an estimate, the units of the bootstrap
 * @param ownFamily the preference for the judge's family
 * @param llmOverHuman the preference for LLM replies over human ones
 */
public record PairwiseSelfPreference(String judge, String family, double confidenceLevel, int bootstrapResamples,
        long seed, int pairs, int crowdPairs, int dialogues, Preference ownFamily, Preference llmOverHuman) {

    /** Why an estimate is not available when its pairs exist but none has crowd ratings on both replies. */
    public static final String NO_CROWD_PAIR = "no pair with crowd ratings on both replies";

    public PairwiseSelfPreference {
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(ownFamily, "ownFamily");
        Objects.requireNonNull(llmOverHuman, "llmOverHuman");
    }

    /**
     * One preference: the focal replies' mean scores under the judge and the crowd.
     *
     * @param pairs the pairs of this kind with crowd ratings on both replies
     * @param judgeScore the judge's mean score of the focal reply (1 won, 0.5 tie, 0 lost); {@code NaN} without pairs
     * @param crowdScore the crowd's mean score of the same replies; {@code NaN} without pairs
     * @param difference {@code judgeScore - crowdScore} with its bootstrap interval; {@code NaN} without pairs
     * @param unavailable why there is no estimate, empty when there is one
     */
    public record Preference(int pairs, double judgeScore, double crowdScore, Estimate difference,
            String unavailable) {

        public Preference {
            Objects.requireNonNull(difference, "difference");
            Objects.requireNonNull(unavailable, "unavailable");
        }
    }

    /**
     * The self-preference of one judge's pairwise verdicts.
     *
     * @param verdicts one judge's verdicts, every pair in both orders
     * @param family the judge's model family, as {@code authors} names families
     * @param authors each condition's author: {@link JudgeDiagnostics#HUMAN} or a model family
     * @param crowd the crowd's ratings of the replies on {@code dimension} (of any replies: those of no pair are
     *     not used)
     * @param dimension the rated dimension, for its levels
     * @param confidence the intervals' confidence level, in (0, 1)
     * @param resamples the bootstrap resamples, 0 for none
     * @param seed the bootstrap's seed
     * @throws IllegalArgumentException for no verdicts, verdicts of several judges, a pair not judged exactly once in
     *     each order, a condition without an author, a crowd rating of another dimension or outside its levels
     *     (naming the reply), negative resamples or a confidence outside (0, 1)
     */
    public static PairwiseSelfPreference of(List<PairwiseVerdict> verdicts, String family,
            Map<String, String> authors, List<Rating> crowd, RatingScale.Dimension dimension, double confidence,
            int resamples, long seed) {
        Interval.checkConfidence(confidence);
        if (resamples < 0) {
            throw new IllegalArgumentException("bootstrap resamples " + resamples + " is negative");
        }
        TreeSet<String> judges = new TreeSet<>();
        verdicts.forEach(v -> judges.add(v.judge()));
        if (judges.size() != 1) {
            throw new IllegalArgumentException(judges.isEmpty() ? "no pairwise verdicts to analyse"
                    : "a self-preference is of one judge, but the verdicts come from " + judges);
        }
        Map<List<String>, List<Integer>> crowdLevels = new LinkedHashMap<>();
        for (Rating r : crowd) {
            if (!r.dimension().equals(dimension.id()) || !dimension.contains(r.value())) {
                throw new IllegalArgumentException("crowd rating of " + r.condition() + " to " + r.dialogueId() + " by "
                        + r.rater() + ": " + r.dimension() + " level " + r.value() + " is not a level of "
                        + dimension.id() + " (" + dimension.describe() + ")");
            }
            crowdLevels.computeIfAbsent(List.of(r.dialogueId(), r.condition()), k -> new ArrayList<>()).add(r.value());
        }
        List<PairwiseAnalysis.Pair> pairs = PairwiseAnalysis.pairs(verdicts);
        Map<String, List<Scored>> byDialogue = new LinkedHashMap<>();
        int crowdPairs = 0;
        int[] candidates = new int[2];
        for (PairwiseAnalysis.Pair p : pairs) {
            String lowAuthor = author(authors, p.low());
            String highAuthor = author(authors, p.high());
            List<Integer> lowCrowd = crowdLevels.get(List.of(p.dialogueId(), p.low()));
            List<Integer> highCrowd = crowdLevels.get(List.of(p.dialogueId(), p.high()));
            boolean rated = lowCrowd != null && highCrowd != null;
            crowdPairs += rated ? 1 : 0;
            for (int kind = 0; kind < 2; kind++) {
                BiPredicate<String, String> focal = kind == 0
                        ? (a, other) -> a.equals(family) && !other.equals(family)
                        : (a, other) -> !a.equals(JudgeDiagnostics.HUMAN) && other.equals(JudgeDiagnostics.HUMAN);
                String focalCondition = focal.test(lowAuthor, highAuthor) ? p.low()
                        : focal.test(highAuthor, lowAuthor) ? p.high() : null;
                if (focalCondition == null) {
                    continue;
                }
                candidates[kind]++;
                if (!rated) {
                    continue;
                }
                boolean lowFocal = focalCondition.equals(p.low());
                String winner = p.winner();
                double judgeScore = winner == null ? 0.5 : winner.equals(focalCondition) ? 1 : 0;
                int low = Combination.MAJORITY.combine(lowCrowd, dimension);
                int high = Combination.MAJORITY.combine(highCrowd, dimension);
                int compared = Integer.compare(lowFocal ? low : high, lowFocal ? high : low);
                double crowdScore = compared > 0 ? 1 : compared == 0 ? 0.5 : 0;
                byDialogue.computeIfAbsent(p.dialogueId(), d -> new ArrayList<>())
                        .add(new Scored(kind, judgeScore, crowdScore));
            }
        }
        List<List<Scored>> dialogues = List.copyOf(byDialogue.values());
        double[][] all = scores(dialogues, null);
        double[][] resampled = new double[2][resamples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            int[] draw = new int[dialogues.size()];
            for (int d = 0; d < draw.length; d++) {
                draw[d] = Bootstrap.index(random, draw.length);
            }
            double[][] again = scores(dialogues, draw);
            for (int kind = 0; kind < 2; kind++) {
                resampled[kind][b] = again[kind][1] - again[kind][2];
            }
        }
        Preference[] preferences = new Preference[2];
        for (int kind = 0; kind < 2; kind++) {
            int n = (int) all[kind][0];
            double difference = all[kind][1] - all[kind][2];
            Interval interval = resamples == 0 || n == 0 ? new Interval(Double.NaN, Double.NaN)
                    : Bootstrap.interval(resampled[kind], confidence);
            String unavailable = n > 0 ? "" : candidates[kind] > 0 ? NO_CROWD_PAIR : kind == 0
                    ? "no pair of a reply of the judge's family (" + family + ") with another author's reply"
                    : "no pair of a human reply with an LLM reply";
            preferences[kind] = new Preference(n, all[kind][1], all[kind][2], new Estimate(difference, interval,
                    confidence), unavailable);
        }
        return new PairwiseSelfPreference(judges.first(), family, confidence, resamples, seed, pairs.size(),
                crowdPairs, dialogues.size(), preferences[0], preferences[1]);
    }

    private static String author(Map<String, String> authors, String condition) {
        String author = authors.get(condition);
        if (author == null) {
            throw new IllegalArgumentException("condition " + condition + " has no author (human or a model family);"
                    + " the authors are " + authors);
        }
        return author;
    }

    /**
     * Per kind (0 own family, 1 LLM over human): the pairs, the judge's mean score and the crowd's (both
     * {@code NaN} without pairs), over the dialogues drawn, or all when {@code draw} is null.
     */
    private static double[][] scores(List<List<Scored>> dialogues, int[] draw) {
        double[][] sums = new double[2][3];
        int n = draw == null ? dialogues.size() : draw.length;
        for (int d = 0; d < n; d++) {
            for (Scored s : dialogues.get(draw == null ? d : draw[d])) {
                sums[s.kind][0]++;
                sums[s.kind][1] += s.judge;
                sums[s.kind][2] += s.crowd;
            }
        }
        for (double[] kind : sums) {
            kind[1] /= kind[0];
            kind[2] /= kind[0];
        }
        return sums;
    }

    /** One pair's scores of its focal reply, for one kind of preference. */
    private record Scored(int kind, double judge, double crowd) {
    }
}
