package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Logistic regression of success on condition and one numeric covariate (such as the log of the reply's length),
 * with one-way cluster-robust standard errors: the comparison of each condition with the baseline adjusted for the
 * covariate. {@code logit P(success_i) = b_0 + sum_{c >= 1} b_c [condition_i = c] + g x_i}.
 *
 * <p>Fitted as {@link ClusteredLogit} is (Newton's method from 0 with a Cholesky decomposition of the information,
 * until the largest step is below {@code 1e-10 (1 + max |b|)}), with the same sandwich variance
 * {@code A^-1 M A^-1}, {@code M = G / (G - 1) sum_g u_g u_g'} ({@code sandwich::vcovCL} with its defaults for a
 * {@code glm}: HC0 with the cluster adjustment), and normal z-tests and Wald intervals: R's
 * {@code coeftest(fit, vcov. = vcovCL(fit, cluster = ~ cluster))} for
 * {@code fit <- glm(success ~ factor(condition) + x, family = binomial)}. Unlike the model without the covariate it is
 * not saturated, so step halving keeps each Newton step from lowering the log-likelihood. When the estimate is not
 * finite (separation: a condition with all or none of its ratings a success, or a covariate that separates), the fit
 * throws {@link IllegalArgumentException} naming the reason.
 */
public final class AdjustedLogit {

    private static final int MAX_ITERATIONS = 100;
    private static final double STEP_TOLERANCE = 1e-10;

    private AdjustedLogit() {
    }

    /**
     * One coefficient with its cluster-robust test.
     *
     * <p>JSON fields: {@code term}, {@code coefficient}, {@code standardError}, {@code z}, {@code p},
     * {@code interval}.
     *
     * @param term {@code condition <c>} for a condition's log odds ratio against the baseline, or {@code covariate}
     * @param coefficient the estimate
     * @param standardError its cluster-robust standard error
     * @param z {@code coefficient / standardError}
     * @param p the two-sided normal p-value
     * @param interval the Wald interval at the confidence level
     */
    public record Term(String term, double coefficient, double standardError, double z, double p,
            Interval interval) {
    }

    /**
     * The condition effects (conditions {@code 1..k-1} in order) and the covariate's, last.
     *
     * @param condition per rating, its condition {@code 0..k-1} (0 the baseline)
     * @param covariate per rating, the covariate's finite value
     * @param success per rating, 1 or 0
     * @param cluster per rating, its cluster id (any {@code int})
     * @param confidence the intervals' confidence level
     * @throws IllegalArgumentException for arrays of different lengths, a success other than 0 or 1, a negative
     *     condition, a condition without ratings, fewer than two conditions or clusters, a non-finite covariate, a
     *     constant covariate, or separation
     */
    public static List<Term> fit(int[] condition, double[] covariate, int[] success, int[] cluster,
            double confidence) {
        int n = condition.length;
        if (covariate.length != n || success.length != n || cluster.length != n) {
            throw new IllegalArgumentException("condition, covariate, success and cluster differ in length: " + n
                    + ", " + covariate.length + ", " + success.length + ", " + cluster.length);
        }
        int k = ClusteredLogit.conditions(condition, success);
        if (k < 2) {
            throw new IllegalArgumentException("a regression on condition needs at least two conditions, got " + k);
        }
        int[] counts = new int[k];
        int[] successes = new int[k];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(covariate[i])) {
                throw new IllegalArgumentException("covariate " + covariate[i] + " at rating " + i + " is not finite");
            }
            counts[condition[i]]++;
            successes[condition[i]] += success[i];
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0 || successes[c] == 0 || successes[c] == counts[c]) {
                throw new IllegalArgumentException("condition " + c + " has " + successes[c] + " successes of "
                        + counts[c] + " ratings: its log-odds are not finite (separation), so the adjusted regression"
                        + " has no finite estimate");
            }
        }
        int p = k + 1;
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            x[i][0] = 1;
            if (condition[i] > 0) {
                x[i][condition[i]] = 1;
            }
            x[i][k] = covariate[i];
        }
        double[] b = new double[p];
        double likelihood = logLikelihood(x, success, b);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            RealMatrix information = new Array2DRowRealMatrix(p, p);
            double[] score = new double[p];
            for (int i = 0; i < n; i++) {
                double mu = expit(dot(x[i], b));
                double w = mu * (1 - mu);
                for (int j = 0; j < p; j++) {
                    score[j] += x[i][j] * (success[i] - mu);
                    for (int l = 0; l < p; l++) {
                        information.addToEntry(j, l, w * x[i][j] * x[i][l]);
                    }
                }
            }
            double[] step;
            try {
                step = new CholeskyDecomposition(information).getSolver().solve(new ArrayRealVector(score))
                        .toArray();
            } catch (NonPositiveDefiniteMatrixException e) {
                throw new IllegalArgumentException("the adjusted regression's information is singular (a constant"
                        + " covariate, or one that separates the outcomes); it has no finite estimate", e);
            }
            double[] next = new double[p];
            double factor = 1;
            double nextLikelihood;
            do {
                for (int j = 0; j < p; j++) {
                    next[j] = b[j] + factor * step[j];
                }
                nextLikelihood = logLikelihood(x, success, next);
                factor /= 2;
            } while (nextLikelihood < likelihood - 1e-12 * Math.abs(likelihood) && factor > 1e-10);
            double largest = 0;
            double size = 0;
            for (int j = 0; j < p; j++) {
                largest = Math.max(largest, Math.abs(next[j] - b[j]));
                size = Math.max(size, Math.abs(next[j]));
            }
            b = next;
            likelihood = nextLikelihood;
            if (largest < STEP_TOLERANCE * (1 + size)) {
                return terms(x, success, cluster, b, k, confidence);
            }
        }
        throw new IllegalArgumentException("the adjusted regression did not converge in " + MAX_ITERATIONS
                + " iterations (separation?); it has no finite estimate");
    }

    /** Evaluates the sandwich variance at the estimate {@code b} and returns the terms. */
    private static List<Term> terms(double[][] x, int[] success, int[] cluster, double[] b, int k,
            double confidence) {
        int n = x.length;
        int p = b.length;
        RealMatrix information = new Array2DRowRealMatrix(p, p);
        Map<Integer, double[]> scores = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double mu = expit(dot(x[i], b));
            double w = mu * (1 - mu);
            double[] u = scores.computeIfAbsent(cluster[i], g -> new double[p]);
            for (int j = 0; j < p; j++) {
                u[j] += x[i][j] * (success[i] - mu);
                for (int l = 0; l < p; l++) {
                    information.addToEntry(j, l, w * x[i][j] * x[i][l]);
                }
            }
        }
        int g = scores.size();
        if (g < 2) {
            throw new IllegalArgumentException("a cluster-robust variance needs at least two clusters, got " + g);
        }
        RealMatrix meat = new Array2DRowRealMatrix(p, p);
        for (double[] u : scores.values()) {
            for (int j = 0; j < p; j++) {
                for (int l = 0; l < p; l++) {
                    meat.addToEntry(j, l, g / (g - 1.0) * u[j] * u[l]);
                }
            }
        }
        RealMatrix bread = new CholeskyDecomposition(information).getSolver().getInverse();
        RealMatrix covariance = bread.multiply(meat).multiply(bread);
        double quantile = Interval.normalQuantile(confidence);
        NormalDistribution normal = NormalDistribution.of(0, 1);
        List<Term> terms = new ArrayList<>();
        for (int j = 1; j < p; j++) {
            double se = Math.sqrt(covariance.getEntry(j, j));
            double z = b[j] / se;
            terms.add(new Term(j < k ? "condition " + j : "covariate", b[j], se, z,
                    2 * normal.survivalProbability(Math.abs(z)), new Interval(b[j] - quantile * se,
                            b[j] + quantile * se)));
        }
        return List.copyOf(terms);
    }

    private static double logLikelihood(double[][] x, int[] success, double[] b) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double eta = dot(x[i], b);
            // log(expit(eta)) = -log1p(exp(-eta)); log(1 - expit(eta)) = -log1p(exp(eta))
            sum -= success[i] == 1 ? log1pExp(-eta) : log1pExp(eta);
        }
        return sum;
    }

    private static double log1pExp(double t) {
        return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double expit(double eta) {
        return 1 / (1 + Math.exp(-eta));
    }
}
