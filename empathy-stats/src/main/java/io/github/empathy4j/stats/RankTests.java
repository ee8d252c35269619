package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Rank-based (ordinal) tests on rating codes, which use the order of the levels but not their spacing.
 *
 * <p>Samples are ranked jointly by counting each distinct value, so ratings on a scale of a few levels rank in
 * time proportional to the number of levels (the analysis passes its level counts directly).
 *
 * <p>Ties get mid-ranks (the average of the ranks they span); with a three-point scale nearly every value is tied,
 * so every test here applies the tie correction. When all values are equal the tests are undefined and give
 * {@code NaN} statistic (Kruskal-Wallis, Dunn) or p-value, as R does. {@code -0.0} and {@code 0.0} are the same
 * value (tied), as in R.
 */
public final class RankTests {

    /** Below this size in both samples and without ties, Mann-Whitney's p-value is exact. */
    private static final int EXACT_LIMIT = 50;

    private RankTests() {
    }

    /**
     * The Mann-Whitney U test (Wilcoxon rank-sum), two-sided. The statistic is
     * {@code U = R_x - n_x (n_x + 1) / 2}, the number of pairs in which {@code x} exceeds {@code y} (ties count one
     * half); same as R's {@code W} of {@code wilcox.test(x, y)}. The p-value is exact when both samples have fewer
     * than 50 values and no ties (Commons Statistics {@code MannWhitneyUTest}), otherwise from the normal
     * approximation with tie correction, {@code var U = n_x n_y / 12 (N + 1 - sum(t^3 - t) / (N (N - 1)))}, and
     * continuity correction 0.5; same as R {@code wilcox.test(x, y, correct = TRUE)}. All values equal: p-value
     * {@code NaN}.
     *
     * <p>Reference: Mann &amp; Whitney (1947), Ann. Math. Statist. 18:50-60; Hollander &amp; Wolfe (1999),
     * <i>Nonparametric Statistical Methods</i>, section 4.1.
     *
     * @throws IllegalArgumentException if a sample is empty or holds {@code NaN}
     */
    public static TestResult mannWhitney(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        checkSample("x", x);
        checkSample("y", y);
        return mannWhitney(Ranks.of(x, y));
    }

    /** Mann-Whitney U of sample 0 against sample 1 of a ranking. */
    static TestResult mannWhitney(Ranks ranks) {
        double nx = ranks.sizes[0];
        double ny = ranks.sizes[1];
        double u = ranks.rankSums[0] - nx * (nx + 1) / 2;
        if (ranks.tieFree() && Math.max(nx, ny) < EXACT_LIMIT) {
            return TestResult.of(u, 0, MannWhitneyUTest.withDefaults().with(PValueMethod.EXACT)
                    .test(ranks.sample(0), ranks.sample(1)).getPValue());
        }
        double n = ranks.n;
        double variance = nx * ny / 12 * (n + 1 - ranks.ties / (n * (n - 1)));
        double deviation = u - nx * ny / 2;
        double z = (deviation - Math.signum(deviation) * 0.5) / Math.sqrt(variance);
        return TestResult.of(u, 0, Double.isNaN(z) ? Double.NaN
                : 2 * NormalDistribution.of(0, 1).survivalProbability(Math.abs(z)));
    }

    /**
     * The Kruskal-Wallis H test that several samples come from the same distribution:
     * {@code H = (12 / (N (N + 1)) sum R_i^2 / n_i - 3 (N + 1)) / (1 - sum(t^3 - t) / (N^3 - N))} with {@code R_i}
     * the rank sum of sample {@code i}, {@code t} the sizes of the tie groups and {@code k - 1} degrees of
     * freedom (chi-square approximation). Same as R {@code kruskal.test} and scipy {@code kruskal}. All values
     * equal: {@code NaN} statistic and p-value (R: {@code NaN} and {@code NA}; scipy raises an error).
     *
     * <p>Reference: Kruskal &amp; Wallis (1952), J. Am. Statist. Assoc. 47:583-621.
     *
     * @param samples two or more named samples, in the order results should follow
     * @throws IllegalArgumentException naming a sample that is empty or holds {@code NaN}, or if fewer than two
     */
    public static TestResult kruskalWallis(Map<String, double[]> samples) {
        return kruskalWallis(rank(samples));
    }

    static TestResult kruskalWallis(Ranks ranks) {
        int k = ranks.sizes.length;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += ranks.rankSums[i] * ranks.rankSums[i] / ranks.sizes[i];
        }
        double n = ranks.n;
        double h = (12 / (n * (n + 1)) * sum - 3 * (n + 1)) / (1 - ranks.ties / (n * n * n - n));
        if (!Double.isFinite(h)) {
            return TestResult.of(Double.NaN, k - 1, Double.NaN);
        }
        return TestResult.of(h, k - 1, ChiSquaredDistribution.of(k - 1).survivalProbability(h));
    }

    /**
     * Dunn's post-hoc test: every pair of samples, {@code z = (Rbar_i - Rbar_j) / sqrt((N (N + 1) / 12
     * - sum(t^3 - t) / (12 (N - 1))) (1 / n_i + 1 / n_j))} with mean ranks {@code Rbar} from the joint ranking (as
     * in Kruskal-Wallis, with tie correction) and a two-sided normal p-value, corrected across the
     * {@code k (k - 1) / 2} pairs (see {@link PValues}). Pairs follow the samples' order: (0, 1), (0, 2), ...,
     * (1, 2), .... All values equal: {@code NaN} z and p-values.
     *
     * <p>Reference: Dunn (1964), Technometrics 6:241-252.
     *
     * @param samples two or more named samples
     * @throws IllegalArgumentException naming a sample that is empty or holds {@code NaN}, or if fewer than two
     */
    public static List<DunnPair> dunn(Map<String, double[]> samples) {
        return dunn(List.copyOf(samples.keySet()), rank(samples));
    }

    static List<DunnPair> dunn(List<String> names, Ranks ranks) {
        int k = names.size();
        double n = ranks.n;
        double variance = n * (n + 1) / 12 - ranks.ties / (12 * (n - 1));
        NormalDistribution normal = NormalDistribution.of(0, 1);
        int pairs = k * (k - 1) / 2;
        double[] difference = new double[pairs];
        double[] z = new double[pairs];
        double[] p = new double[pairs];
        for (int i = 0, index = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++, index++) {
                difference[index] = ranks.rankSums[i] / ranks.sizes[i] - ranks.rankSums[j] / ranks.sizes[j];
                z[index] = difference[index]
                        / Math.sqrt(variance * (1.0 / ranks.sizes[i] + 1.0 / ranks.sizes[j]));
                p[index] = Double.isNaN(z[index]) ? Double.NaN : 2 * normal.survivalProbability(Math.abs(z[index]));
            }
        }
        List<PValues> corrected = PValues.family(p);
        List<DunnPair> result = new ArrayList<>(pairs);
        for (int i = 0, index = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++, index++) {
                result.add(new DunnPair(names.get(i), names.get(j), difference[index], z[index],
                        corrected.get(index)));
            }
        }
        return List.copyOf(result);
    }

    private static Ranks rank(Map<String, double[]> samples) {
        Objects.requireNonNull(samples, "samples");
        if (samples.size() < 2) {
            throw new IllegalArgumentException("need at least two samples, got " + samples.size());
        }
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            checkSample(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
        }
        return Ranks.of(samples.values().toArray(double[][]::new));
    }

    private static void checkSample(String name, double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("sample '" + name + "' is empty");
        }
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("sample '" + name + "' has NaN at index " + i);
            }
        }
    }
}
