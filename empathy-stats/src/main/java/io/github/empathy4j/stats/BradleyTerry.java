package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The Bradley-Terry model of paired comparisons, fitted by maximum likelihood: condition {@code i} beats {@code j}
 * with probability {@code 1 / (1 + exp(-(s_i - s_j)))}, on a log-strength scale anchored at one condition (the
 * baseline, {@code s_0 = 0}).
 *
 * <p><b>Ties.</b> A tie counts as half a win for each side, so the win counts may be halves; the estimate maximises
 * {@code sum_{i != j} w_ij log(p_ij)} with these fractional counts. This is R's
 * {@code glm(cbind(w_ij, w_ji) ~ 0 + X, family = binomial)} on the same design (R warns about non-integer successes
 * and fits the same likelihood), and {@code BradleyTerry2::BTm} on the same counts. Davidson's (1970) tie model
 * would add a tie parameter but order the conditions the same; half a win is what the rating tables of the
 * pairwise literature use and keeps the scale readable.
 *
 * <p><b>Fit.</b> Newton's method on the free strengths from {@code s = 0}, each step solved by a Cholesky
 * decomposition of the information (the log-likelihood is concave), halved while it would lower the
 * log-likelihood, until the largest step is below {@code 1e-12 (1 + max |s|)}.
 *
 * <p><b>Existence.</b> A finite estimate exists if and only if, for every split of the conditions into two
 * non-empty groups, some condition of each group beat some condition of the other (Zermelo 1929; Ford 1957): the
 * graph with an edge {@code i -> j} where {@code w_ij > 0} is strongly connected. Otherwise (for example a
 * condition that won every comparison) {@link #fit} returns a fit that is not {@linkplain Fit#estimable()
 * estimable}, naming the conditions, rather than an infinite or huge number.
 *
 * <p>References: Bradley &amp; Terry (1952), Biometrika 39:324-345; Ford (1957), Amer. Math. Monthly 64:28-33;
 * Hunter (2004), Ann. Statist. 32:384-406; Turner &amp; Firth (2012), J. Stat. Softw. 48(9).
 */
public final class BradleyTerry {

    private static final int MAX_ITERATIONS = 200;
    private static final double STEP_TOLERANCE = 1e-12;

    private BradleyTerry() {
    }

    /**
     * A fit: the log-strengths, or why there is no finite estimate.
     *
     * @param logStrengths per condition (index as in the win matrix), its log-strength, condition 0's being 0;
     *     empty when not estimable
     * @param problem why there is no finite estimate, empty when there is one
     */
    public record Fit(List<Double> logStrengths, String problem) {

        public Fit {
            logStrengths = List.copyOf(logStrengths);
            Objects.requireNonNull(problem, "problem");
        }

        /** Whether the maximum-likelihood estimate is finite. */
        public boolean estimable() {
            return problem.isEmpty();
        }
    }

    /**
     * Fits the model to a matrix of wins.
     *
     * @param wins {@code wins[i][j]}: the (possibly half-integer) wins of condition {@code i} over {@code j};
     *     square, non-negative, finite, with a zero diagonal
     * @param names the conditions' names, for the message when there is no finite estimate
     * @throws IllegalArgumentException for a matrix that is not square, has a negative or non-finite count or a
     *     non-zero diagonal, fewer than two conditions, or names of another length
     */
    public static Fit fit(double[][] wins, List<String> names) {
        int k = wins.length;
        if (k < 2 || names.size() != k) {
            throw new IllegalArgumentException("Bradley-Terry needs at least two conditions and one name each, got "
                    + k + " conditions and names " + names);
        }
        for (int i = 0; i < k; i++) {
            if (wins[i].length != k) {
                throw new IllegalArgumentException("win matrix row " + i + " has " + wins[i].length + " columns, not "
                        + k);
            }
            for (int j = 0; j < k; j++) {
                double w = wins[i][j];
                if (!(w >= 0) || Double.isInfinite(w) || (i == j && w != 0)) {
                    throw new IllegalArgumentException("win count " + w + " of " + names.get(i) + " over "
                            + names.get(j) + " is not a finite non-negative count (0 on the diagonal)");
                }
            }
        }
        String problem = connectivity(wins, names);
        if (!problem.isEmpty()) {
            return new Fit(List.of(), problem);
        }
        double[] s = new double[k];
        double logLikelihood = logLikelihood(wins, s);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] score = new double[k - 1];
            RealMatrix information = new Array2DRowRealMatrix(k - 1, k - 1);
            for (int i = 0; i < k; i++) {
                for (int j = i + 1; j < k; j++) {
                    double n = wins[i][j] + wins[j][i];
                    if (n == 0) {
                        continue;
                    }
                    double p = 1 / (1 + Math.exp(s[j] - s[i]));
                    double g = wins[i][j] - n * p;
                    double h = n * p * (1 - p);
                    if (i > 0) {
                        score[i - 1] += g;
                        information.addToEntry(i - 1, i - 1, h);
                    }
                    if (j > 0) {
                        score[j - 1] -= g;
                        information.addToEntry(j - 1, j - 1, h);
                    }
                    if (i > 0 && j > 0) {
                        information.addToEntry(i - 1, j - 1, -h);
                        information.addToEntry(j - 1, i - 1, -h);
                    }
                }
            }
            double[] step = new CholeskyDecomposition(information).getSolver().solve(new ArrayRealVector(score))
                    .toArray();
            double factor = 1;
            double[] next = new double[k];
            double nextLikelihood;
            do {
                for (int c = 1; c < k; c++) {
                    next[c] = s[c] + factor * step[c - 1];
                }
                nextLikelihood = logLikelihood(wins, next);
                factor /= 2;
            } while (nextLikelihood < logLikelihood - 1e-12 * Math.abs(logLikelihood) && factor > 1e-10);
            double largest = 0;
            double size = 0;
            for (int c = 1; c < k; c++) {
                largest = Math.max(largest, Math.abs(next[c] - s[c]));
                size = Math.max(size, Math.abs(next[c]));
            }
            s = next;
            logLikelihood = nextLikelihood;
            if (largest < STEP_TOLERANCE * (1 + size)) {
                List<Double> strengths = new ArrayList<>();
                for (double v : s) {
                    strengths.add(v);
                }
                return new Fit(strengths, "");
            }
        }
        throw new NonConvergenceException("Bradley-Terry fit did not converge in " + MAX_ITERATIONS + " iterations");
    }

    private static double logLikelihood(double[][] wins, double[] s) {
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (wins[i][j] > 0) {
                    sum -= wins[i][j] * Math.log1p(Math.exp(s[j] - s[i]));
                }
            }
        }
        return sum;
    }

    /**
     * Empty when every condition beats and is beaten by a path from condition 0 (strong connectivity), else a
     * message naming the conditions outside condition 0's strongly connected group.
     */
    private static String connectivity(double[][] wins, List<String> names) {
        boolean[] beatenFrom0 = reach(wins, false);
        boolean[] beats0 = reach(wins, true);
        List<String> outside = new ArrayList<>();
        for (int c = 0; c < wins.length; c++) {
            if (!beatenFrom0[c] || !beats0[c]) {
                outside.add(names.get(c) + (beats0[c] ? " (never beaten, through any chain of wins, by "
                        : beatenFrom0[c] ? " (never beating, through any chain of wins, " : " (not compared with ")
                        + names.get(0) + ")");
            }
        }
        return outside.isEmpty() ? "" : "no finite Bradley-Terry estimate: every condition must both beat and be"
                + " beaten by the others through some chain of wins (ties count as half a win each way), but not "
                + String.join(", ", outside);
    }

    /** The conditions reachable from 0 along wins ({@code i -> j} where {@code i} beat {@code j}), or reversed. */
    private static boolean[] reach(double[][] wins, boolean reversed) {
        int k = wins.length;
        boolean[] seen = new boolean[k];
        seen[0] = true;
        int[] stack = new int[k];
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int i = stack[--top];
            for (int j = 0; j < k; j++) {
                double w = reversed ? wins[j][i] : wins[i][j];
                if (!seen[j] && w > 0) {
                    seen[j] = true;
                    stack[top++] = j;
                }
            }
        }
        return seen;
    }
}
