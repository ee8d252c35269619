package io.github.empathy4j.stats;

/**
 * One pair of Dunn's post-hoc test (see {@link RankTests#dunn}).
 *
 * <p>JSON fields: {@code first}, {@code second}, {@code meanRankDifference}, {@code z}, {@code p}.
 *
 * @param first the first sample's name
 * @param second the second sample's name
 * @param meanRankDifference the first sample's mean rank minus the second's (positive: first rated higher)
 * @param z the standardized difference
 * @param p the two-sided p-value, corrected across all pairs of the test
 */
public record DunnPair(String first, String second, double meanRankDifference, double z, PValues p) {
}
