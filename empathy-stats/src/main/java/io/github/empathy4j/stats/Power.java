package io.github.empathy4j.stats;

import java.util.OptionalDouble;

/**
 * The power of a comparison's reported 2x2 test at the observed group sizes ({@link ChiSquarePower#twoProportions}
 * and {@link ChiSquarePower#minimumDetectableDifference}, the normal approximation with Yates' continuity
 * correction, as the study's test). Where Fisher's exact test is reported instead (an expected count below 5), these
 * are the Yates test's figures, an approximation of Fisher's (which is more conservative, so its power is lower).
 *
 * <p>JSON fields: {@code alpha}, {@code power}, {@code wantedPower}, {@code minimumDetectableDifference}.
 *
 * @param alpha the test's level, {@code 1 -} the analysis' confidence level
 * @param power the power to detect the observed difference in share if it were the true one (a post-hoc figure:
 *     it follows from the p-value and says nothing new about a significant test)
 * @param wantedPower the power the minimum detectable difference is for, 0.8
 * @param minimumDetectableDifference the smallest rise over the baseline's observed share that the test detects
 *     with {@code wantedPower} at these group sizes; {@code null} when none up to a share of 1 does
 */
public record Power(double alpha, double power, double wantedPower, Double minimumDetectableDifference) {

    /** The power the minimum detectable difference is computed for. */
    public static final double WANTED = 0.8;

    /** The power of the Yates test of {@code x/n} against the baseline's {@code x0/n0} at level {@code alpha}. */
    static Power of(long x, long n, long x0, long n0, double alpha) {
        double p = (double) x / n;
        double p0 = (double) x0 / n0;
        OptionalDouble mdd = ChiSquarePower.minimumDetectableDifference(p0, n0, n, alpha, WANTED, true);
        return new Power(alpha, ChiSquarePower.twoProportions(p0, p, n0, n, alpha, true), WANTED,
                mdd.isPresent() ? mdd.getAsDouble() : null);
    }
}
