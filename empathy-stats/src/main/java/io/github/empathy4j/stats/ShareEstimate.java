package io.github.empathy4j.stats;

/**
 * A share of Good, or a difference of two shares, with its confidence interval.
 *
 * <p>JSON fields: {@code estimate}, {@code interval} (an {@link Interval} object).
 *
 * @param estimate the observed share (successes over ratings) or difference of shares
 * @param interval its interval
 */
public record ShareEstimate(double estimate, Interval interval) {
}
