package io.github.empathy4j.stats;

/**
 * One condition's effect against the baseline in a logistic regression of Good on condition, under one variance
 * estimator (see {@link ClusteredLogit}).
 *
 * <p>JSON fields: the components below, intervals as {@link Interval} objects. Non-finite numbers are written as
 * the strings {@code "NaN"} or {@code "Infinity"}.
 *
 * @param condition the condition's index ({@code >= 1}; 0 is the baseline)
 * @param coefficient the log odds ratio against the baseline, {@code logit(p_c) - logit(p_0)}
 * @param standardError its standard error under the estimator; {@code NaN} where a two-way variance is negative
 * @param z {@code coefficient / standardError}
 * @param p the two-sided normal p-value {@code 2 (1 - Phi(|z|))}
 * @param interval the Wald interval {@code coefficient +- z_(1+confidence)/2 * standardError}
 * @param oddsRatio {@code exp(coefficient)}
 * @param oddsRatioInterval the interval's bounds exponentiated
 * @param shareDifference the fitted share of Good minus the baseline's, {@code p_c - p_0}
 * @param shareDifferenceStandardError its delta-method standard error under the same estimator
 */
public record LogitEffect(int condition, double coefficient, double standardError, double z, double p,
        Interval interval, double oddsRatio, Interval oddsRatioInterval, double shareDifference,
        double shareDifferenceStandardError) {
}
