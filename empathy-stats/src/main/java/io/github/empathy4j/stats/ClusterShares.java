package io.github.empathy4j.stats;

import java.util.List;

/**
 * Each condition's share of Good and its difference to the baseline with cluster bootstrap intervals; see
 * {@link ClusterBootstrap#shares}.
 *
 * <p>JSON fields: {@code shares}, {@code differences} (lists of {@link ShareEstimate} objects), {@code resamples},
 * {@code confidence}.
 *
 * @param shares one per condition {@code 0..k-1}, in order
 * @param differences one per condition {@code 1..k-1}, in order: its share minus condition 0's
 * @param resamples the number of bootstrap resamples
 * @param confidence the intervals' confidence level
 */
public record ClusterShares(List<ShareEstimate> shares, List<ShareEstimate> differences, int resamples,
        double confidence) {

    public ClusterShares {
        shares = List.copyOf(shares);
        differences = List.copyOf(differences);
    }
}
