package io.github.empathy4j.stats.agreement;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * How well an LLM judge stands in for the crowd: its agreement with the crowd's ratings of the same replies, and
 * whether it ranks the conditions as the crowd did. Immutable, and written to JSON by Jackson as it is.
 *
 * <pre>{@code
 * Calibration c = Calibration.of(release.ratings(), judgeRatings, RatingScale.STUDY.single());
 * System.out.printf(Locale.ROOT, "alpha %.3f, same order: %s%n", c.agreement().alphaOrdinal(), c.sameOrderByMean());
 * }</pre>
 *
 * <p>Only the units (a condition's reply to a dialogue) both rated count, everywhere. A condition's mean is the
 * mean of its level codes; its top share is the share of its ratings at the dimension's highest level ("Good" on the
 * study's scale). Orders list the conditions from the highest to the lowest value; equal values are ordered by
 * condition name. Kendall's tau-b, {@code (C - D) / sqrt((n0 - n1)(n0 - n2))} over the pairs of conditions
 * ({@code C} concordant, {@code D} discordant, {@code n0 = k(k - 1)/2}, {@code n1}, {@code n2} the pairs tied in the
 * crowd's and in the judge's means), is {@code NaN} for fewer than two conditions or when either side ties every
 * pair; it equals scipy's {@code kendalltau}.
 *
 * <p>JSON fields (stable): {@code dimension}, {@code agreement} ({@link PairAgreement}), {@code conditions},
 * {@code crowdOrderByMean}, {@code judgeOrderByMean}, {@code sameOrderByMean}, {@code crowdOrderByTopShare},
 * {@code judgeOrderByTopShare}, {@code sameOrderByTopShare}, {@code kendallTauByMean}.
 *
 * @param dimension the dimension's id
 * @param agreement Krippendorff's alpha, Cohen's kappa (unweighted, linear, quadratic) and the confusion matrix,
 *     crowd in rows and judge in columns
 * @param conditions each condition's means and top shares, in order of first appearance in the crowd's ratings
 * @param crowdOrderByMean the conditions by the crowd's mean, highest first
 * @param judgeOrderByMean the conditions by the judge's mean, highest first
 * @param sameOrderByMean whether the two orders by mean are the same
 * @param crowdOrderByTopShare the conditions by the crowd's share of the highest level, highest first
 * @param judgeOrderByTopShare the conditions by the judge's share of the highest level, highest first
 * @param sameOrderByTopShare whether the two orders by top share are the same
 * @param kendallTauByMean Kendall's tau-b between the crowd's and the judge's condition means
 */
public record Calibration(String dimension, PairAgreement agreement, List<ConditionScores> conditions,
        List<String> crowdOrderByMean, List<String> judgeOrderByMean, boolean sameOrderByMean,
        List<String> crowdOrderByTopShare, List<String> judgeOrderByTopShare, boolean sameOrderByTopShare,
        double kendallTauByMean) {

    public Calibration {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(agreement, "agreement");
        conditions = List.copyOf(conditions);
        crowdOrderByMean = List.copyOf(crowdOrderByMean);
        judgeOrderByMean = List.copyOf(judgeOrderByMean);
        crowdOrderByTopShare = List.copyOf(crowdOrderByTopShare);
        judgeOrderByTopShare = List.copyOf(judgeOrderByTopShare);
    }

    /**
     * One condition as both saw it, on the units both rated.
     *
     * @param condition the condition
     * @param units the units of this condition both rated
     * @param crowdMean the crowd's mean level code
     * @param judgeMean the judge's mean level code
     * @param crowdTopShare the share of the crowd's ratings at the highest level
     * @param judgeTopShare the share of the judge's ratings at the highest level
     */
    public record ConditionScores(String condition, int units, double crowdMean, double judgeMean,
            double crowdTopShare, double judgeTopShare) {
    }

    /**
     * Compares a judge's ratings with the crowd's.
     *
     * @param crowd the human ratings, at most one per unit
     * @param judge the judge's ratings, at most one per unit
     * @throws IllegalArgumentException as {@link Agreement#between} does: a unit rated twice by one side, a value
     *     outside the dimension, or no unit rated by both
     */
    public static Calibration of(List<Rating> crowd, List<Rating> judge, RatingScale.Dimension dimension) {
        PairAgreement agreement = Agreement.between(crowd, judge, dimension);
        Map<String, Integer> judged = new HashMap<>();
        for (Rating r : judge) {
            if (r.dimension().equals(dimension.id())) {
                judged.put(r.condition() + '\u0000' + r.dialogueId(), r.value());
            }
        }
        int top = dimension.max();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Rating r : crowd) {
            Integer other = judged.get(r.condition() + '\u0000' + r.dialogueId());
            if (other == null || !r.dimension().equals(dimension.id())) {
                continue;
            }
            double[] s = sums.computeIfAbsent(r.condition(), c -> new double[5]);
            s[0]++;
            s[1] += r.value();
            s[2] += other;
            s[3] += r.value() == top ? 1 : 0;
            s[4] += other == top ? 1 : 0;
        }
        List<ConditionScores> conditions = new ArrayList<>();
        sums.forEach((condition, s) -> conditions.add(new ConditionScores(condition, (int) s[0], s[1] / s[0],
                s[2] / s[0], s[3] / s[0], s[4] / s[0])));
        List<String> crowdByMean = order(conditions, ConditionScores::crowdMean);
        List<String> judgeByMean = order(conditions, ConditionScores::judgeMean);
        List<String> crowdByTop = order(conditions, ConditionScores::crowdTopShare);
        List<String> judgeByTop = order(conditions, ConditionScores::judgeTopShare);
        double[] x = conditions.stream().mapToDouble(ConditionScores::crowdMean).toArray();
        double[] y = conditions.stream().mapToDouble(ConditionScores::judgeMean).toArray();
        return new Calibration(dimension.id(), agreement, conditions, crowdByMean, judgeByMean,
                crowdByMean.equals(judgeByMean), crowdByTop, judgeByTop, crowdByTop.equals(judgeByTop),
                KendallTau.of(x, y).tauB());
    }

    private static List<String> order(List<ConditionScores> conditions, ToDoubleFunction<ConditionScores> value) {
        return conditions.stream().sorted(Comparator.comparingDouble(value).reversed()
                .thenComparing(ConditionScores::condition)).map(ConditionScores::condition).toList();
    }
}
