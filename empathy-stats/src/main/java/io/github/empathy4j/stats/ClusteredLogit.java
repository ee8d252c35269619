package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Logistic regression of Good (success 0/1) on condition, with model-based, cluster-robust (one-way) and two-way
 * cluster-robust standard errors: rater-aware estimates for ratings that are not independent.
 *
 * <p>In the study's release every crowd participant rated one batch of ten replies of one condition, so ratings by
 * the same rater are correlated (intra-rater correlation of Good about 0.1) and condition is confounded with rater;
 * tests that treat the ratings as independent are overconfident. The cluster-robust (sandwich) variance keeps the
 * same estimates and widens their standard errors by the observed within-cluster correlation of the scores.
 *
 * <p><b>Model.</b> {@code logit P(success_i) = b_0 + sum_{c >= 1} b_c [condition_i = c]} (treatment coding,
 * baseline condition 0), fitted by maximum likelihood with Newton's method (the same as IRLS for the logit link),
 * each step solved by a Cholesky decomposition of the information {@code A = X' W X}, {@code W = diag(mu(1 - mu))},
 * from {@code b = 0} until the largest step is below {@code 1e-10 (1 + max |b|)} (the convergence is quadratic, so
 * the estimate is then at machine precision) and everything is evaluated at that estimate. The model is
 * saturated in condition, so {@code b_0 = logit(p_0)} and {@code b_c = logit(p_c) - logit(p_0)} with {@code p_c}
 * the observed share, and Newton's method converges from 0 without step halving.
 *
 * <p><b>Variances.</b> With scores {@code s_i = x_i (y_i - mu_i)} and, for a clustering with {@code G} clusters,
 * cluster sums {@code u_g = sum_{i in g} s_i} and meat {@code M = G / (G - 1) sum_g u_g u_g'}:
 * <ul>
 *   <li>model-based: {@code A^-1}, R's {@code vcov(glm(success ~ factor(condition), family = binomial))};</li>
 *   <li>one-way: {@code A^-1 M A^-1}, {@code sandwich::vcovCL(fit, cluster = ~ rater)} with its defaults, which
 *       for a {@code glm} are {@code type = "HC0"} (no {@code (n - 1) / (n - k)} factor: {@code "HC1"} is the
 *       default only for {@code lm} objects), {@code cadjust = TRUE} (the {@code G / (G - 1)} factor) and
 *       {@code fix = FALSE};</li>
 *   <li>two-way: {@code A^-1 (M_1 + M_2 - M_12) A^-1} (Cameron, Gelbach &amp; Miller), each meat with its own
 *       {@code G / (G - 1)}, {@code M_12} over the observed pairs of both clusterings,
 *       {@code vcovCL(fit, cluster = ~ rater + dialogue)} with its defaults ({@code multi0 = FALSE}: the
 *       intersection term keeps its {@code G_12 / (G_12 - 1)} even when every pair is one rating;
 *       {@code fix = FALSE}: a negative variance is not repaired, and its standard error is {@code NaN}, as
 *       R's {@code sqrt} of it).</li>
 * </ul>
 * The z-test and the Wald interval use the normal distribution, as {@code lmtest::coeftest(fit, vcov. = V)} and
 * {@code lmtest::coefci(fit, vcov. = V)} do for a {@code glm} ({@code df = Inf}). Everything is evaluated at the
 * maximum-likelihood estimate; R's {@code glm} with its default {@code epsilon = 1e-8} stops one IRLS iteration
 * short and evaluates the working weights at the last-but-one iterate, which moved its standard errors by up to
 * {@code 1.3e-4} relative on the tests' synthetic sets (1e-14 on the release); the tests refit R's model from its
 * own estimate to compare at the MLE.
 *
 * <p><b>Edge cases.</b> A condition with all or none of its ratings Good has no finite maximum-likelihood
 * estimate (separation; R's {@code glm} then warns and returns a huge coefficient with a meaningless standard
 * error): every method throws {@link IllegalArgumentException} naming the condition and its counts, so the
 * caller reports that condition's counts instead. Conditions must be numbered {@code 0..k-1} with {@code k >= 2},
 * each with at least one rating; each clustering needs at least two clusters. Cluster ids are any {@code int}s
 * and need not be contiguous; ratings with the same id belong to the same cluster. Where the ratings carry no
 * rater identity (one LLM judge), cluster by dialogue with {@link #clustered}.
 *
 * <p>References: Zeileis, K&ouml;ll &amp; Graham (2020), "Various Versatile Variances: An Object-Oriented
 * Implementation of Clustered Covariances in R", J. Stat. Softw. 95(1); Cameron, Gelbach &amp; Miller (2011),
 * "Robust Inference With Multiway Clustering", J. Bus. Econ. Stat. 29(2):238-249; Cameron &amp; Miller (2015),
 * "A Practitioner's Guide to Cluster-Robust Inference", J. Human Resources 50(2):317-372.
 */
public final class ClusteredLogit {

    private static final int MAX_ITERATIONS = 100;
    private static final double STEP_TOLERANCE = 1e-10;

    private ClusteredLogit() {
    }

    /**
     * The effects with the model-based variance (ratings independent), as R's
     * {@code coeftest(glm(success ~ factor(condition), family = binomial))}.
     *
     * @param condition per rating, its condition {@code 0..k-1} (0 is the baseline)
     * @param success per rating, 1 for Good, 0 otherwise
     * @param confidence the intervals' confidence level, in (0, 1)
     * @return one effect per condition {@code 1..k-1}, in order
     * @throws IllegalArgumentException for arrays of different lengths, a success other than 0 or 1, a condition
     *     without ratings, fewer than two conditions, a condition whose ratings are all or none Good, or a
     *     confidence outside (0, 1)
     */
    public static List<LogitEffect> modelBased(int[] condition, int[] success, double confidence) {
        Fit fit = fit(condition, success);
        return effects(fit, fit.inverseInformation(), confidence);
    }

    /**
     * The effects with the one-way cluster-robust variance, as
     * {@code coeftest(fit, vcov. = vcovCL(fit, cluster = ~ cluster))}: cluster by rater where ratings carry one,
     * otherwise (an LLM judge) by dialogue.
     *
     * @param cluster per rating, its cluster's id (any {@code int})
     * @throws IllegalArgumentException as {@link #modelBased}, and for fewer than two clusters
     * @see #modelBased
     */
    public static List<LogitEffect> clustered(int[] condition, int[] success, int[] cluster, double confidence) {
        Fit fit = fit(condition, success);
        return effects(fit, covariance(fit, cluster), confidence);
    }

    /**
     * The effects with the two-way cluster-robust variance, as
     * {@code coeftest(fit, vcov. = vcovCL(fit, cluster = ~ rater + dialogue))}. A negative variance (possible
     * with the subtracted intersection term) gives {@code NaN} standard errors, z, p and intervals.
     *
     * @param rater per rating, its rater's id (any {@code int})
     * @param dialogue per rating, its dialogue's id (any {@code int})
     * @throws IllegalArgumentException as {@link #modelBased}, and for fewer than two raters or dialogues
     * @see #modelBased
     */
    public static List<LogitEffect> twoWay(int[] condition, int[] success, int[] rater, int[] dialogue,
            double confidence) {
        Fit fit = fit(condition, success);
        return effects(fit, covariance(fit, rater, dialogue), confidence);
    }

    /**
     * A maximum-likelihood fit.
     *
     * @param coefficients {@code b_0..b_(k-1)}
     * @param condition per rating, its condition
     * @param residual per rating, {@code y_i - mu_i}
     * @param inverseInformation {@code A^-1}, the model-based covariance
     */
    record Fit(double[] coefficients, int[] condition, double[] residual, RealMatrix inverseInformation) {
    }

    /**
     * The number of conditions, k (conditions are numbered 0..k-1), after checking every rating's condition and
     * success.
     *
     * @throws IllegalArgumentException naming the rating with a negative condition or a success other than 0 or 1
     */
    static int conditions(int[] condition, int[] success) {
        int k = 0;
        for (int i = 0; i < condition.length; i++) {
            if (condition[i] < 0) {
                throw new IllegalArgumentException("condition " + condition[i] + " at rating " + i
                        + " is negative; conditions are numbered 0..k-1");
            }
            if (success[i] != 0 && success[i] != 1) {
                throw new IllegalArgumentException("success " + success[i] + " at rating " + i + " is not 0 or 1");
            }
            k = Math.max(k, condition[i] + 1);
        }
        return k;
    }

    /** Fits the model; see the class documentation. */
    static Fit fit(int[] condition, int[] success) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(success, "success");
        if (condition.length != success.length) {
            throw new IllegalArgumentException("condition and success differ in length: " + condition.length
                    + " and " + success.length);
        }
        int k = conditions(condition, success);
        if (k < 2) {
            throw new IllegalArgumentException("a regression on condition needs at least two conditions, got " + k);
        }
        long[] ratings = new long[k];
        long[] successes = new long[k];
        for (int i = 0; i < condition.length; i++) {
            ratings[condition[i]]++;
            successes[condition[i]] += success[i];
        }
        for (int c = 0; c < k; c++) {
            if (ratings[c] == 0) {
                throw new IllegalArgumentException("condition " + c + " has no ratings; conditions are numbered 0..k-1");
            }
            if (successes[c] == 0 || successes[c] == ratings[c]) {
                throw new IllegalArgumentException("condition " + c + " has " + successes[c] + " successes of "
                        + ratings[c] + " ratings: its log-odds are infinite (separation), so the logistic "
                        + "regression has no finite estimate; report this condition's counts instead");
            }
        }
        double[] b = new double[k];
        double[] residual = new double[condition.length];
        boolean converged = false;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            RealMatrix information = new Array2DRowRealMatrix(k, k);
            RealVector score = new ArrayRealVector(k);
            accumulate(b, condition, success, residual, information, score);
            if (converged) {
                return new Fit(b, condition.clone(), residual,
                        new CholeskyDecomposition(information).getSolver().getInverse());
            }
            DecompositionSolver solver = new CholeskyDecomposition(information).getSolver();
            double[] step = solver.solve(score).toArray();
            double largest = 0;
            double size = 0;
            for (int j = 0; j < k; j++) {
                b[j] += step[j];
                largest = Math.max(largest, Math.abs(step[j]));
                size = Math.max(size, Math.abs(b[j]));
            }
            // Newton converges quadratically: once a step is this small, one more reaches machine precision
            converged = largest < STEP_TOLERANCE * (1 + size);
        }
        throw new ArithmeticException("logistic regression did not converge in " + MAX_ITERATIONS + " iterations");
    }

    /** Adds every rating's residual, information {@code x x' mu (1 - mu)} and score {@code x (y - mu)}. */
    private static void accumulate(double[] b, int[] condition, int[] success, double[] residual,
            RealMatrix information, RealVector score) {
        int k = b.length;
        double[] weightSum = new double[k];
        double[] residualSum = new double[k];
        for (int i = 0; i < condition.length; i++) {
            int c = condition[i];
            double eta = c == 0 ? b[0] : b[0] + b[c];
            double mu = 1 / (1 + Math.exp(-eta));
            residual[i] = success[i] - mu;
            weightSum[c] += mu * (1 - mu);
            residualSum[c] += residual[i];
        }
        for (int c = 0; c < k; c++) {
            information.addToEntry(0, 0, weightSum[c]);
            score.addToEntry(0, residualSum[c]);
            if (c > 0) {
                information.addToEntry(0, c, weightSum[c]);
                information.addToEntry(c, 0, weightSum[c]);
                information.addToEntry(c, c, weightSum[c]);
                score.addToEntry(c, residualSum[c]);
            }
        }
    }

    /**
     * The cluster-robust covariance of all coefficients (intercept first): one clustering gives the one-way,
     * two the two-way sandwich; see the class documentation.
     */
    static RealMatrix covariance(Fit fit, int[]... clusterings) {
        int n = fit.residual().length;
        List<int[]> terms = new ArrayList<>();
        for (int[] clustering : clusterings) {
            Objects.requireNonNull(clustering, "cluster");
            if (clustering.length != n) {
                throw new IllegalArgumentException("cluster ids and ratings differ in length: " + clustering.length
                        + " and " + n);
            }
            terms.add(clustering);
        }
        int k = fit.coefficients().length;
        RealMatrix meat = new Array2DRowRealMatrix(k, k);
        addMeat(meat, fit, dense(terms.get(0)), 1);
        if (terms.size() == 2) {
            int[] first = terms.get(0);
            int[] second = terms.get(1);
            long[] pairs = new long[n];
            for (int i = 0; i < n; i++) {
                pairs[i] = (long) first[i] << 32 | (second[i] & 0xFFFF_FFFFL);
            }
            addMeat(meat, fit, dense(terms.get(1)), 1);
            addMeat(meat, fit, dense(pairs), -1);
        }
        RealMatrix bread = fit.inverseInformation();
        return bread.multiply(meat).multiply(bread);
    }

    /** Adds {@code sign G / (G - 1) sum_g u_g u_g'} for clusters numbered {@code 0..G-1}. */
    private static void addMeat(RealMatrix meat, Fit fit, int[] cluster, int sign) {
        int clusters = 0;
        for (int g : cluster) {
            clusters = Math.max(clusters, g + 1);
        }
        if (clusters < 2) {
            throw new IllegalArgumentException("a cluster-robust variance needs at least two clusters, got "
                    + clusters);
        }
        int k = fit.coefficients().length;
        double[][] u = new double[clusters][k];
        for (int i = 0; i < cluster.length; i++) {
            double r = fit.residual()[i];
            u[cluster[i]][0] += r;
            int c = fit.condition()[i];
            if (c > 0) {
                u[cluster[i]][c] += r;
            }
        }
        double factor = sign * clusters / (clusters - 1.0);
        for (double[] ug : u) {
            for (int j = 0; j < k; j++) {
                for (int l = 0; l < k; l++) {
                    meat.addToEntry(j, l, factor * ug[j] * ug[l]);
                }
            }
        }
    }

    /** Renumbers ids {@code 0..G-1} in order of first appearance. */
    private static int[] dense(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return dense(wide);
    }

    private static int[] dense(long[] ids) {
        Map<Long, Integer> index = new HashMap<>();
        int[] dense = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            dense[i] = index.computeIfAbsent(ids[i], id -> index.size());
        }
        return dense;
    }

    /** The effects of conditions {@code 1..k-1} under a covariance of all coefficients. */
    static List<LogitEffect> effects(Fit fit, RealMatrix covariance, double confidence) {
        double quantile = Interval.normalQuantile(confidence);
        NormalDistribution normal = NormalDistribution.of(0, 1);
        double[] b = fit.coefficients();
        double p0 = expit(b[0]);
        List<LogitEffect> effects = new ArrayList<>();
        for (int c = 1; c < b.length; c++) {
            double se = Math.sqrt(covariance.getEntry(c, c));
            double z = b[c] / se;
            double p = 2 * normal.survivalProbability(Math.abs(z));
            Interval interval = new Interval(b[c] - quantile * se, b[c] + quantile * se);
            double pc = expit(b[0] + b[c]);
            // gradient of p_c - p_0 in (b_0, b_c)
            double g0 = pc * (1 - pc) - p0 * (1 - p0);
            double gc = pc * (1 - pc);
            double variance = g0 * g0 * covariance.getEntry(0, 0) + 2 * g0 * gc * covariance.getEntry(0, c)
                    + gc * gc * covariance.getEntry(c, c);
            effects.add(new LogitEffect(c, b[c], se, z, p, interval, Math.exp(b[c]),
                    new Interval(Math.exp(interval.lower()), Math.exp(interval.upper())), pc - p0,
                    Math.sqrt(variance)));
        }
        return List.copyOf(effects);
    }

    private static double expit(double eta) {
        return 1 / (1 + Math.exp(-eta));
    }
}
