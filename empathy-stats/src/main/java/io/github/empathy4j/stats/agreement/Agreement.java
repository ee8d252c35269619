package io.github.empathy4j.stats.agreement;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Agreement between raters: Cohen's kappa (two raters), Fleiss' kappa (a fixed number of raters per unit) and
 * Krippendorff's alpha (any number of raters, missing values allowed).
 *
 * <p>Kappa and alpha are 1 for perfect agreement, 0 for agreement at chance level, negative below it. When the
 * ratings have no variation at all, the chance agreement is perfect too and the coefficient is {@code 0 / 0}:
 * every method then returns {@code NaN}, as R's {@code irr} package and statsmodels do.
 */
public final class Agreement {

    private Agreement() {
    }

    /** Weights of Cohen's kappa: how much partial credit a near miss between ordered categories earns. */
    public enum Weights {
        /** No partial credit: only identical categories agree. */
        UNWEIGHTED,
        /** {@code 1 - |i - j| / (k - 1)} for categories {@code i, j} of {@code k}. */
        LINEAR,
        /** {@code 1 - (i - j)^2 / (k - 1)^2}; close to the intraclass correlation. */
        QUADRATIC
    }

    /** The distance metric of Krippendorff's alpha, the level of measurement of the values. */
    public enum Metric {
        /** Categories without order: {@code delta^2 = 0} if equal, else 1. */
        NOMINAL,
        /**
         * Ranks: {@code delta^2(c, k) = (sum_(g=c..k) n_g - (n_c + n_k) / 2)^2} with {@code n_g} the number of
         * pairable values {@code g}.
         */
        ORDINAL,
        /** Equal intervals: {@code delta^2(c, k) = (c - k)^2}. */
        INTERVAL
    }

    /**
     * Cohen's kappa of a confusion matrix: {@code (p_o - p_e) / (1 - p_e)} with weighted observed agreement
     * {@code p_o = sum w_ij p_ij} and chance agreement {@code p_e = sum w_ij p_i. p_.j}; weights use the category
     * indices. Same as statsmodels {@code cohens_kappa(table, wt=...)} and R {@code irr::kappa2}.
     *
     * <p>Reference: Cohen (1960), Educ. Psychol. Meas. 20:37-46; Cohen (1968), Psychol. Bull. 70:213-220.
     *
     * @throws IllegalArgumentException if the matrix has no units
     */
    public static double cohensKappa(ConfusionMatrix matrix, Weights weights) {
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(weights, "weights");
        double n = matrix.total();
        if (n == 0) {
            throw new IllegalArgumentException("the confusion matrix is empty; kappa needs at least one unit");
        }
        int k = matrix.categories().size();
        double[] rows = new double[k];
        double[] columns = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                rows[i] += matrix.counts().get(i).get(j) / n;
                columns[j] += matrix.counts().get(i).get(j) / n;
            }
        }
        double observed = 0;
        double chance = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = Math.abs(i - j) / (k - 1.0);
                double w = switch (weights) {
                    case UNWEIGHTED -> i == j ? 1 : 0;
                    case LINEAR -> 1 - d;
                    case QUADRATIC -> 1 - d * d;
                };
                observed += w * matrix.counts().get(i).get(j) / n;
                chance += w * rows[i] * columns[j];
            }
        }
        return (observed - chance) / (1 - chance);
    }

    /**
     * Fleiss' kappa for {@code N} units each rated by the same number {@code m >= 2} of raters (not necessarily
     * the same raters): {@code (Pbar - P_e) / (1 - P_e)} with {@code P_i = (sum_j n_ij^2 - m) / (m (m - 1))},
     * {@code Pbar} their mean, {@code p_j = sum_i n_ij / (N m)} and {@code P_e = sum_j p_j^2}. Same as statsmodels
     * {@code fleiss_kappa(table, method='fleiss')}.
     *
     * <p>Reference: Fleiss (1971), Psychol. Bull. 76:378-382.
     *
     * @param counts {@code counts[i][j]}: how many raters put unit {@code i} in category {@code j}
     * @throws IllegalArgumentException naming the unit whose number of ratings differs or is below 2, or a
     *     negative count
     */
    public static double fleissKappa(long[][] counts) {
        Objects.requireNonNull(counts, "counts");
        if (counts.length == 0) {
            throw new IllegalArgumentException("Fleiss' kappa needs at least one unit");
        }
        int k = counts[0].length;
        long m = Arrays.stream(counts[0]).sum();
        double[] categoryTotals = new double[k];
        double agreement = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != k) {
                throw new IllegalArgumentException("unit " + i + " has " + counts[i].length + " categories, expected "
                        + k);
            }
            long sum = 0;
            double squares = 0;
            for (int j = 0; j < k; j++) {
                if (counts[i][j] < 0) {
                    throw new IllegalArgumentException("unit " + i + ", category " + j + ": count " + counts[i][j]
                            + " is negative");
                }
                sum += counts[i][j];
                squares += (double) counts[i][j] * counts[i][j];
                categoryTotals[j] += counts[i][j];
            }
            if (sum != m || m < 2) {
                throw new IllegalArgumentException("unit " + i + " has " + sum + " ratings; Fleiss' kappa needs the "
                        + "same number (at least 2) for every unit, and unit 0 has " + m);
            }
            agreement += (squares - m) / (m * (m - 1.0));
        }
        double meanAgreement = agreement / counts.length;
        double chance = 0;
        for (double total : categoryTotals) {
            double p = total / (counts.length * (double) m);
            chance += p * p;
        }
        return (meanAgreement - chance) / (1 - chance);
    }

    /**
     * Krippendorff's alpha: {@code 1 - D_o / D_e}, from the coincidence matrix
     * {@code o_ck = sum_u (number of ordered pairs of values (c, k) in unit u) / (m_u - 1)} over the units with at
     * least two values ({@code m_u}), with {@code D_o = sum o_ck delta^2(c, k)} and
     * {@code D_e = sum n_c n_k delta^2(c, k) / (n - 1)}, {@code n_c} the row sums and {@code n} their total. Units
     * with fewer than two values are not pairable and are left out. {@code NaN} when fewer than two pairable values
     * exist or they do not vary.
     *
     * <p>Reference: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
     * Communication, University of Pennsylvania; its worked example gives 0.743 (nominal), 0.815 (ordinal) and
     * 0.849 (interval).
     *
     * @param units one array per unit with the values its raters gave, {@code NaN} where a rater gave none;
     *     {@code -0.0} and {@code 0.0} are the same value
     * @throws IllegalArgumentException naming a unit that is {@code null}
     */
    public static double krippendorffAlpha(double[][] units, Metric metric) {
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(metric, "metric");
        for (int u = 0; u < units.length; u++) {
            if (units[u] == null) {
                throw new IllegalArgumentException("unit " + u + " of " + units.length + " is null; give a unit no"
                        + " rater rated as an array of NaN, or leave it out");
            }
        }
        // -0.0 + 0.0 is 0.0: the two zeros are one value.
        double[] distinct = Arrays.stream(units).filter(u -> present(u) >= 2).flatMapToDouble(Arrays::stream)
                .filter(v -> !Double.isNaN(v)).map(v -> v + 0.0).sorted().distinct().toArray();
        int v = distinct.length;
        double[][] coincidence = new double[v][v];
        int[] unitCounts = new int[v];
        for (double[] unit : units) {
            int m = present(unit);
            if (m < 2) {
                continue;
            }
            Arrays.fill(unitCounts, 0);
            for (double value : unit) {
                if (!Double.isNaN(value)) {
                    unitCounts[Arrays.binarySearch(distinct, value + 0.0)]++;
                }
            }
            for (int c = 0; c < v; c++) {
                if (unitCounts[c] == 0) {
                    continue;
                }
                for (int k = 0; k < v; k++) {
                    coincidence[c][k] += unitCounts[c] * (double) (unitCounts[k] - (c == k ? 1 : 0)) / (m - 1);
                }
            }
        }
        return alpha(distinct, coincidence, metric);
    }

    /**
     * Krippendorff's alpha of two raters who both rated every unit, from their confusion matrix: the same as
     * {@link #krippendorffAlpha(double[][], Metric)} of the units {@code {first, second}}, whose coincidence matrix is
     * the confusion matrix plus its transpose, without going through the units (for a bootstrap over thousands of
     * them). {@code NaN} when fewer than two units or their values do not vary.
     */
    public static double krippendorffAlpha(ConfusionMatrix matrix, Metric metric) {
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(metric, "metric");
        int k = matrix.categories().size();
        List<Integer> used = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            long total = 0;
            for (int j = 0; j < k; j++) {
                total += matrix.counts().get(c).get(j) + matrix.counts().get(j).get(c);
            }
            if (total > 0) {
                used.add(c);
            }
        }
        int[] order = used.stream().sorted(Comparator.comparingInt(c -> matrix.categories().get(c)))
                .mapToInt(Integer::intValue).toArray();
        int v = order.length;
        double[] values = new double[v];
        double[][] coincidence = new double[v][v];
        for (int c = 0; c < v; c++) {
            values[c] = matrix.categories().get(order[c]);
            for (int j = 0; j < v; j++) {
                coincidence[c][j] = matrix.counts().get(order[c]).get(order[j])
                        + matrix.counts().get(order[j]).get(order[c]);
            }
        }
        return alpha(values, coincidence, metric);
    }

    /** Alpha from the distinct values (ascending) and their coincidence matrix. */
    private static double alpha(double[] distinct, double[][] coincidence, Metric metric) {
        int v = distinct.length;
        double[] marginals = new double[v];
        double n = 0;
        for (int c = 0; c < v; c++) {
            for (int k = 0; k < v; k++) {
                marginals[c] += coincidence[c][k];
            }
            n += marginals[c];
        }
        double observed = 0;
        double expected = 0;
        for (int c = 0; c < v; c++) {
            for (int k = 0; k < v; k++) {
                double delta = delta2(metric, distinct, marginals, c, k);
                observed += coincidence[c][k] * delta;
                expected += marginals[c] * marginals[k] * delta;
            }
        }
        return n < 2 ? Double.NaN : 1 - (n - 1) * observed / expected;
    }

    private static double delta2(Metric metric, double[] values, double[] marginals, int c, int k) {
        return switch (metric) {
            case NOMINAL -> c == k ? 0 : 1;
            case INTERVAL -> (values[c] - values[k]) * (values[c] - values[k]);
            case ORDINAL -> {
                double sum = 0;
                for (int g = Math.min(c, k); g <= Math.max(c, k); g++) {
                    sum += marginals[g];
                }
                double d = sum - (marginals[c] + marginals[k]) / 2;
                yield d * d;
            }
        };
    }

    private static int present(double[] unit) {
        int m = 0;
        for (double value : unit) {
            m += Double.isNaN(value) ? 0 : 1;
        }
        return m;
    }

    /**
     * The agreement of two raters, for example crowd ratings ({@code first}) and an LLM judge's ({@code second}),
     * on the units both rated. A unit is a condition's reply to a dialogue; ratings on other dimensions are
     * skipped.
     *
     * @throws IllegalArgumentException naming the unit when one rater rated it twice, naming the value when a
     *     rating is outside the dimension, or when no unit was rated by both
     */
    public static PairAgreement between(List<Rating> first, List<Rating> second, RatingScale.Dimension dimension) {
        Objects.requireNonNull(dimension, "dimension");
        Map<String, Integer> a = byUnit(Objects.requireNonNull(first, "first"), dimension, "first");
        Map<String, Integer> b = byUnit(Objects.requireNonNull(second, "second"), dimension, "second");
        List<int[]> pairs = new ArrayList<>();
        a.forEach((unit, value) -> {
            Integer other = b.get(unit);
            if (other != null) {
                pairs.add(new int[] {value, other});
            }
        });
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no unit (condition and dialogue) was rated by both raters on"
                    + " dimension '" + dimension.id() + "'");
        }
        int[] x = pairs.stream().mapToInt(p -> p[0]).toArray();
        int[] y = pairs.stream().mapToInt(p -> p[1]).toArray();
        List<Integer> categories = dimension.levels().stream().map(RatingScale.Level::code).toList();
        ConfusionMatrix confusion = ConfusionMatrix.of(x, y, categories);
        double[][] units = pairs.stream().map(p -> new double[] {p[0], p[1]}).toArray(double[][]::new);
        return new PairAgreement(pairs.size(), a.size() + b.size() - 2 * pairs.size(), confusion,
                cohensKappa(confusion, Weights.UNWEIGHTED), cohensKappa(confusion, Weights.LINEAR),
                cohensKappa(confusion, Weights.QUADRATIC), krippendorffAlpha(units, Metric.NOMINAL),
                krippendorffAlpha(units, Metric.ORDINAL), krippendorffAlpha(units, Metric.INTERVAL));
    }

    private static Map<String, Integer> byUnit(List<Rating> ratings, RatingScale.Dimension dimension, String rater) {
        Map<String, Integer> values = new LinkedHashMap<>();
        for (Rating r : ratings) {
            if (!r.dimension().equals(dimension.id())) {
                continue;
            }
            if (!dimension.contains(r.value())) {
                throw new IllegalArgumentException("the " + rater + " rater's rating of condition '" + r.condition()
                        + "', dialogue '" + r.dialogueId() + "' has value " + r.value() + "; expected "
                        + dimension.describe());
            }
            if (values.put(r.condition() + "\u0000" + r.dialogueId(), r.value()) != null) {
                throw new IllegalArgumentException("the " + rater + " rater rated condition '" + r.condition()
                        + "', dialogue '" + r.dialogueId() + "' more than once");
            }
        }
        return values;
    }
}
