package io.github.empathy4j.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * Multiple-comparison corrections of a family of p-values, as R's {@code p.adjust}.
 *
 * <p>With {@code m} p-values sorted ascending {@code p(1) <= ... <= p(m)}:
 * <ul>
 *   <li>{@link #BONFERRONI}: {@code min(1, m p)}; controls the family-wise error rate.</li>
 *   <li>{@link #HOLM}: step-down, {@code p~(i) = min(1, max_{j<=i} (m - j + 1) p(j))}; controls the family-wise
 *       error rate and is never larger than Bonferroni.</li>
 *   <li>{@link #BENJAMINI_HOCHBERG}: step-up, {@code p~(i) = min(1, min_{j>=i} m p(j) / j)}; controls the false
 *       discovery rate.</li>
 * </ul>
 * Edge cases: a {@code NaN} p-value (an undefined test) stays {@code NaN} and does not count in {@code m}, as R
 * treats {@code NA}; an empty family gives an empty array.
 *
 * <p>References: Holm (1979), Scand. J. Statist. 6:65-70; Benjamini &amp; Hochberg (1995), J. R. Statist. Soc. B
 * 57:289-300; R documentation of {@code p.adjust}.
 */
public enum PValueCorrection {
    /** Bonferroni: multiply by the family size. */
    BONFERRONI,
    /** Holm's step-down version of Bonferroni. */
    HOLM,
    /** Benjamini-Hochberg false discovery rate. */
    BENJAMINI_HOCHBERG;

    /**
     * Adjusts a family of p-values; the result is in the order of the input.
     *
     * @throws IllegalArgumentException naming the index and value of a p-value outside [0, 1]
     */
    public double[] adjust(double... p) {
        Objects.requireNonNull(p, "p");
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            if (Double.isNaN(p[i])) {
                continue;
            }
            if (p[i] < 0 || p[i] > 1) {
                throw new IllegalArgumentException("p-value " + p[i] + " at index " + i + " is outside [0, 1]");
            }
            m++;
        }
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        Integer[] order = new Integer[m];
        for (int i = 0, j = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i])) {
                order[j++] = i;
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        switch (this) {
            case BONFERRONI -> {
                for (Integer i : order) {
                    adjusted[i] = Math.min(1, m * p[i]);
                }
            }
            case HOLM -> {
                double running = 0;
                for (int j = 0; j < m; j++) {
                    running = Math.max(running, (m - j) * p[order[j]]);
                    adjusted[order[j]] = Math.min(1, running);
                }
            }
            case BENJAMINI_HOCHBERG -> {
                double running = 1;
                for (int j = m - 1; j >= 0; j--) {
                    running = Math.min(running, (double) m / (j + 1) * p[order[j]]);
                    adjusted[order[j]] = running;
                }
            }
        }
        return adjusted;
    }
}
