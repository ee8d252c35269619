package io.github.empathy4j.stats;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Tests for paired designs, in which every condition answers the same dialogues: McNemar and Stuart-Maxwell
 * (marginal homogeneity), the Wilcoxon signed-rank test, and across all conditions Cochran's Q and Friedman.
 *
 * <p>Paired samples are arrays of equal length, element {@code i} of every array belonging to the same dialogue;
 * ratings are level codes (any ordered numbers, {@code -0.0} equal to {@code 0.0}), successes are booleans. As
 * elsewhere in this package, a test that the data cannot inform (no discordant pair, every value tied) gives
 * {@code NaN} p-value, never an exception; {@code NaN} p-values do not count in a {@link PValues} family.
 *
 * <p>Reference: Agresti (2002), <i>Categorical Data Analysis</i>, 2nd ed., sections 10.1-10.3; Hollander &amp;
 * Wolfe (1999), <i>Nonparametric Statistical Methods</i>, sections 3.1 and 7.1.
 */
public final class PairedTests {

    private PairedTests() {
    }

    /**
     * McNemar's test that two conditions succeed equally often on the same dialogues, from the paired outcomes:
     * counts the discordant pairs {@code b} (x succeeds, y does not) and {@code c} (y succeeds, x does not) and
     * applies {@link #mcNemar(long, long, boolean)}.
     *
     * @param x condition x's success on each dialogue
     * @param y condition y's success on the same dialogues, in the same order
     * @param correct whether to apply the continuity correction (R's default)
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static TestResult mcNemar(boolean[] x, boolean[] y, boolean correct) {
        checkPaired(Objects.requireNonNull(x, "x").length, Objects.requireNonNull(y, "y").length);
        long b = 0;
        long c = 0;
        for (int i = 0; i < x.length; i++) {
            b += x[i] && !y[i] ? 1 : 0;
            c += !x[i] && y[i] ? 1 : 0;
        }
        return mcNemar(b, c, correct);
    }

    /**
     * McNemar's test from the discordant counts: {@code X^2 = (|b - c| - k)^2 / (b + c)} with 1 degree of freedom,
     * where {@code k = 1} with the continuity correction unless {@code b = c}, else 0. Same as R
     * {@code mcnemar.test(matrix(c(a, c, b, d), 2), correct = correct)} (R applies the correction only to an
     * asymmetric table and does not cap it, so {@code |b - c| = 1} gives 0). The concordant pairs do not enter.
     *
     * <p>No discordant pair ({@code b + c = 0}): {@code NaN} statistic and p-value ({@link TestResult}'s undefined
     * test), as R; the data say nothing about a difference, which is not the same as evidence of none (the exact
     * binomial McNemar test would give p = 1). A report should show the counts.
     *
     * <p>Reference: McNemar (1947), Psychometrika 12:153-157; Edwards (1948), Psychometrika 13:185-187
     * (continuity correction).
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public static TestResult mcNemar(long b, long c, boolean correct) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must be non-negative, got b " + b + " and c " + c);
        }
        if (b + c == 0) {
            return TestResult.undefined();
        }
        double difference = Math.abs((double) b - c);
        double k = correct && b != c ? 1 : 0;
        double statistic = (difference - k) * (difference - k) / ((double) b + c);
        return TestResult.of(statistic, 1, ChiSquaredDistribution.of(1).survivalProbability(statistic));
    }

    /**
     * The Stuart-Maxwell test of marginal homogeneity on paired ratings: builds the square table of x's level
     * (rows) by y's level (columns) over the levels seen in either sample, ascending, and applies
     * {@link #stuartMaxwell(long[][])}. Fewer than two levels seen: {@code NaN} statistic and p-value.
     *
     * @throws IllegalArgumentException if the arrays differ in length or hold {@code NaN}
     */
    public static TestResult stuartMaxwell(double[] x, double[] y) {
        checkPaired(Objects.requireNonNull(x, "x").length, Objects.requireNonNull(y, "y").length);
        checkCodes("x", x);
        checkCodes("y", y);
        double[] levels = new double[x.length + y.length];
        for (int i = 0; i < x.length; i++) {
            levels[i] = x[i] + 0.0;
            levels[x.length + i] = y[i] + 0.0;
        }
        levels = Arrays.stream(levels).sorted().distinct().toArray();
        if (levels.length < 2) {
            return TestResult.undefined();
        }
        long[][] table = new long[levels.length][levels.length];
        for (int i = 0; i < x.length; i++) {
            table[Arrays.binarySearch(levels, x[i] + 0.0)][Arrays.binarySearch(levels, y[i] + 0.0)]++;
        }
        return stuartMaxwell(table);
    }

    /**
     * The Stuart-Maxwell test that a square table's row and column margins are equal, that is, that two
     * conditions rating the same dialogues give each level equally often: {@code X^2 = d' V^-1 d} with
     * {@code d_i = n_i. - n_.i} and {@code V_ii = n_i. + n_.i - 2 n_ii}, {@code V_ij = -(n_ij + n_ji)}, with one
     * level left out, and {@code k - 1} degrees of freedom. For a 2x2 table it is McNemar's test without
     * continuity correction. Same as statsmodels
     * {@code SquareTable(table, shift_zeros=False).homogeneity(method='stuart_maxwell')} whenever that is defined.
     *
     * <p>Levels that take part in no discordant pair (no count off the diagonal in their row and column, for
     * example a level nobody used) carry no information: their {@code d_i} and variance are 0 and {@code V} is
     * singular, as it is when the levels fall into groups with no discordant pair between them. The statistic is then the generalised form {@code d' V^+ d} with the Moore-Penrose inverse and
     * {@code rank(V)} degrees of freedom (computed exactly: one level is left out in each group of levels linked by
     * discordant pairs, whose blocks of {@code V} are then invertible). statsmodels gives {@code NaN} there; R
     * {@code t(d) %*% MASS::ginv(V) %*% d} with {@code qr(V)$rank} degrees of freedom agrees. No discordant pair at
     * all: {@code NaN} statistic and p-value, as for McNemar. The table is used as it is (no 0.5 added to empty
     * cells, unlike statsmodels' default {@code shift_zeros=True}).
     *
     * <p>Reference: Stuart (1955), Biometrika 42:412-416; Maxwell (1970), Br. J. Psychiatry 116:651-655; Agresti
     * (2002), section 10.3.1.
     *
     * @param table {@code table[i][j]} dialogues rated level i by x and level j by y
     * @throws IllegalArgumentException unless the table is square, at least 2x2, of non-negative counts
     */
    public static TestResult stuartMaxwell(long[][] table) {
        int k = checkSquare(table);
        // Group levels linked by discordant pairs (union-find); each group's reduced V is invertible.
        int[] group = new int[k];
        for (int i = 0; i < k; i++) {
            group[i] = i;
        }
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                if (table[i][j] + table[j][i] > 0) {
                    int gi = root(group, i);
                    int gj = root(group, j);
                    group[Math.max(gi, gj)] = Math.min(gi, gj);
                }
            }
        }
        double statistic = 0;
        int df = 0;
        for (int g = 0; g < k; g++) {
            if (root(group, g) != g) {
                continue;
            }
            int[] members = new int[k];
            int size = 0;
            for (int i = 0; i < k; i++) {
                if (root(group, i) == g) {
                    members[size++] = i;
                }
            }
            int m = size - 1; // the group's last level is left out
            if (m < 1) {
                continue;
            }
            RealMatrix v = new Array2DRowRealMatrix(m, m);
            RealVector d = new ArrayRealVector(m);
            for (int a = 0; a < m; a++) {
                int i = members[a];
                double discordant = 0;
                double difference = 0;
                for (int j = 0; j < k; j++) {
                    if (j != i) {
                        discordant += table[i][j] + table[j][i];
                        difference += table[i][j] - table[j][i];
                    }
                }
                d.setEntry(a, difference);
                v.setEntry(a, a, discordant);
                for (int b = 0; b < m; b++) {
                    if (b != a) {
                        v.setEntry(a, b, -(double) (table[i][members[b]] + table[members[b]][i]));
                    }
                }
            }
            statistic += d.dotProduct(new LUDecomposition(v).getSolver().solve(d));
            df += m;
        }
        if (df == 0) {
            return TestResult.undefined();
        }
        return TestResult.of(statistic, df, ChiSquaredDistribution.of(df).survivalProbability(statistic));
    }

    /**
     * The Wilcoxon signed-rank test of paired ratings, two-sided, with the normal approximation: differences
     * {@code x - y} of 0 are dropped, the others ranked by absolute value with mid-ranks for ties, and
     * {@code V} is the sum of the ranks of the positive differences. With {@code n} non-zero differences,
     * {@code z = (V - n (n + 1) / 4 - 0.5 sign) / sqrt(n (n + 1) (2n + 1) / 24 - sum(t^3 - t) / 48)} (tie and
     * continuity correction). Same as R {@code wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE)},
     * statistic {@code V}, which rating scales need (ties everywhere make the exact distribution inapplicable).
     * Every difference 0: {@code V = 0} and p-value {@code NaN}, as R.
     *
     * <p>Reference: Wilcoxon (1945), Biometrics Bull. 1:80-83; Hollander &amp; Wolfe (1999), section 3.1.
     *
     * @throws IllegalArgumentException if the arrays differ in length or hold {@code NaN}
     */
    public static TestResult wilcoxonSignedRank(double[] x, double[] y) {
        checkPaired(Objects.requireNonNull(x, "x").length, Objects.requireNonNull(y, "y").length);
        checkCodes("x", x);
        checkCodes("y", y);
        double[] positive = new double[x.length];
        double[] negative = new double[x.length];
        int p = 0;
        int q = 0;
        for (int i = 0; i < x.length; i++) {
            double difference = x[i] - y[i];
            if (difference > 0) {
                positive[p++] = difference;
            } else if (difference < 0) {
                negative[q++] = -difference;
            }
        }
        double n = p + q;
        if (n == 0) {
            return TestResult.of(0, 0, Double.NaN);
        }
        Ranks ranks = Ranks.of(Arrays.copyOf(positive, p), Arrays.copyOf(negative, q));
        double v = ranks.rankSums[0];
        double deviation = v - n * (n + 1) / 4;
        double sigma = Math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - ranks.ties / 48);
        double z = (deviation - Math.signum(deviation) * 0.5) / sigma;
        return TestResult.of(v, 0, 2 * NormalDistribution.of(0, 1).survivalProbability(Math.abs(z)));
    }

    /**
     * Cochran's Q test that several conditions succeed equally often on the same dialogues:
     * {@code Q = (k - 1) (k sum_j C_j^2 - N^2) / (k N - sum_i R_i^2)} with {@code C_j} condition j's successes,
     * {@code R_i} dialogue i's successes across the {@code k} conditions, {@code N} all successes, and
     * {@code k - 1} degrees of freedom. For two conditions it equals McNemar's test without continuity
     * correction. Same as statsmodels {@code cochrans_q(x)} with x dialogues by conditions. Dialogues on which
     * every condition agrees do not change Q; if all do (the denominator is 0): {@code NaN} statistic and p-value.
     *
     * <p>Reference: Cochran (1950), Biometrika 37:256-266.
     *
     * @param conditions each condition's success on every dialogue, all of the same length
     * @throws IllegalArgumentException if fewer than two conditions, or they differ in length
     */
    public static TestResult cochranQ(boolean[]... conditions) {
        int n = checkBlocks(Arrays.stream(Objects.requireNonNull(conditions, "conditions"))
                .mapToInt(c -> Objects.requireNonNull(c, "condition").length).toArray());
        int k = conditions.length;
        double total = 0;
        double columnSquares = 0;
        for (boolean[] condition : conditions) {
            double successes = 0;
            for (boolean s : condition) {
                successes += s ? 1 : 0;
            }
            total += successes;
            columnSquares += successes * successes;
        }
        double rowSquares = 0;
        for (int i = 0; i < n; i++) {
            double successes = 0;
            for (boolean[] condition : conditions) {
                successes += condition[i] ? 1 : 0;
            }
            rowSquares += successes * successes;
        }
        double denominator = k * total - rowSquares;
        if (denominator == 0) {
            return TestResult.of(Double.NaN, k - 1, Double.NaN);
        }
        double q = (k - 1) * (k * columnSquares - total * total) / denominator;
        return TestResult.of(q, k - 1, ChiSquaredDistribution.of(k - 1).survivalProbability(q));
    }

    /**
     * Friedman's rank test that several conditions rate the same dialogues alike: ratings are ranked within each
     * dialogue across the {@code k} conditions (mid-ranks for ties), and with {@code R_j} condition j's rank sum
     * over the {@code n} dialogues
     * {@code X^2 = 12 sum_j (R_j - n (k + 1) / 2)^2 / (n k (k + 1) - sum(t^3 - t) / (k - 1))}, the sum of
     * {@code t^3 - t} over the tie groups within dialogues, with {@code k - 1} degrees of freedom. Same as R
     * {@code friedman.test(y)} with {@code y} dialogues (rows) by conditions (columns). Every dialogue's ratings
     * all tied: {@code NaN} statistic and p-value (R: {@code NaN} and {@code NA}).
     *
     * <p>Reference: Friedman (1937), J. Am. Statist. Assoc. 32:675-701; Hollander &amp; Wolfe (1999), section 7.1.
     *
     * @param conditions each condition's rating codes on every dialogue, all of the same length
     * @throws IllegalArgumentException if fewer than two conditions, they differ in length, or hold {@code NaN}
     */
    public static TestResult friedman(double[]... conditions) {
        int n = checkBlocks(Arrays.stream(Objects.requireNonNull(conditions, "conditions"))
                .mapToInt(c -> Objects.requireNonNull(c, "condition").length).toArray());
        int k = conditions.length;
        for (int j = 0; j < k; j++) {
            checkCodes("condition " + j, conditions[j]);
        }
        double[] rankSums = new double[k];
        double ties = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double value = conditions[j][i];
                double below = 0;
                double equal = 0;
                for (double[] other : conditions) {
                    below += other[i] < value ? 1 : 0;
                    equal += other[i] == value ? 1 : 0;
                }
                rankSums[j] += below + (equal + 1) / 2;
                // each member of a tie group of size t adds t^2 - 1, so the group adds t^3 - t
                ties += equal * equal - 1;
            }
        }
        double centre = n * (k + 1) / 2.0;
        double spread = 0;
        for (double r : rankSums) {
            spread += (r - centre) * (r - centre);
        }
        double statistic = 12 * spread / ((double) n * k * (k + 1) - ties / (k - 1));
        if (!Double.isFinite(statistic)) {
            return TestResult.of(Double.NaN, k - 1, Double.NaN);
        }
        return TestResult.of(statistic, k - 1, ChiSquaredDistribution.of(k - 1).survivalProbability(statistic));
    }

    private static int root(int[] group, int i) {
        int r = i;
        while (group[r] != r) {
            r = group[r];
        }
        return r;
    }

    private static void checkPaired(int nx, int ny) {
        if (nx != ny) {
            throw new IllegalArgumentException("paired samples need equal lengths, got x " + nx + " and y " + ny);
        }
    }

    private static void checkCodes(String name, double[] codes) {
        for (int i = 0; i < codes.length; i++) {
            if (Double.isNaN(codes[i])) {
                throw new IllegalArgumentException(name + " has NaN at index " + i);
            }
        }
    }

    /** Checks that there are at least two conditions rating the same, at least one, dialogues; their number. */
    private static int checkBlocks(int[] lengths) {
        if (lengths.length < 2) {
            throw new IllegalArgumentException("need at least two conditions, got " + lengths.length);
        }
        int n = lengths[0];
        for (int j = 1; j < lengths.length; j++) {
            int length = lengths[j];
            if (length != n) {
                throw new IllegalArgumentException("condition " + j + " has " + length
                        + " dialogues, condition 0 has " + n + "; conditions must rate the same dialogues");
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("conditions rate no dialogue");
        }
        return n;
    }

    private static int checkSquare(long[][] table) {
        Objects.requireNonNull(table, "table");
        int k = table.length;
        if (k < 2) {
            throw new IllegalArgumentException("marginal homogeneity needs a square table of at least 2x2, got "
                    + k + " rows");
        }
        for (int i = 0; i < k; i++) {
            Objects.requireNonNull(table[i], "table row " + i);
            if (table[i].length != k) {
                throw new IllegalArgumentException("table must be square: row " + i + " has " + table[i].length
                        + " columns, the table " + k + " rows");
            }
            for (int j = 0; j < k; j++) {
                if (table[i][j] < 0) {
                    throw new IllegalArgumentException("negative count " + table[i][j] + " at table[" + i + "]["
                            + j + "]");
                }
            }
        }
        return k;
    }
}
