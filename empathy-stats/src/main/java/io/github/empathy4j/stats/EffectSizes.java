package io.github.empathy4j.stats;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * Effect sizes with confidence intervals: for two independent proportions {@code x1/n1} (condition 1) and
 * {@code x2/n2} (condition 2) the risk difference, risk ratio and odds ratio; for two ordinal samples Cliff's
 * delta; for a contingency table Cramér's V (phi for a 2x2 table).
 *
 * <p>Every method takes the confidence level, in (0, 1), and returns an {@link Estimate}. Undefined estimates or
 * bounds are {@code NaN}, never an exception; invalid counts throw {@link IllegalArgumentException} with the bad
 * value.
 */
public final class EffectSizes {

    /** Accuracy of the noncentrality found by the root finder: absolute, and relative to the root. */
    private static final double ROOT_ABSOLUTE = 1e-12;
    private static final double ROOT_RELATIVE = 1e-14;

    private EffectSizes() {
    }

    /**
     * The risk difference {@code p1 - p2} with Newcombe's hybrid score interval (method 10):
     * {@code [d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2)]} with {@code (l_i, u_i)}
     * the Wilson interval of {@code p_i} without continuity correction ({@link Interval#wilson}). It stays inside
     * [-1, 1] and needs no correction for zero counts. Same as statsmodels
     * {@code confint_proportions_2indep(x1, n1, x2, n2, method='newcomb', compare='diff')}.
     *
     * <p>Reference: Newcombe (1998), Statist. Med. 17:873-890, method 10.
     *
     * @throws IllegalArgumentException if {@code n_i < 1}, {@code x_i} is outside [0, n_i] or the confidence is
     *     outside (0, 1)
     */
    public static Estimate riskDifference(long x1, long n1, long x2, long n2, double confidence) {
        checkProportions(x1, n1, x2, n2);
        Interval one = Interval.wilson(x1, n1, confidence);
        Interval two = Interval.wilson(x2, n2, confidence);
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double d = p1 - p2;
        double lower = d - Math.hypot(p1 - one.lower(), two.upper() - p2);
        double upper = d + Math.hypot(one.upper() - p1, p2 - two.lower());
        return new Estimate(d, new Interval(lower, upper), confidence);
    }

    /**
     * The risk ratio {@code p1 / p2} with the log (Katz) interval
     * {@code exp(log RR +- z sqrt(b / (a n1) + d / (c n2)))}, where {@code a = x1, b = n1 - x1, c = x2,
     * d = n2 - x2} and {@code z} the normal quantile at {@code (1 + confidence) / 2}.
     *
     * <p>Zero cells: if any of {@code a, b, c, d} is 0, 0.5 is added to all four (Haldane-Anscombe), for the
     * estimate and the interval alike, so both are finite and the estimate lies in its interval. Same as
     * statsmodels {@code Table2x2(t, shift_zeros=False).riskratio} and {@code riskratio_confint()} with
     * {@code t = [[a, b], [c, d]]}, plus 0.5 when a cell is 0 (statsmodels' default {@code shift_zeros=True}
     * differs: it replaces only the zero cells by 0.5).
     *
     * <p>Reference: Katz et al. (1978), Biometrics 34:469-474; Agresti (2002), section 3.1.4.
     *
     * @throws IllegalArgumentException as {@link #riskDifference}
     */
    public static Estimate riskRatio(long x1, long n1, long x2, long n2, double confidence) {
        checkProportions(x1, n1, x2, n2);
        double z = Interval.normalQuantile(confidence);
        double[] t = cells(x1, n1, x2, n2);
        double first = t[0] + t[1];
        double second = t[2] + t[3];
        double logRatio = Math.log(t[0] / first) - Math.log(t[2] / second);
        double se = Math.sqrt(t[1] / (t[0] * first) + t[3] / (t[2] * second));
        return logInterval(logRatio, se, z, confidence);
    }

    /**
     * The odds ratio {@code (a d) / (b c)} with the Woolf (logit) interval
     * {@code exp(log OR +- z sqrt(1/a + 1/b + 1/c + 1/d))}, cells and zero-cell rule as {@link #riskRatio} (0.5
     * added to all four cells when one is 0). Same as statsmodels {@code Table2x2(t, shift_zeros=False).oddsratio}
     * and {@code oddsratio_confint()}.
     *
     * <p>Reference: Woolf (1955), Ann. Hum. Genet. 19:251-253; Haldane (1956), Ann. Hum. Genet. 20:309-311;
     * Agresti (2002), section 3.1.1.
     *
     * @throws IllegalArgumentException as {@link #riskDifference}
     */
    public static Estimate oddsRatio(long x1, long n1, long x2, long n2, double confidence) {
        checkProportions(x1, n1, x2, n2);
        double z = Interval.normalQuantile(confidence);
        double[] t = cells(x1, n1, x2, n2);
        double logRatio = Math.log(t[0]) + Math.log(t[3]) - Math.log(t[1]) - Math.log(t[2]);
        double se = Math.sqrt(1 / t[0] + 1 / t[1] + 1 / t[2] + 1 / t[3]);
        return logInterval(logRatio, se, z, confidence);
    }

    /**
     * Cliff's delta, {@code P(X > Y) - P(X < Y)} for a value X of sample x and Y of sample y, in [-1, 1], from
     * the samples' counts per level, with Cliff's asymmetric interval
     * {@code (delta - delta^3 +- z s sqrt((1 - delta^2)^2 + z^2 s^2)) / (1 - delta^2 + z^2 s^2)}. The variance is
     * Cliff's (1996) consistent estimate
     * {@code s^2 = ((n_y - 1) s_i.^2 + (n_x - 1) s_.j^2 + s_ij^2) / (n_x n_y)}, where with the dominance
     * {@code d_ij = sign(x_i - y_j)}, {@code s_i.^2 = sum_i (d_i. - delta)^2 / (n_x - 1)} (row means),
     * {@code s_.j^2 = sum_j (d_.j - delta)^2 / (n_y - 1)} (column means) and
     * {@code s_ij^2 = sum_ij (d_ij - delta)^2 / ((n_x - 1)(n_y - 1))}; it is never negative, unlike the unbiased
     * estimate. {@code z} is the normal quantile at {@code (1 + confidence) / 2}. Ties count as neither.
     *
     * <p>Edge cases. Disjoint samples ({@code delta = +-1}) have no variance; as R {@code effsize::cliff.delta},
     * the variance and interval are computed with {@code delta (n_x n_y - 1) / (n_x n_y)} and the bound on the
     * side of {@code delta} set to {@code delta}. All values of both samples on one level: {@code delta = 0} and
     * interval {@code NaN} (the formula's [0, 0] would claim a certainty the data do not give). A sample with
     * one value: interval {@code NaN}. These are the formulas of R {@code effsize::cliff.delta(x, y,
     * use.unbiased = FALSE, use.normal = TRUE)} (from its source; the package is not in Debian and was not run),
     * except the all-equal case; checked against an independent python implementation on the dominance matrix.
     *
     * <p>Reference: Cliff (1993), Psychol. Bull. 114:494-509; Cliff (1996), <i>Ordinal Methods for Behavioral Data
     * Analysis</i>, chapter 3; Feng &amp; Cliff (2004), J. Mod. Appl. Stat. Methods 3:322-332.
     *
     * @param x sample x's count on each level, levels in ascending order
     * @param y sample y's count on the same levels
     * @throws IllegalArgumentException if the arrays differ in length, a count is negative, a sample is empty or
     *     the confidence is outside (0, 1)
     */
    public static Estimate cliffsDelta(long[] x, long[] y, double confidence) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("level counts need equal lengths, got x " + x.length + " and y "
                    + y.length);
        }
        double z = Interval.normalQuantile(confidence);
        double nx = total("x", x);
        double ny = total("y", y);
        int levels = x.length;
        // Row means d_i. of an x value on each level, column means d_.j of a y value on each level.
        double[] row = new double[levels];
        double[] column = new double[levels];
        double belowY = 0;
        double belowX = 0;
        for (int l = 0; l < levels; l++) {
            row[l] = (belowY - (ny - belowY - y[l])) / ny;
            column[l] = ((nx - belowX - x[l]) - belowX) / nx;
            belowY += y[l];
            belowX += x[l];
        }
        double delta = 0;
        for (int l = 0; l < levels; l++) {
            delta += x[l] * row[l];
        }
        delta /= nx;
        if (nx < 2 || ny < 2) {
            return new Estimate(delta, new Interval(Double.NaN, Double.NaN), confidence);
        }
        double pairs = nx * ny;
        double centre = Math.abs(delta) == 1 ? delta * (pairs - 1) / pairs : delta;
        double rows = 0;
        double columns = 0;
        double cells = 0;
        for (int a = 0; a < levels; a++) {
            rows += x[a] * (row[a] - centre) * (row[a] - centre);
            columns += y[a] * (column[a] - centre) * (column[a] - centre);
            for (int b = 0; b < levels; b++) {
                double dominance = Integer.signum(Integer.compare(a, b)) - centre;
                cells += (double) x[a] * y[b] * dominance * dominance;
            }
        }
        double variance = ((ny - 1) * rows / (nx - 1) + (nx - 1) * columns / (ny - 1)
                + cells / ((nx - 1) * (ny - 1))) / pairs;
        if (variance == 0) {
            return new Estimate(delta, new Interval(Double.NaN, Double.NaN), confidence);
        }
        double c2 = centre * centre;
        double zs2 = z * z * variance;
        double half = z * Math.sqrt(variance) * Math.sqrt((1 - c2) * (1 - c2) + zs2);
        double lower = (centre - c2 * centre - half) / (1 - c2 + zs2);
        double upper = (centre - c2 * centre + half) / (1 - c2 + zs2);
        return new Estimate(delta, new Interval(delta == -1 ? -1 : lower, delta == 1 ? 1 : upper), confidence);
    }

    /**
     * Cramér's V ({@link ContingencyTests#cramersV}; for a 2x2 table the absolute value of phi) with the interval
     * from inverting the noncentral chi-square distribution of the Pearson statistic {@code X^2}: with
     * {@code df = (r - 1)(c - 1)}, the noncentralities {@code lambda_L} and {@code lambda_U} solve
     * {@code P(chi2_(df, lambda) <= X^2) = (1 + confidence) / 2} and {@code (1 - confidence) / 2}, and the bounds
     * are {@code sqrt(lambda / (N (min(r, c) - 1)))}, capped at 1, V's largest value (in small tables the upper
     * {@code lambda} can exceed {@code N (min(r, c) - 1)}). When no {@code lambda >= 0} solves an equation (the
     * statistic is below the quantile of the central chi-square), that bound is 0: the lower one for a weak
     * association, and both for a statistic below the central distribution's {@code (1 - confidence) / 2}
     * quantile, where the data fit independence better than chance would (a known property of this method).
     * Empty rows and columns are left out first, as in {@link ContingencyTests#chiSquare}; fewer than two left:
     * {@code NaN} value and bounds.
     *
     * <p>The noncentral chi-square is {@link NoncentralChiSquare}, the roots are found with Brent's method to
     * {@code 1e-12} absolute and {@code 1e-14} relative accuracy in {@code lambda}: about 15 evaluations of the
     * noncentral distribution function per bound, a few milliseconds per call for tables of thousands. Same as R, with
     * {@code uniroot(function(l) pchisq(X2, df, ncp = l) - p, ...)}, and as the two-sided "ncp" interval of R's
     * {@code effectsize::cramers_v(x, alternative = "two.sided", adjust = FALSE)}.
     *
     * <p>Reference: Steiger (2004), Psychol. Methods 9:164-182; Smithson (2003), <i>Confidence Intervals</i>,
     * chapter 5.
     *
     * @throws IllegalArgumentException for a ragged table, fewer than two columns, a negative count, or a
     *     confidence outside (0, 1)
     */
    public static Estimate cramersV(long[][] table, double confidence) {
        Interval.checkConfidence(confidence);
        double v = ContingencyTests.cramersV(table);
        if (Double.isNaN(v)) {
            return new Estimate(Double.NaN, new Interval(Double.NaN, Double.NaN), confidence);
        }
        TestResult chiSquare = ContingencyTests.chiSquare(table);
        // N (min(r, c) - 1) over the rows and columns that are not empty
        long rows = Arrays.stream(table).filter(r -> Arrays.stream(r).sum() > 0).count();
        long columns = IntStream.range(0, table[0].length)
                .filter(j -> Arrays.stream(table).mapToLong(r -> r[j]).sum() > 0).count();
        double scale = Arrays.stream(table).flatMapToLong(Arrays::stream).sum()
                * (double) (Math.min(rows, columns) - 1);
        double statistic = chiSquare.statistic();
        double df = chiSquare.df();
        double lower = noncentrality(statistic, df, (1 + confidence) / 2);
        double upper = noncentrality(statistic, df, (1 - confidence) / 2);
        Interval interval = new Interval(Math.min(1, Math.sqrt(lower / scale)), Math.min(1, Math.sqrt(upper / scale)));
        return new Estimate(v, interval, confidence);
    }

    /** The noncentrality {@code lambda} with {@code P(chi2_(df, lambda) <= x) = p}, or 0 when none. */
    private static double noncentrality(double x, double df, double p) {
        UnivariateFunction gap = lambda -> NoncentralChiSquare.cdf(x, df, lambda) - p;
        if (gap.value(0) <= 0) {
            return 0;
        }
        // The CDF falls with lambda: widen the bracket until it drops below p.
        double high = Math.max(1, x);
        while (gap.value(high) > 0) {
            high *= 2;
        }
        return new BrentSolver(ROOT_RELATIVE, ROOT_ABSOLUTE)
                .solve(Integer.MAX_VALUE, gap, 0, high);
    }

    private static Estimate logInterval(double logRatio, double se, double z, double confidence) {
        return new Estimate(Math.exp(logRatio),
                new Interval(Math.exp(logRatio - z * se), Math.exp(logRatio + z * se)), confidence);
    }

    /** The cells {@code a, b, c, d} of the 2x2 table, each plus 0.5 if any is 0. */
    private static double[] cells(long x1, long n1, long x2, long n2) {
        double[] t = {x1, n1 - x1, x2, n2 - x2};
        if (x1 == 0 || x1 == n1 || x2 == 0 || x2 == n2) {
            for (int i = 0; i < t.length; i++) {
                t[i] += 0.5;
            }
        }
        return t;
    }

    private static void checkProportions(long x1, long n1, long x2, long n2) {
        if (n1 < 1 || x1 < 0 || x1 > n1) {
            throw new IllegalArgumentException("proportion 1 needs 0 <= x1 <= n1 and n1 >= 1, got x1 " + x1
                    + " of n1 " + n1);
        }
        if (n2 < 1 || x2 < 0 || x2 > n2) {
            throw new IllegalArgumentException("proportion 2 needs 0 <= x2 <= n2 and n2 >= 1, got x2 " + x2
                    + " of n2 " + n2);
        }
    }

    private static double total(String name, long[] counts) {
        double total = 0;
        for (int l = 0; l < counts.length; l++) {
            if (counts[l] < 0) {
                throw new IllegalArgumentException("negative count " + counts[l] + " of sample " + name
                        + " at level " + l);
            }
            total += counts[l];
        }
        if (total == 0) {
            throw new IllegalArgumentException("sample " + name + " is empty");
        }
        return total;
    }
}
