package io.github.empathy4j.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Equivalence (TOST) and non-inferiority of two independent shares, for example the shares of Good of a new model
 * ({@code x1} of {@code n1}) and an old one ({@code x2} of {@code n2}), on their difference
 * {@code d = x1/n1 - x2/n2} with a margin {@code m > 0}: differences inside {@code (-m, m)} count as equivalent.
 *
 * <p>Two one-sided Wald z-tests (Schuirmann's TOST), with the unpooled standard error
 * {@code se = sqrt(p1 (1 - p1) / n1 + p2 (1 - p2) / n2)}: the lower test of {@code H0: d <= -m} against
 * {@code d > -m} has {@code p = P(Z >= (d + m) / se)}, the upper test of {@code H0: d >= m} against {@code d < m}
 * has {@code p = P(Z <= (d - m) / se)}. Equivalence is shown at level {@code alpha} when both reject, that is
 * when the TOST p-value {@link #p()} (the larger one) is below {@code alpha}, which is when the {@code 1 - 2 alpha}
 * Wald interval {@code d +- z_(1-alpha) se} lies inside {@code (-m, m)}. Non-inferiority of the first share
 * ("no more than m worse than the second") is the lower test alone, {@link #nonInferiorityP()}. Same as statsmodels
 * {@code test_proportions_2indep(x1, n1, x2, n2, value=-m, method='wald', compare='diff', alternative='larger')}
 * (and {@code value=m, alternative='smaller'}), and {@code confint_proportions_2indep(..., method='wald',
 * alpha=2*alpha)}.
 *
 * <p>The Wald test is anti-conservative for small groups or shares near 0 or 1. When {@code se = 0} (both shares
 * are 0 or 1) it is undefined: the p-values and the interval are {@code NaN} (statsmodels would give p = 0,
 * certainty from no variation), and nothing is shown equivalent or non-inferior.
 *
 * <p>Reference: Schuirmann (1987), J. Pharmacokinet. Biopharm. 15:657-680; Wellek (2010), <i>Testing Statistical
 * Hypotheses of Equivalence and Noninferiority</i>, 2nd ed., chapter 6.
 *
 * <p>JSON fields: {@code difference}, {@code standardError}, {@code margin}, {@code alpha}, {@code lowerP},
 * {@code upperP}, {@code interval}.
 *
 * @param difference the first share minus the second, {@code x1/n1 - x2/n2}
 * @param standardError the Wald standard error of the difference
 * @param margin the equivalence margin {@code m}, in (0, 1]
 * @param alpha the level of each one-sided test, in (0, 0.5)
 * @param lowerP the p-value of {@code H0: difference <= -margin}
 * @param upperP the p-value of {@code H0: difference >= margin}
 * @param interval the {@code 1 - 2 alpha} Wald interval of the difference
 */
public record Equivalence(double difference, double standardError, double margin, double alpha, double lowerP,
        double upperP, Interval interval) {

    /**
     * The tests of {@code x1} of {@code n1} against {@code x2} of {@code n2}.
     *
     * @throws IllegalArgumentException naming the counts outside {@code 0 <= x <= n, n >= 1}, a margin outside
     *     (0, 1] or an alpha outside (0, 0.5)
     */
    public static Equivalence of(long x1, long n1, long x2, long n2, double margin, double alpha) {
        checkCount("first", x1, n1);
        checkCount("second", x2, n2);
        checkMarginAndAlpha(margin, alpha);
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        return tests(p1 - p2, Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2), margin, alpha);
    }

    private static void checkMarginAndAlpha(double margin, double alpha) {
        if (!(margin > 0 && margin <= 1)) {
            throw new IllegalArgumentException("equivalence margin " + margin + " is outside (0, 1]");
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha " + alpha + " of the one-sided tests is outside (0, 0.5)");
        }
    }

    private static Equivalence tests(double d, double se, double margin, double alpha) {
        if (se == 0) {
            return new Equivalence(d, 0, margin, alpha, Double.NaN, Double.NaN,
                    new Interval(Double.NaN, Double.NaN));
        }
        NormalDistribution normal = NormalDistribution.of(0, 1);
        double z = normal.inverseSurvivalProbability(alpha);
        return new Equivalence(d, se, margin, alpha, normal.survivalProbability((d + margin) / se),
                normal.cumulativeProbability((d - margin) / se), new Interval(d - z * se, d + z * se));
    }

    /**
     * The tests of two shares of the same dialogues, paired: {@code firstOnly} dialogues where only the first
     * condition's reply is a success, {@code secondOnly} where only the second's, of {@code pairs} dialogues; the
     * difference is {@code d = (firstOnly - secondOnly) / pairs}, the mean of the per-dialogue differences (-1, 0 or
     * 1), with the standard error of that mean, {@code sqrt((firstOnly + secondOnly - pairs d^2) / (pairs (pairs -
     * 1)))} (sample variance). Same as statsmodels {@code DescrStatsW(d).ztost_mean(-m, m)} on the differences;
     * otherwise as {@link #of}.
     *
     * @throws IllegalArgumentException for negative counts, {@code firstOnly + secondOnly > pairs}, fewer than two
     *     pairs, a margin outside (0, 1] or an alpha outside (0, 0.5)
     */
    public static Equivalence paired(long firstOnly, long secondOnly, long pairs, double margin, double alpha) {
        if (pairs < 2 || firstOnly < 0 || secondOnly < 0 || firstOnly + secondOnly > pairs) {
            throw new IllegalArgumentException("paired shares need 0 <= firstOnly + secondOnly <= pairs and pairs >= 2,"
                    + " got firstOnly " + firstOnly + ", secondOnly " + secondOnly + ", pairs " + pairs);
        }
        checkMarginAndAlpha(margin, alpha);
        double d = (double) (firstOnly - secondOnly) / pairs;
        double se = Math.sqrt(Math.max(0, firstOnly + secondOnly - pairs * d * d) / ((double) pairs * (pairs - 1)));
        return tests(d, se, margin, alpha);
    }

    /** The TOST p-value, the larger of the two one-sided ones ({@code NaN} when undefined). */
    public double p() {
        return Math.max(lowerP, upperP);
    }

    /** The p-value of non-inferiority of the first share, {@code H0: difference <= -margin}: {@link #lowerP}. */
    public double nonInferiorityP() {
        return lowerP;
    }

    /** Whether equivalence is shown at level {@code alpha}: {@link #p()} below it. */
    public boolean equivalent() {
        return p() < alpha;
    }

    /** Whether non-inferiority of the first share is shown at level {@code alpha}. */
    public boolean nonInferior() {
        return lowerP < alpha;
    }

    private static void checkCount(String which, long x, long n) {
        if (n < 1 || x < 0 || x > n) {
            throw new IllegalArgumentException("the " + which + " group needs 0 <= successes <= n and n >= 1, got "
                    + x + " of " + n);
        }
    }
}
