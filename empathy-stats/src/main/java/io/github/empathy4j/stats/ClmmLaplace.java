package io.github.empathy4j.stats;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The Laplace approximation of the negative log-likelihood of a cumulative logit model with crossed random
 * intercepts for rater and dialogue, as {@code ordinal::clmm} computes it: {@code -log p(y | u) + |u|^2 / 2 +
 * log det(H) / 2} at the mode {@code u} of the spherical random effects ({@code b = sd * u}), with {@code H} the
 * Hessian there. The inner Newton iterations factor {@code H} by connected components of the rater-dialogue graph;
 * within one component the larger side (diagonal) is eliminated and the Schur complement of the smaller side is
 * factored by Cholesky, which also gives the log-determinant. Modes are warm-started from the previous call.
 */
final class ClmmLaplace {

    private static final double GRADIENT_TOLERANCE = 1e-10;
    private static final int MAX_NEWTON = 100;
    /** Below this Newton decrement (relative to the objective) a full step is trusted without a line search. */
    private static final double NEAR = 1e-10;
    /** A Newton decrement below this is rounding noise: the modes are converged. */
    private static final double FLOOR = 1e-24;
    private static final int MAX_HALVINGS = 60;

    private final int n;
    private final int levels;
    private final int raters;
    private final int[] level;
    private final int[] condition;
    private final int[] rater;
    private final int[] dialogue;
    /** Observations of each random-effect node (raters first, then dialogues), as offsets into nodeObs. */
    private final int[] nodeStart;
    private final int[] nodeObs;
    /** Per component: the nodes eliminated (larger side) and the nodes factored (smaller side). */
    private final int[][] large;
    private final int[][] small;
    /** Position of a smaller-side node in its component's matrix. */
    private final int[] local;
    private final double[] u;

    private final double[] lower;
    private final double[] upper;
    private final double[] phi2;
    private final double[] hdiag;
    private final double[] gradient;
    private final CholeskyDecomposition[] factors;
    private double logDet;

    ClmmLaplace(int[] level, int levels, int[] condition, int[] rater, int raters, int[] dialogue, int dialogues) {
        this.n = level.length;
        this.levels = levels;
        this.raters = raters;
        this.level = level;
        this.condition = condition;
        this.rater = rater;
        this.dialogue = dialogue;
        int q = raters + dialogues;
        nodeStart = new int[q + 1];
        for (int i = 0; i < n; i++) {
            nodeStart[rater[i] + 1]++;
            nodeStart[raters + dialogue[i] + 1]++;
        }
        for (int k = 0; k < q; k++) {
            nodeStart[k + 1] += nodeStart[k];
        }
        nodeObs = new int[2 * n];
        int[] fill = Arrays.copyOf(nodeStart, q);
        for (int i = 0; i < n; i++) {
            nodeObs[fill[rater[i]]++] = i;
            nodeObs[fill[raters + dialogue[i]]++] = i;
        }
        int[] component = components(q);
        int count = 0;
        for (int c : component) {
            count = Math.max(count, c + 1);
        }
        int[] raterCount = new int[count];
        int[] dialogueCount = new int[count];
        for (int k = 0; k < q; k++) {
            if (component[k] >= 0) {
                if (k < raters) {
                    raterCount[component[k]]++;
                } else {
                    dialogueCount[component[k]]++;
                }
            }
        }
        large = new int[count][];
        small = new int[count][];
        for (int c = 0; c < count; c++) {
            boolean ratersSmall = raterCount[c] <= dialogueCount[c];
            small[c] = new int[ratersSmall ? raterCount[c] : dialogueCount[c]];
            large[c] = new int[ratersSmall ? dialogueCount[c] : raterCount[c]];
        }
        int[] smallFill = new int[count];
        int[] largeFill = new int[count];
        local = new int[q];
        for (int k = 0; k < q; k++) {
            int c = component[k];
            if (c < 0) {
                continue;
            }
            boolean ratersSmall = raterCount[c] <= dialogueCount[c];
            if ((k < raters) == ratersSmall) {
                local[k] = smallFill[c];
                small[c][smallFill[c]++] = k;
            } else {
                large[c][largeFill[c]++] = k;
            }
        }
        u = new double[q];
        lower = new double[n];
        upper = new double[n];
        phi2 = new double[n];
        hdiag = new double[q];
        gradient = new double[q];
        factors = new CholeskyDecomposition[count];
    }

    /** Connected components of the bipartite rater-dialogue graph; -1 for a node without observations. */
    private int[] components(int q) {
        int[] component = new int[q];
        Arrays.fill(component, -1);
        int[] stack = new int[q];
        int next = 0;
        for (int start = 0; start < q; start++) {
            if (component[start] >= 0 || nodeStart[start] == nodeStart[start + 1]) {
                continue;
            }
            int top = 0;
            stack[top++] = start;
            component[start] = next;
            while (top > 0) {
                int node = stack[--top];
                for (int k = nodeStart[node]; k < nodeStart[node + 1]; k++) {
                    int other = other(node, nodeObs[k]);
                    if (component[other] < 0) {
                        component[other] = next;
                        stack[top++] = other;
                    }
                }
            }
            next++;
        }
        return component;
    }

    private int other(int node, int observation) {
        return node < raters ? raters + dialogue[observation] : rater[observation];
    }

    /**
     * The Laplace negative log-likelihood at thresholds {@code alpha}, condition effects {@code beta} (condition 0
     * is the reference) and random-effect standard deviations; +infinity where the thresholds are not increasing.
     *
     * @throws NonConvergenceException if the Newton iterations for the random-effect modes fail
     */
    double value(double[] alpha, double[] beta, double sdRater, double sdDialogue) {
        for (int j = 1; j < alpha.length; j++) {
            if (!(alpha[j] > alpha[j - 1])) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < n; i++) {
            double xb = condition[i] == 0 ? 0 : beta[condition[i] - 1];
            lower[i] = level[i] == 0 ? Double.NEGATIVE_INFINITY : alpha[level[i] - 1] - xb;
            upper[i] = level[i] == levels - 1 ? Double.POSITIVE_INFINITY : alpha[level[i]] - xb;
        }
        double nll = nll(u, sdRater, sdDialogue);
        if (!Double.isFinite(nll)) {
            Arrays.fill(u, 0);
            nll = nll(u, sdRater, sdDialogue);
        }
        double[] trial = new double[u.length];
        double stepFactor = 1;
        for (int iteration = 0; ; iteration++) {
            derivatives(sdRater, sdDialogue);
            if (maxAbs(gradient) < GRADIENT_TOLERANCE) {
                break;
            }
            if (iteration == MAX_NEWTON) {
                throw new NonConvergenceException("cumulative link mixed model: the random-effect modes did not "
                        + "converge in " + MAX_NEWTON + " Newton steps (max |gradient| " + maxAbs(gradient) + ")");
            }
            factor(sdRater, sdDialogue);
            double[] step = solve(sdRater, sdDialogue);
            // near the mode (expected decrease g'H^-1 g / 2 at the rounding level of the objective) a full Newton
            // step is taken even if rounding hides its decrease
            double decrement = 0;
            for (int k = 0; k < u.length; k++) {
                decrement += gradient[k] * step[k];
            }
            if (decrement < FLOOR) {
                break; // nothing left to gain above rounding
            }
            boolean close = decrement < NEAR * Math.max(1, Math.abs(nll));
            double factorNow = close ? 1 : stepFactor;
            double tried = Double.POSITIVE_INFINITY;
            boolean accepted = false;
            for (int halving = 0; halving <= MAX_HALVINGS && !accepted; halving++) {
                for (int k = 0; k < u.length; k++) {
                    trial[k] = u[k] - factorNow * step[k];
                }
                tried = nll(trial, sdRater, sdDialogue);
                accepted = tried <= nll || close && halving == 0 && Double.isFinite(tried);
                if (!accepted) {
                    factorNow /= 2;
                }
            }
            if (!accepted) {
                throw new NonConvergenceException("cumulative link mixed model: no Newton step lowers the "
                        + "objective for the random-effect modes (max |gradient| " + maxAbs(gradient) + ")");
            }
            System.arraycopy(trial, 0, u, 0, u.length);
            nll = tried;
            stepFactor = Math.min(1, 2 * factorNow);
        }
        factor(sdRater, sdDialogue);
        return nll + logDet / 2;
    }

    /** {@code -sum log p(y_i | u) + |u|^2 / 2} at the given modes; +infinity where a probability is not positive. */
    private double nll(double[] modes, double sdRater, double sdDialogue) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double b = sdRater * modes[rater[i]] + sdDialogue * modes[raters + dialogue[i]];
            double p = probability(upper[i] - b, lower[i] - b);
            if (!(p > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            sum -= Math.log(p);
        }
        for (double m : modes) {
            sum += m * m / 2;
        }
        return sum;
    }

    private static double probability(double eta1, double eta2) {
        if (eta2 == Double.NEGATIVE_INFINITY) {
            return logistic(eta1);
        }
        if (eta1 == Double.POSITIVE_INFINITY) {
            return logistic(-eta2);
        }
        return logistic(eta1) - logistic(eta2);
    }

    private static double logistic(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** Per observation d(-log p)/db and d2(-log p)/db2 at the current modes, the gradient and H's diagonal. */
    private void derivatives(double sdRater, double sdDialogue) {
        Arrays.fill(gradient, 0);
        Arrays.fill(hdiag, 1);
        for (int i = 0; i < n; i++) {
            int r = rater[i];
            int d = raters + dialogue[i];
            double b = sdRater * u[r] + sdDialogue * u[d];
            double eta1 = upper[i] - b;
            double eta2 = lower[i] - b;
            double p = probability(eta1, eta2);
            double f1 = 0;
            double g1 = 0;
            if (eta1 != Double.POSITIVE_INFINITY) {
                double f = logistic(eta1);
                f1 = f * (1 - f);
                g1 = f1 * (1 - 2 * f);
            }
            double f2 = 0;
            double g2 = 0;
            if (eta2 != Double.NEGATIVE_INFINITY) {
                double f = logistic(eta2);
                f2 = f * (1 - f);
                g2 = f2 * (1 - 2 * f);
            }
            double first = (f1 - f2) / p;
            phi2[i] = first * first - (g1 - g2) / p;
            gradient[r] += sdRater * first;
            gradient[d] += sdDialogue * first;
            hdiag[r] += sdRater * sdRater * phi2[i];
            hdiag[d] += sdDialogue * sdDialogue * phi2[i];
        }
        for (int k = 0; k < u.length; k++) {
            gradient[k] += u[k];
        }
    }

    /** Factors each component's Schur complement and sets the log-determinant of H. */
    private void factor(double sdRater, double sdDialogue) {
        double coupling = sdRater * sdDialogue;
        double sum = 0;
        for (int c = 0; c < small.length; c++) {
            int m = small[c].length;
            double[][] schur = new double[m][m];
            for (int a = 0; a < m; a++) {
                schur[a][a] = hdiag[small[c][a]];
            }
            for (int l : large[c]) {
                sum += Math.log(hdiag[l]);
                for (int k = nodeStart[l]; k < nodeStart[l + 1]; k++) {
                    int i = nodeObs[k];
                    int a = local[other(l, i)];
                    double vi = coupling * phi2[i] / hdiag[l];
                    for (int kk = nodeStart[l]; kk < nodeStart[l + 1]; kk++) {
                        int j = nodeObs[kk];
                        int b = local[other(l, j)];
                        if (b <= a) {
                            schur[a][b] -= vi * coupling * phi2[j];
                        }
                    }
                }
            }
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < a; b++) {
                    schur[b][a] = schur[a][b];
                }
            }
            CholeskyDecomposition cholesky = new CholeskyDecomposition(new Array2DRowRealMatrix(schur, false));
            RealMatrix factor = cholesky.getL();
            for (int a = 0; a < m; a++) {
                sum += 2 * Math.log(factor.getEntry(a, a));
            }
            factors[c] = cholesky;
        }
        logDet = sum;
    }

    /** The Newton step H^-1 g from the factored components (nodes without observations have H = 1). */
    private double[] solve(double sdRater, double sdDialogue) {
        double coupling = sdRater * sdDialogue;
        double[] step = gradient.clone();
        for (int c = 0; c < small.length; c++) {
            int m = small[c].length;
            double[] t = new double[m];
            for (int a = 0; a < m; a++) {
                t[a] = gradient[small[c][a]];
            }
            for (int l : large[c]) {
                double scaled = gradient[l] / hdiag[l];
                for (int k = nodeStart[l]; k < nodeStart[l + 1]; k++) {
                    int i = nodeObs[k];
                    t[local[other(l, i)]] -= coupling * phi2[i] * scaled;
                }
            }
            RealVector solved = factors[c].getSolver().solve(new ArrayRealVector(t, false));
            for (int a = 0; a < m; a++) {
                step[small[c][a]] = solved.getEntry(a);
            }
            for (int l : large[c]) {
                double rest = gradient[l];
                for (int k = nodeStart[l]; k < nodeStart[l + 1]; k++) {
                    int i = nodeObs[k];
                    rest -= coupling * phi2[i] * step[other(l, i)];
                }
                step[l] = rest / hdiag[l];
            }
        }
        return step;
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
