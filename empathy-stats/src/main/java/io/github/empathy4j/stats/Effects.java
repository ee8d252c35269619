package io.github.empathy4j.stats;

/**
 * The effect sizes of one condition against the baseline, each with its confidence interval (see
 * {@link EffectSizes}); the condition is the first sample, so positive differences and ratios above 1 favour it.
 *
 * <p>JSON fields: {@code riskDifference}, {@code riskRatio}, {@code oddsRatio}, {@code cliffsDelta}, {@code phi},
 * {@code cramersV} (each an {@link Estimate}, or {@code null} where not computed).
 *
 * @param riskDifference share of success minus the baseline's, Newcombe's hybrid score interval
 * @param riskRatio share of success over the baseline's, log (Katz) interval
 * @param oddsRatio odds of success over the baseline's, Woolf interval
 * @param cliffsDelta Cliff's delta of the level codes, {@code P(condition > baseline) - P(condition < baseline)};
 *     {@code null} without every level's count
 * @param phi phi of the 2x2 success table (unsigned) with the noncentral chi-square interval; {@code null} in the
 *     emotions' groups (the interval costs milliseconds; computed overall and by valence)
 * @param cramersV Cramér's V of the 2 x levels table with the noncentral chi-square interval; {@code null} in the
 *     emotions' groups and without every level's count
 */
public record Effects(Estimate riskDifference, Estimate riskRatio, Estimate oddsRatio, Estimate cliffsDelta,
        Estimate phi, Estimate cramersV) {
}
