package io.github.empathy4j.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * A confidence interval.
 *
 * <p>JSON fields: {@code lower}, {@code upper}.
 *
 * @param lower the lower bound
 * @param upper the upper bound
 */
public record Interval(double lower, double upper) {

    /**
     * The Wilson score interval of a proportion {@code x / n}:
     * {@code (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)} with {@code p = x/n} and {@code z} the
     * standard normal quantile at {@code (1 + confidence) / 2}; no continuity correction. It is sensible at
     * {@code x = 0} and {@code x = n}, unlike the Wald interval, where its bound is exactly 0 or 1 (not a rounding
     * error away); every bound lies in [0, 1]. Same as R {@code prop.test(x, n, correct = FALSE)$conf.int}.
     *
     * <p>Reference: Wilson (1927), J. Am. Statist. Assoc. 22:209-212; Newcombe (1998), Statist. Med. 17:857-872.
     *
     * @throws IllegalArgumentException if {@code n < 1}, {@code x} is outside [0, n] or the confidence is outside
     *     (0, 1)
     */
    public static Interval wilson(long x, long n, double confidence) {
        if (n < 1 || x < 0 || x > n) {
            throw new IllegalArgumentException("Wilson interval needs 0 <= successes <= n and n >= 1, got successes "
                    + x + " of n " + n);
        }
        double z = normalQuantile(confidence);
        double p = (double) x / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(x == 0 ? 0 : Math.max(0, centre - half), x == n ? 1 : Math.min(1, centre + half));
    }

    /** The two-sided standard normal quantile for a confidence level. */
    static double normalQuantile(double confidence) {
        checkConfidence(confidence);
        return NormalDistribution.of(0, 1).inverseCumulativeProbability((1 + confidence) / 2);
    }

    static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence level " + confidence + " is outside (0, 1)");
        }
    }

    /** Whether a value lies in this interval, bounds included. */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
