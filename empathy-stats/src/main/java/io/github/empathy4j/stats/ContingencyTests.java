package io.github.empathy4j.stats;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.HypergeometricDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;

/**
 * Tests of independence on contingency tables of counts (rows: conditions; columns: rating levels or
 * success / failure).
 *
 * <p>Tables are {@code long[rows][columns]} of non-negative counts. Rows or columns whose counts are all zero
 * carry no information and are left out before testing (so a rating level no condition used reduces the degrees
 * of freedom). A table of independence needs two rows and two columns: one left with a single row or a single
 * column (one condition, or one level used by all) gives {@code NaN} statistic and p-value from {@link #chiSquare}
 * and {@code NaN} from {@link #cramersV}, whichever of the two is missing. R differs here: {@code chisq.test} turns
 * a one-row or one-column matrix (also one left by {@code x[rowSums(x) > 0, colSums(x) > 0]}) into a vector and
 * tests goodness of fit to equal proportions instead, a different hypothesis; {@code fisher.test} stops with
 * "'x' must have at least 2 rows and columns". The 2x2 tests ({@link #yates}, {@link #fisher}) keep the table as it
 * is and reject any other shape, 1x2 and 2x1 alike.
 *
 * <p>Reference: Agresti (2002), <i>Categorical Data Analysis</i>, 2nd ed., sections 3.2 and 3.5.
 */
public final class ContingencyTests {

    /** R {@code fisher.test}'s relative tolerance for tables as likely as the observed one. */
    private static final double FISHER_RELATIVE_ERROR = 1 + 1e-7;

    private ContingencyTests() {
    }

    /**
     * Pearson's chi-square test of independence, without continuity correction:
     * {@code X^2 = sum (O - E)^2 / E} with {@code E = row total * column total / N} and
     * {@code (r - 1)(c - 1)} degrees of freedom (Commons Statistics {@code ChiSquareTest}); same as R
     * {@code chisq.test(x, correct = FALSE)}.
     *
     * @throws IllegalArgumentException for an empty or ragged table or a negative count
     */
    public static TestResult chiSquare(long[][] table) {
        long[][] reduced = nonEmpty(check(table));
        if (reduced.length < 2 || reduced[0].length < 2) {
            return TestResult.undefined();
        }
        var result = ChiSquareTest.withDefaults().test(reduced);
        return TestResult.of(result.getStatistic(), (reduced.length - 1) * (reduced[0].length - 1),
                result.getPValue());
    }

    /**
     * Pearson's chi-square test of a 2x2 table with Yates' continuity correction, as the 2024 study used:
     * {@code X^2 = sum (|O - E| - min(0.5, |O - E|))^2 / E} with 1 degree of freedom. The correction is capped at
     * {@code |O - E|} as in R {@code chisq.test(x, correct = TRUE)} and scipy
     * {@code chi2_contingency(x, correction=True)}. A table with an all-zero row or column gives {@code NaN}, as
     * R does.
     *
     * <p>Reference: Yates (1934), J. R. Statist. Soc. Suppl. 1:217-235.
     *
     * @throws IllegalArgumentException unless the table is 2x2 of non-negative counts
     */
    public static TestResult yates(long[][] table) {
        check2x2(table);
        double n = 0;
        double[] rows = new double[2];
        double[] columns = new double[2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                rows[i] += table[i][j];
                columns[j] += table[i][j];
                n += table[i][j];
            }
        }
        if (rows[0] == 0 || rows[1] == 0 || columns[0] == 0 || columns[1] == 0) {
            return TestResult.undefined();
        }
        double statistic = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double expected = rows[i] * columns[j] / n;
                double deviation = Math.abs(table[i][j] - expected);
                double corrected = deviation - Math.min(0.5, deviation);
                statistic += corrected * corrected / expected;
            }
        }
        return TestResult.of(statistic, 1, ChiSquaredDistribution.of(1).survivalProbability(statistic));
    }

    /**
     * Fisher's exact test of a 2x2 table, two-sided: the p-value sums the hypergeometric probabilities of all
     * tables with the observed margins whose probability is at most the observed table's times {@code 1 + 1e-7},
     * the relative tolerance that lets tables tie the observed one despite rounding; same rule and value as R
     * {@code fisher.test(x)$p.value}. (Without the tolerance, tables as likely as the observed one can be missed:
     * {@code {{2, 8}, {13, 7}}} would give 0.0277 instead of R's 0.0502.) Probabilities below the largest one
     * times {@code 2^-1074} count as 0, as in R. The statistic is the sample odds ratio {@code (a d) / (b c)}
     * ({@code Infinity} or {@code NaN} when a cell is zero), not R's conditional estimate. A table with an
     * all-zero row or column has p-value 1.
     *
     * <p>Reference: Fisher (1935), J. R. Statist. Soc. 98:39-82; Agresti (2002), section 3.5.1.
     *
     * @throws IllegalArgumentException unless the table is 2x2 of non-negative counts below 2^31 in total
     */
    public static TestResult fisher(long[][] table) {
        check2x2(table);
        long total = 0;
        for (long[] row : table) {
            for (long count : row) {
                total += count;
                if (total < 0 || total > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("Fisher's exact test supports at most " + Integer.MAX_VALUE
                            + " observations; the table " + Arrays.deepToString(table) + " has more");
                }
            }
        }
        double oddsRatio = (double) table[0][0] * table[1][1] / ((double) table[0][1] * table[1][0]);
        if (total == 0) {
            return TestResult.of(oddsRatio, 0, 1);
        }
        return TestResult.of(oddsRatio, 0, fisherTwoSided((int) table[0][0], (int) (table[0][0] + table[1][0]),
                (int) (table[0][0] + table[0][1]), (int) total));
    }

    /** Fisher's two-sided p-value of cell {@code a} given the first column's and first row's totals. */
    private static double fisherTwoSided(int a, int column, int row, int total) {
        HypergeometricDistribution h = HypergeometricDistribution.of(total, column, row);
        int lower = h.getSupportLowerBound();
        int upper = h.getSupportUpperBound();
        int mode = Math.max(lower, Math.min(upper, (int) ((row + 1.0) * (column + 1.0) / (total + 2.0))));
        double scale = h.logProbability(mode);
        double observed = Math.exp(h.logProbability(a) - scale) * FISHER_RELATIVE_ERROR;
        double all = 0;
        double extreme = 0;
        // The probabilities fall on both sides of the mode: walk each way until they underflow.
        for (int step : new int[] {-1, 1}) {
            for (int x = step < 0 ? mode : mode + 1; x >= lower && x <= upper; x += step) {
                double d = Math.exp(h.logProbability(x) - scale);
                if (d == 0) {
                    break;
                }
                all += d;
                extreme += d <= observed ? d : 0;
            }
        }
        return Math.min(1, extreme / all);
    }

    /**
     * Cramér's V, the strength of association: {@code sqrt(X^2 / (N (min(r, c) - 1)))} with {@code X^2} the
     * uncorrected Pearson statistic of {@link #chiSquare} and {@code r, c} the dimensions after leaving out empty
     * rows and columns; between 0 and 1. For a 2x2 table it is the absolute value of the phi coefficient.
     * {@code NaN} when the chi-square is undefined.
     *
     * <p>Reference: Cramér (1946), <i>Mathematical Methods of Statistics</i>, p. 282.
     */
    public static double cramersV(long[][] table) {
        long[][] reduced = nonEmpty(check(table));
        if (reduced.length < 2 || reduced[0].length < 2) {
            return Double.NaN;
        }
        double n = Arrays.stream(reduced).flatMapToLong(Arrays::stream).sum();
        double statistic = ChiSquareTest.withDefaults().statistic(reduced);
        return Math.sqrt(statistic / (n * (Math.min(reduced.length, reduced[0].length) - 1)));
    }

    /** Whether any expected count of a table under independence is below 5 (the usual rule for Fisher's test). */
    static boolean smallExpected(long[][] table) {
        double n = 0;
        double[] rows = new double[table.length];
        double[] columns = new double[table[0].length];
        for (int i = 0; i < table.length; i++) {
            for (int j = 0; j < table[i].length; j++) {
                rows[i] += table[i][j];
                columns[j] += table[i][j];
                n += table[i][j];
            }
        }
        for (double r : rows) {
            for (double c : columns) {
                if (r * c / n < 5) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long[][] check(long[][] table) {
        Objects.requireNonNull(table, "table");
        if (table.length == 0 || table[0].length == 0) {
            throw new IllegalArgumentException("a contingency table needs at least one row and one column, got "
                    + table.length + (table.length == 0 ? " rows" : " rows of " + table[0].length + " columns"));
        }
        for (int i = 0; i < table.length; i++) {
            if (table[i].length != table[0].length) {
                throw new IllegalArgumentException("contingency table row " + i + " has " + table[i].length
                        + " columns, expected " + table[0].length);
            }
            for (int j = 0; j < table[i].length; j++) {
                if (table[i][j] < 0) {
                    throw new IllegalArgumentException("contingency table cell [" + i + "][" + j + "] is "
                            + table[i][j] + "; counts must not be negative");
                }
            }
        }
        return table;
    }

    private static void check2x2(long[][] table) {
        check(table);
        if (table.length != 2 || table[0].length != 2) {
            throw new IllegalArgumentException("expected a 2x2 table, got " + table.length + "x" + table[0].length);
        }
    }

    private static long[][] nonEmpty(long[][] table) {
        boolean[] keepColumn = new boolean[table[0].length];
        int rows = 0;
        int columns = 0;
        for (long[] row : table) {
            boolean any = false;
            for (int j = 0; j < row.length; j++) {
                if (row[j] > 0) {
                    any = true;
                    keepColumn[j] = true;
                }
            }
            rows += any ? 1 : 0;
        }
        for (boolean k : keepColumn) {
            columns += k ? 1 : 0;
        }
        long[][] reduced = new long[rows][columns];
        int i = 0;
        for (long[] row : table) {
            if (Arrays.stream(row).allMatch(c -> c == 0)) {
                continue;
            }
            for (int j = 0, k = 0; j < row.length; j++) {
                if (keepColumn[j]) {
                    reduced[i][k++] = row[j];
                }
            }
            i++;
        }
        return reduced;
    }
}
