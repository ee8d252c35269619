package io.github.empathy4j.stats;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Kendall's tau-b of paired values with its two-sided test of no association, for example of a judge's ratings
 * with the replies' lengths.
 *
 * <p>{@code tau_b = (C - D) / sqrt((n0 - n1)(n0 - n2))} over the {@code n0 = n(n - 1)/2} pairs ({@code C}
 * concordant, {@code D} discordant, {@code n1}, {@code n2} the pairs tied in {@code x} and in {@code y}). The test is
 * the normal approximation with the variance of {@code S = C - D} corrected for ties,
 * {@code var(S) = (v0 - vt - vu) / 18 + v1 / (2 n (n - 1)) + v2 / (9 n (n - 1)(n - 2))} (Kendall 1970, eq. 4.4),
 * without continuity correction: R's {@code cor.test(x, y, method = "kendall", exact = FALSE)} and scipy's
 * {@code kendalltau(x, y, method = "asymptotic")}. It is meant for ratings on a few levels, which always tie; with
 * no ties and fewer than 50 pairs R would use the exact distribution instead.
 *
 * <p>JSON fields: {@code n}, {@code tauB}, {@code z}, {@code p}.
 *
 * @param n the number of pairs of values
 * @param tauB Kendall's tau-b; {@code NaN} for fewer than two values or when one side is constant
 * @param z the normal statistic {@code S / sqrt(var(S))}; {@code NaN} when undefined
 * @param p its two-sided p-value; {@code NaN} when undefined
 */
public record KendallTau(int n, double tauB, double z, double p) {

    /**
     * Kendall's tau-b of {@code x} and {@code y} with its test.
     *
     * @throws IllegalArgumentException for arrays of different lengths or a {@code NaN} value
     */
    public static KendallTau of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Kendall's tau needs paired values, got " + x.length + " and "
                    + y.length);
        }
        int n = x.length;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                throw new IllegalArgumentException("value " + i + " of Kendall's tau is NaN");
            }
        }
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += (long) Integer.signum(Double.compare(x[i], x[j])) * Integer.signum(Double.compare(y[i], y[j]));
            }
        }
        double[] tx = ties(x);
        double[] ty = ties(y);
        double n0 = n * (n - 1.0) / 2;
        double denominator = Math.sqrt((n0 - tx[0] / 2) * (n0 - ty[0] / 2));
        if (n < 2 || denominator == 0) {
            return new KendallTau(n, Double.NaN, Double.NaN, Double.NaN);
        }
        double v0 = n * (n - 1.0) * (2.0 * n + 5);
        double variance = (v0 - tx[1] - ty[1]) / 18 + tx[0] * ty[0] / (2.0 * n * (n - 1))
                + (n > 2 ? tx[2] * ty[2] / (9.0 * n * (n - 1) * (n - 2)) : 0);
        double z = s / Math.sqrt(variance);
        return new KendallTau(n, s / denominator, z, 2 * NormalDistribution.of(0, 1).survivalProbability(Math.abs(z)));
    }

    /**
     * Over the groups of tied values of sizes {@code t}: {@code sum t(t-1)}, {@code sum t(t-1)(2t+5)},
     * {@code sum t(t-1)(t-2)}.
     */
    private static double[] ties(double[] values) {
        Map<Double, Integer> counts = new HashMap<>();
        for (double v : values) {
            counts.merge(v + 0.0, 1, Integer::sum);
        }
        double[] sums = new double[3];
        for (int t : counts.values()) {
            sums[0] += t * (t - 1.0);
            sums[1] += t * (t - 1.0) * (2.0 * t + 5);
            sums[2] += t * (t - 1.0) * (t - 2.0);
        }
        return sums;
    }
}
