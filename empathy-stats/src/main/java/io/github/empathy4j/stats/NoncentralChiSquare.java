package io.github.empathy4j.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.PoissonDistribution;

/**
 * The noncentral chi-square distribution with {@code k} degrees of freedom and noncentrality {@code lambda}, as a
 * Poisson mixture of central chi-square distributions:
 * {@code F(x) = sum_j e^(-lambda/2) (lambda/2)^j / j! P(chi2_(k+2j) <= x)}.
 *
 * <p>The sum starts at the Poisson mode and walks both ways until the Poisson weights fall below {@code 1e-20}, so
 * it is accurate for large {@code lambda} too; the upper tail is summed from central upper tails rather than
 * taken as {@code 1 - F}. Same as R {@code pchisq(x, k, ncp = lambda)}; Commons lacks it.
 *
 * <p>Reference: Johnson, Kotz &amp; Balakrishnan (1995), <i>Continuous Univariate Distributions</i>, vol. 2,
 * chapter 29, equation 29.2.
 */
final class NoncentralChiSquare {

    private static final double NEGLIGIBLE = 1e-20;

    private NoncentralChiSquare() {
    }

    /** {@code P(X <= x)}. */
    static double cdf(double x, double k, double lambda) {
        return sum(x, k, lambda, false);
    }

    /** {@code P(X > x)}. */
    static double survival(double x, double k, double lambda) {
        return sum(x, k, lambda, true);
    }

    private static double sum(double x, double k, double lambda, boolean upper) {
        if (!(k > 0) || !(lambda >= 0) || Double.isNaN(x)) {
            throw new IllegalArgumentException("noncentral chi-square needs df > 0 and noncentrality >= 0, got df "
                    + k + " and noncentrality " + lambda);
        }
        if (x <= 0) {
            return upper ? 1 : 0;
        }
        double half = lambda / 2;
        if (half == 0) {
            return term(x, k, upper);
        }
        int mode = (int) Math.floor(half);
        double modeWeight = PoissonDistribution.of(half).probability(mode);
        double total = 0;
        // Poisson weights fall geometrically on both sides of the mode: stop once they are negligible.
        double weight = modeWeight;
        for (int j = mode; j >= 0 && weight > NEGLIGIBLE; j--) {
            total += weight * term(x, k + 2.0 * j, upper);
            weight *= j / half;
        }
        weight = modeWeight * half / (mode + 1);
        for (int j = mode + 1; weight > NEGLIGIBLE; j++) {
            total += weight * term(x, k + 2.0 * j, upper);
            weight *= half / (j + 1);
        }
        return Math.min(1, total);
    }

    private static double term(double x, double df, boolean upper) {
        ChiSquaredDistribution central = ChiSquaredDistribution.of(df);
        return upper ? central.survivalProbability(x) : central.cumulativeProbability(x);
    }
}
