package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * A cumulative logit mixed model of ordinal levels on condition with crossed random intercepts for rater and
 * dialogue, {@code P(level <= j) = logistic(theta_j - beta_condition - u_rater - u_dialogue)} with
 * {@code u_rater ~ N(0, sdRater^2)} and {@code u_dialogue ~ N(0, sdDialogue^2)}, fitted by maximum likelihood
 * with the Laplace approximation. Same model, parametrisation and standard errors as R
 * {@code ordinal::clmm(factor(level, ordered = TRUE) ~ condition + (1 | rater) + (1 | dialogue), link = "logit")}
 * with condition a factor whose first level is condition 0 (treatment contrasts): a positive effect means higher
 * levels than condition 0. Standard errors come, as in clmm, from the inverse of the central-difference Hessian
 * (step 1e-4) of the Laplace negative log-likelihood in (thresholds, effects, standard deviations); a standard
 * deviation below 1e-3 is treated as on its boundary and left out of the Hessian, as clmm does. Intervals and
 * p-values are Wald (normal) ones.
 *
 * <p>Use it where one rater gives several ratings (a crowd batch): the naive tests treat those ratings as
 * independent and are overconfident when raters differ.
 *
 * <p>Reference: Christensen (2019), "A tutorial on fitting cumulative link mixed models with clmm2 from the
 * ordinal package"; Agresti (2010), Analysis of Ordinal Categorical Data, ch. 10.
 *
 * @param thresholds the thresholds {@code theta_1 < ... < theta_{K-1}} between the K levels (clmm's {@code 1|2},
 *     {@code 2|3}, ...)
 * @param effects the log-odds effect of condition c versus condition 0 at index c - 1
 * @param rater the rater random intercept
 * @param dialogue the dialogue random intercept
 * @param logLik the Laplace log-likelihood at the optimum (clmm's {@code logLik})
 * @param observations the number of ratings
 * @param confidence the confidence level of the intervals
 * @param convergence how the optimiser ended
 */
public record CumulativeLinkMixedModel(List<Coefficient> thresholds, List<Coefficient> effects,
        RandomEffect rater, RandomEffect dialogue, double logLik, int observations, double confidence,
        Convergence convergence) {

    /** Standard deviations below this are on the boundary (clmm's {@code paratBoundary2} tolerance). */
    private static final double BOUNDARY = 1e-3;
    /** clmm's step for the numerical Hessian ({@code deriv12}). */
    private static final double DELTA = 1e-4;
    /** A fit whose largest absolute gradient exceeds this is not converged. */
    private static final double GRADIENT_LIMIT = 1e-3;
    private static final int MAX_EVALUATIONS = 20_000;
    private static final int MAX_NEWTON = 10;
    /** The Newton steps stop once the largest absolute gradient is below this. */
    private static final double GRADIENT_TOLERANCE = 1e-4;
    private static final double GRADIENT_STEP = 1e-5;

    /** Copies the lists; nothing may be null. */
    public CumulativeLinkMixedModel {
        thresholds = List.copyOf(thresholds);
        effects = List.copyOf(effects);
        Objects.requireNonNull(rater, "rater");
        Objects.requireNonNull(dialogue, "dialogue");
        Objects.requireNonNull(convergence, "convergence");
    }

    /**
     * An estimate with its standard error, Wald z, two-sided p and Wald interval.
     *
     * @param estimate the estimate
     * @param standardError its standard error
     * @param z {@code estimate / standardError}
     * @param p the two-sided normal p-value of z
     * @param interval {@code estimate +- z_(1+confidence)/2 * standardError}
     */
    public record Coefficient(double estimate, double standardError, double z, double p, Interval interval) {
    }

    /**
     * A random intercept.
     *
     * @param groups the number of its levels (raters or dialogues) with at least one rating
     * @param standardDeviation its estimated standard deviation (clmm's {@code Std.Dev.}, {@code m$ST})
     * @param standardError the standard error of the standard deviation ({@code sqrt(diag(vcov(m)))} for
     *     {@code ST}); {@code NaN} when the standard deviation is on its boundary (see {@link #onBoundary()})
     */
    public record RandomEffect(int groups, double standardDeviation, double standardError) {

        /** The variance, {@code standardDeviation^2} (clmm's {@code Variance}). */
        public double variance() {
            return standardDeviation * standardDeviation;
        }

        /**
         * Whether the standard deviation is below 1e-3, where clmm (and this fit) treat it as zero for the
         * Hessian: no standard error, and the other standard errors are those of the model without this intercept.
         */
        public boolean onBoundary() {
            return standardDeviation < BOUNDARY;
        }
    }

    /**
     * How the fit ended: derivative-free BOBYQA to near the optimum, then Newton steps on the numerical gradient
     * and Hessian.
     *
     * @param evaluations the number of Laplace likelihood evaluations
     * @param newtonSteps the Newton steps taken after BOBYQA
     * @param maxAbsGradient the largest absolute numerical gradient at the optimum (clmm's {@code max.grad})
     * @param hessianCondition the ratio of the Hessian's largest to smallest eigenvalue (clmm's {@code cond.H})
     */
    public record Convergence(int evaluations, int newtonSteps, double maxAbsGradient, double hessianCondition) {
    }

    /** The effect of condition {@code c} (1 or more) versus condition 0. */
    public Coefficient effect(int c) {
        if (c < 1 || c > effects.size()) {
            throw new IllegalArgumentException("condition " + c + " is outside 1.." + effects.size());
        }
        return effects.get(c - 1);
    }

    /** {@link #fit(int[], int[], int[], int[], double)} with 95% intervals. */
    public static CumulativeLinkMixedModel fit(int[] level, int[] condition, int[] rater, int[] dialogue) {
        return fit(level, condition, rater, dialogue, 0.95);
    }

    /**
     * Fits the model to one rating per index i: {@code level[i]} in 0..K-1 (ordered, lowest first),
     * {@code condition[i]} in 0..C-1 (0 is the reference), and the rater's and dialogue's indices. Every level and
     * every condition from 0 to its maximum must occur; rater and dialogue indices are any non-negative labels
     * (an index without ratings has no effect on the fit).
     *
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if the arrays are empty or of different lengths, an index is negative,
     *     a level or condition below the maximum never occurs, there are fewer than 2 levels, conditions, raters or
     *     dialogues, or the confidence is outside (0, 1)
     * @throws NonConvergenceException if the optimiser does not converge or the Hessian at its end is not positive
     *     definite
     */
    public static CumulativeLinkMixedModel fit(int[] level, int[] condition, int[] rater, int[] dialogue,
            double confidence) {
        Interval.checkConfidence(confidence);
        int n = checkLengths(level, condition, rater, dialogue);
        int levels = count(level, "level", true);
        int conditions = count(condition, "condition", true);
        int raterCount = count(rater, "rater", false);
        int dialogueCount = count(dialogue, "dialogue", false);
        int raters = groups(rater, raterCount, "rater");
        int dialogues = groups(dialogue, dialogueCount, "dialogue");
        ClmmLaplace laplace = new ClmmLaplace(level, levels, condition, rater, raterCount, dialogue, dialogueCount);
        int thresholdCount = levels - 1;
        int effectCount = conditions - 1;
        int p = thresholdCount + effectCount + 2;
        int[] evaluations = {0};
        ToDoubleFunction<double[]> objective = theta -> {
            evaluations[0]++;
            double[] alpha = Arrays.copyOfRange(theta, 0, thresholdCount);
            double[] beta = Arrays.copyOfRange(theta, thresholdCount, thresholdCount + effectCount);
            return laplace.value(alpha, beta, theta[p - 2], theta[p - 1]);
        };

        double[] start = new double[p];
        int[] cumulative = new int[levels];
        for (int y : level) {
            cumulative[y]++;
        }
        int below = 0;
        for (int j = 0; j < thresholdCount; j++) {
            below += cumulative[j];
            double share = (double) below / n;
            start[j] = Math.log(share / (1 - share));
        }
        start[p - 2] = 0.5;
        start[p - 1] = 0.5;
        double[] theta = bobyqa(objective, start, thresholdCount);

        boolean[] free = new boolean[p];
        Arrays.fill(free, true);
        free[p - 2] = theta[p - 2] >= BOUNDARY;
        free[p - 1] = theta[p - 1] >= BOUNDARY;
        int[] index = IntStream.range(0, p).filter(k -> free[k]).toArray();
        double value = objective.applyAsDouble(theta);
        double[] gradient = gradient(objective, theta, index);
        CholeskyDecomposition newton = null;
        int steps = 0;
        while (maxAbs(gradient) > GRADIENT_TOLERANCE && steps < MAX_NEWTON) {
            if (newton == null) {
                newton = factor(hessian(objective, theta, value, index));
            }
            double[] step = newton.getSolver().solve(new ArrayRealVector(gradient, false)).toArray();
            double[] next = theta.clone();
            for (int a = 0; a < index.length; a++) {
                next[index[a]] -= step[a];
            }
            double nextValue = objective.applyAsDouble(next);
            if (!(nextValue <= value) || next[p - 2] < 0 || next[p - 1] < 0) {
                break;
            }
            theta = next;
            value = nextValue;
            gradient = gradient(objective, theta, index);
            steps++;
        }
        double maxGradient = maxAbs(gradient);
        if (!(maxGradient <= GRADIENT_LIMIT)) {
            throw new NonConvergenceException(String.format(Locale.ROOT, "cumulative link mixed model did "
                    + "not converge: max |gradient| %.3g > %.0e after %d evaluations", maxGradient,
                    GRADIENT_LIMIT, evaluations[0]));
        }
        double[][] hessian = hessian(objective, theta, value, index);
        RealMatrix covariance = factor(hessian).getSolver().getInverse();
        double[] eigen = new EigenDecomposition(new Array2DRowRealMatrix(hessian)).getRealEigenvalues();
        double maxEigen = Arrays.stream(eigen).max().orElseThrow();
        double minEigen = Arrays.stream(eigen).min().orElseThrow();
        double[] se = new double[p];
        Arrays.fill(se, Double.NaN);
        for (int a = 0; a < index.length; a++) {
            se[index[a]] = Math.sqrt(covariance.getEntry(a, a));
        }
        double z = Interval.normalQuantile(confidence);
        List<Coefficient> thresholds = new ArrayList<>();
        List<Coefficient> effects = new ArrayList<>();
        for (int k = 0; k < p - 2; k++) {
            Coefficient coefficient = coefficient(theta[k], se[k], z);
            (k < thresholdCount ? thresholds : effects).add(coefficient);
        }
        RandomEffect raterEffect = new RandomEffect(raters, theta[p - 2], se[p - 2]);
        RandomEffect dialogueEffect = new RandomEffect(dialogues, theta[p - 1], se[p - 1]);
        return new CumulativeLinkMixedModel(thresholds, effects, raterEffect, dialogueEffect, -value, n, confidence,
                new Convergence(evaluations[0], steps, maxGradient, maxEigen / minEigen));
    }

    private static Coefficient coefficient(double estimate, double se, double z) {
        double statistic = estimate / se;
        double p = 2 * NormalDistribution.of(0, 1).survivalProbability(Math.abs(statistic));
        return new Coefficient(estimate, se, statistic, p, new Interval(estimate - z * se, estimate + z * se));
    }

    /**
     * BOBYQA on (theta_1, log gaps between thresholds, effects, standard deviations >= 0), so that every point it
     * tries has increasing thresholds; returns the point in the model's parametrisation.
     */
    private static double[] bobyqa(ToDoubleFunction<double[]> objective, double[] start,
            int thresholdCount) {
        int p = start.length;
        double[] x = start.clone();
        for (int j = 1; j < thresholdCount; j++) {
            x[j] = Math.log(start[j] - start[j - 1]);
        }
        double[] lowerBound = new double[p];
        double[] upperBound = new double[p];
        Arrays.fill(lowerBound, Double.NEGATIVE_INFINITY);
        Arrays.fill(upperBound, Double.POSITIVE_INFINITY);
        lowerBound[p - 2] = 0;
        lowerBound[p - 1] = 0;
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * p + 1, 0.2, 1e-6);
        PointValuePair optimum;
        try {
            optimum = optimizer.optimize(new MaxEval(MAX_EVALUATIONS),
                    new ObjectiveFunction(point -> objective.applyAsDouble(model(point, thresholdCount))),
                    GoalType.MINIMIZE, new InitialGuess(x), new SimpleBounds(lowerBound, upperBound));
        } catch (TooManyEvaluationsException e) {
            throw new NonConvergenceException("cumulative link mixed model did not converge in " + MAX_EVALUATIONS
                    + " likelihood evaluations");
        }
        return model(optimum.getPoint(), thresholdCount);
    }

    private static double[] model(double[] point, int thresholdCount) {
        double[] theta = point.clone();
        for (int j = 1; j < thresholdCount; j++) {
            theta[j] = theta[j - 1] + Math.exp(point[j]);
        }
        return theta;
    }

    /** The central-difference gradient with step 1e-5, more accurate than deriv12's (step 1e-4) for the optimum. */
    private static double[] gradient(ToDoubleFunction<double[]> f, double[] x, int[] index) {
        double[] g = new double[index.length];
        for (int a = 0; a < index.length; a++) {
            int i = index[a];
            g[a] = (f.applyAsDouble(shift(x, i, GRADIENT_STEP, i, 0)) - f.applyAsDouble(shift(x, i, -GRADIENT_STEP, i, 0)))
                    / (2 * GRADIENT_STEP);
        }
        return g;
    }

    private static double maxAbs(double[] values) {
        return Arrays.stream(values).map(Math::abs).max().orElse(0);
    }

    /** clmm's {@code deriv12}: the central-difference Hessian (step 1e-4) over the free parameters. */
    private static double[][] hessian(ToDoubleFunction<double[]> f, double[] x, double fx,
            int[] index) {
        int m = index.length;
        double[][] h = new double[m][m];
        for (int b = 0; b < m; b++) {
            int j = index[b];
            double fadd = f.applyAsDouble(shift(x, j, DELTA, j, 0));
            double fsub = f.applyAsDouble(shift(x, j, -DELTA, j, 0));
            h[b][b] = (fadd - 2 * fx + fsub) / (DELTA * DELTA);
            for (int a = 0; a < b; a++) {
                int i = index[a];
                double faa = f.applyAsDouble(shift(x, i, DELTA, j, DELTA));
                double fas = f.applyAsDouble(shift(x, i, DELTA, j, -DELTA));
                double fsa = f.applyAsDouble(shift(x, i, -DELTA, j, DELTA));
                double fss = f.applyAsDouble(shift(x, i, -DELTA, j, -DELTA));
                h[a][b] = (faa - fas - fsa + fss) / (4 * DELTA * DELTA);
                h[b][a] = h[a][b];
            }
        }
        return h;
    }

    private static double[] shift(double[] x, int i, double di, int j, double dj) {
        double[] shifted = x.clone();
        shifted[i] += di;
        shifted[j] += dj;
        return shifted;
    }

    private static CholeskyDecomposition factor(double[][] hessian) {
        try {
            return new CholeskyDecomposition(new Array2DRowRealMatrix(hessian), 1e-10, 0);
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new NonConvergenceException("cumulative link mixed model: the Hessian of the Laplace "
                    + "log-likelihood is not positive definite at the end of the optimisation");
        }
    }

    private static int checkLengths(int[] level, int[] condition, int[] rater, int[] dialogue) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(rater, "rater");
        Objects.requireNonNull(dialogue, "dialogue");
        int n = level.length;
        if (n == 0 || condition.length != n || rater.length != n || dialogue.length != n) {
            throw new IllegalArgumentException("level, condition, rater and dialogue need the same non-zero length, "
                    + "got " + n + ", " + condition.length + ", " + rater.length + " and " + dialogue.length);
        }
        return n;
    }

    /** 1 + the largest index, checking no index is negative and, if {@code dense}, that every index occurs. */
    private static int count(int[] values, String name, boolean dense) {
        int max = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw new IllegalArgumentException(name + " index at " + i + " is negative: " + values[i]);
            }
            max = Math.max(max, values[i]);
        }
        int count = max + 1;
        if (dense) {
            boolean[] seen = new boolean[count];
            for (int v : values) {
                seen[v] = true;
            }
            for (int k = 0; k < count; k++) {
                if (!seen[k]) {
                    throw new IllegalArgumentException(name + " " + k + " never occurs (indices 0.." + max
                            + " must all occur)");
                }
            }
            if (count < 2) {
                throw new IllegalArgumentException("need at least 2 " + name + "s, got " + count);
            }
        }
        return count;
    }

    /** The number of distinct indices, at least 2. */
    private static int groups(int[] values, int count, String name) {
        boolean[] seen = new boolean[count];
        int groups = 0;
        for (int v : values) {
            if (!seen[v]) {
                seen[v] = true;
                groups++;
            }
        }
        if (groups < 2) {
            throw new IllegalArgumentException("need at least 2 " + name + "s for a random intercept, got " + groups);
        }
        return groups;
    }
}
