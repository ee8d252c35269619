package io.github.empathy4j.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;

/**
 * The noncentral chi-square distribution with {@code k} degrees of freedom and noncentrality {@code lambda}, as a
 * Poisson mixture of central chi-square distributions:
 * {@code F(x) = sum_j e^(-lambda/2) (lambda/2)^j / j! P(chi2_(k+2j) <= x)}.
 *
 * <p>The sum starts at the Poisson mode and walks both ways until the Poisson weights fall below {@code 1e-20}, so
 * it is accurate for large {@code lambda} too; the upper tail is summed from central upper tails rather than
 * taken as {@code 1 - F}. Central tails that are exactly 1 in double precision are not evaluated one by one: their
 * Poisson mass is added at once, so a huge noncentrality costs a few evaluations, and no index is an int. Same as
 * R {@code pchisq(x, k, ncp = lambda)}; Commons lacks it.
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
        if (x <= 0 || x == Double.POSITIVE_INFINITY) {
            return (x <= 0) == upper ? 1 : 0;
        }
        try {
            return mixture(x, k, lambda / 2, upper);
        } catch (ArithmeticException e) {
            // Commons' central chi-square does not converge near x for about 1e13 degrees of freedom and more.
            throw new IllegalArgumentException("noncentral chi-square at " + x + " with df " + k
                    + " and noncentrality " + lambda + " is out of reach: " + e.getMessage(), e);
        }
    }

    private static double mixture(double x, double k, double half, boolean upper) {
        if (half == 0) {
            return term(x, k, 0, upper);
        }
        // The terms are monotone in j: an upper tail rises with j, a lower tail falls. Where they are exactly 1 in
        // double (upper: from some j on; lower: up to some j), they add their Poisson mass unevaluated, so a huge
        // noncentrality (a large study's power) costs no more than a small one. The other terms form [from, to].
        double from = 0;
        double to = Double.POSITIVE_INFINITY;
        double total = 0;
        if (upper) {
            to = firstAtOne(x, k) - 1;
            total = to == Double.POSITIVE_INFINITY ? 0 : poissonAtLeast(to + 1, half);
        } else if (term(x, k, 0, false) == 1) {
            from = firstBelowOne(x, k);
            total = poissonAtMost(from - 1, half);
        }
        if (from > to) {
            return Math.min(1, total);
        }
        // Poisson weights fall on both sides of the mode: walk from it (or the nearest end) each way until they are
        // negligible.
        double start = Math.max(from, Math.min(to, Math.floor(half)));
        if (start >= 0x1p52) {
            throw new ArithmeticException("its terms are beyond double precision's integers");
        }
        double weight = poisson(start, half);
        for (double j = start; j >= from && weight > NEGLIGIBLE; j--) {
            total += weight * term(x, k, j, upper);
            weight *= j / half;
        }
        weight = poisson(start + 1, half);
        for (double j = start + 1; j <= to && weight > NEGLIGIBLE; j++) {
            total += weight * term(x, k, j, upper);
            weight *= half / (j + 1);
        }
        return Math.min(1, total);
    }

    /** The smallest {@code j} whose upper-tail term is exactly 1 (infinity if none), by doubling and bisection. */
    private static double firstAtOne(double x, double k) {
        double low = -1;
        double high = 0;
        while (term(x, k, high, true) < 1) {
            low = high;
            high = 2 * high + 1;
            if (Double.isInfinite(high)) {
                return high;
            }
        }
        return bisect(x, k, low, high, true);
    }

    /** The smallest {@code j} whose lower-tail term is below 1, given that the term of 0 is 1. */
    private static double firstBelowOne(double x, double k) {
        double low = 0;
        double high = 1;
        while (term(x, k, high, false) == 1) {
            low = high;
            high *= 2;
        }
        return bisect(x, k, low, high, false);
    }

    /** Bisects to the first {@code j} in (low, high] at which a term leaves 1 (lower) or reaches it (upper). */
    private static double bisect(double x, double k, double low, double high, boolean upper) {
        for (double middle = Math.floor((low + high) / 2); middle > low && middle < high;
                middle = Math.floor((low + high) / 2)) {
            if ((term(x, k, middle, upper) == 1) == upper) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return high;
    }

    /** The Poisson probability of {@code j} at mean {@code mean}, {@code mean^j e^-mean / j!}, for any {@code j}. */
    private static double poisson(double j, double mean) {
        return GammaDistribution.of(j + 1, 1).density(mean);
    }

    /** {@code P(J >= j)} for {@code J} Poisson with mean {@code mean}: {@code P(chi2_(2j) <= 2 mean)}. */
    private static double poissonAtLeast(double j, double mean) {
        return j == 0 ? 1 : ChiSquaredDistribution.of(2 * j).cumulativeProbability(2 * mean);
    }

    /** {@code P(J <= j)} for {@code J} Poisson with mean {@code mean}: {@code P(chi2_(2j+2) > 2 mean)}. */
    private static double poissonAtMost(double j, double mean) {
        return ChiSquaredDistribution.of(2 * j + 2).survivalProbability(2 * mean);
    }

    /** Term {@code j}: the central chi-square tail with {@code k + 2j} degrees of freedom. */
    private static double term(double x, double k, double j, boolean upper) {
        ChiSquaredDistribution central = ChiSquaredDistribution.of(k + 2 * j);
        return upper ? central.survivalProbability(x) : central.cumulativeProbability(x);
    }
}
