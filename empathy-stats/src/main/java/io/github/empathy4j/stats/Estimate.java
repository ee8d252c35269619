package io.github.empathy4j.stats;

/**
 * An effect size with its confidence interval (see {@link EffectSizes}).
 *
 * <p>JSON fields: {@code value}, {@code interval} (an {@link Interval}), {@code confidence}. Undefined values are
 * {@code NaN}, written as the string {@code "NaN"}.
 *
 * @param value the point estimate
 * @param interval the confidence interval
 * @param confidence the interval's confidence level, in (0, 1)
 */
public record Estimate(double value, Interval interval, double confidence) {
}
