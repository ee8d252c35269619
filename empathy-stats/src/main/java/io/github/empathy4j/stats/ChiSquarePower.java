package io.github.empathy4j.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Power and sample size of a chi-square test of a contingency table (or goodness of fit) with Cohen's effect size
 * {@code w}, as G*Power's "chi-square tests: goodness-of-fit tests: contingency tables".
 *
 * <p>Under the alternative the statistic follows a noncentral chi-square with noncentrality
 * {@code lambda = N w^2}; the power is {@code P(chi2_(df, lambda) > c)} with {@code c} the central chi-square
 * quantile at {@code 1 - alpha}. The 2024 study's analysis (w = 0.3, alpha = 0.05, power 0.95, df = 8 for five
 * conditions by three levels) gives N = 253, the smallest N whose power reaches 0.95 (power 0.9503; N = 252
 * gives 0.9494).
 *
 * <p>Reference: Cohen (1988), <i>Statistical Power Analysis for the Behavioral Sciences</i>, 2nd ed., chapter 7;
 * Faul et al. (2007), Behav. Res. Methods 39:175-191 (G*Power 3).
 */
public final class ChiSquarePower {

    private static final int MAX_SAMPLE_SIZE = Integer.MAX_VALUE / 2;

    private ChiSquarePower() {
    }

    /**
     * The power of the test with {@code n} observations.
     *
     * @param w Cohen's effect size, positive (0.1 small, 0.3 medium, 0.5 large)
     * @param n the total sample size, at least 1
     * @param df the test's degrees of freedom, at least 1
     * @param alpha the significance level, in (0, 1)
     * @throws IllegalArgumentException naming the argument out of range
     */
    public static double power(double w, long n, int df, double alpha) {
        check(w, df, alpha);
        if (n < 1) {
            throw new IllegalArgumentException("sample size " + n + " must be at least 1");
        }
        double critical = ChiSquaredDistribution.of(df).inverseSurvivalProbability(alpha);
        return NoncentralChiSquare.survival(critical, df, n * w * w);
    }

    /**
     * The smallest total sample size whose power reaches {@code power}.
     *
     * @param power the wanted power, in ({@code alpha}, 1)
     * @throws IllegalArgumentException naming the argument out of range, or if the size needed exceeds 2^30
     */
    public static long sampleSize(double w, int df, double alpha, double power) {
        check(w, df, alpha);
        if (!(power > alpha && power < 1)) {
            throw new IllegalArgumentException("power " + power + " must lie in (alpha, 1) = (" + alpha + ", 1)");
        }
        long low = 0;
        long high = 1;
        while (power(w, high, df, alpha) < power) {
            low = high;
            high *= 2;
            if (high > MAX_SAMPLE_SIZE) {
                throw new IllegalArgumentException("effect size " + w + " needs more than " + MAX_SAMPLE_SIZE
                        + " observations for power " + power);
            }
        }
        while (high - low > 1) {
            long middle = (low + high) >>> 1;
            if (power(w, middle, df, alpha) >= power) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return high;
    }

    private static void check(double w, int df, double alpha) {
        if (!(w > 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("effect size w " + w + " must be positive and finite");
        }
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom " + df + " must be at least 1");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha " + alpha + " is outside (0, 1)");
        }
    }
}
