package io.github.empathy4j.stats;

/**
 * One condition against the baseline within one group (overall, a valence or an emotion).
 *
 * <p>The study's test is {@link #yates}: Pearson's chi-square with Yates' correction on the 2x2 table of success
 * versus non-success (rows: condition, baseline). The other fields are what a careful analyst adds. Fields that
 * need the individual ratings (bootstrap intervals, Mann-Whitney) are {@code null} when the analysis had only
 * counts, the intervals also when it ran no bootstrap; those that need every level's count (2xL chi-square,
 * Cramér's V) are {@code null} when only successes were counted.
 *
 * <p>JSON fields (stable): {@code condition}, {@code baseline}, {@code shareDifference},
 * {@code shareDifferenceInterval}, {@code relativeIncrease}, {@code relativeIncreaseInterval}, {@code yates},
 * {@code phi}, {@code fisher}, {@code levels}, {@code cramersV}, {@code mannWhitney}; added: {@code paired}
 * ({@link PairedComparison}, {@code null} from counts), {@code effects} ({@link Effects}), {@code power}
 * ({@link Power}), {@code equivalence} ({@link Equivalence}, {@code null} without a margin).
 *
 * @param condition the condition compared
 * @param baseline the baseline condition
 * @param shareDifference the condition's share of success minus the baseline's
 * @param shareDifferenceInterval paired percentile bootstrap interval of {@code shareDifference}, or {@code null}
 * @param relativeIncrease {@code share / baselineShare - 1}: the relative increase in successes (equal to
 *     {@code successes / baselineSuccesses - 1} when both have the same number of ratings; 0.313 for GPT-4's
 *     31.3% in the study); {@code Infinity} or {@code NaN} when the baseline has no success
 * @param relativeIncreaseInterval paired percentile bootstrap interval of {@code relativeIncrease}, or
 *     {@code null}
 * @param yates chi-square with Yates' correction on the 2x2 success table (df 1; {@link ContingencyTests#yates})
 * @param phi the phi coefficient of the 2x2 table (uncorrected, unsigned; {@link ContingencyTests#cramersV})
 * @param fisher Fisher's exact test of the 2x2 table, given where the chi-square approximation is doubtful: when
 *     an expected count of the 2x2 table is below 5 (then prefer it to {@code yates}); otherwise {@code null}.
 *     Statistic: the sample odds ratio of success, condition over baseline. It is computed for every group of the
 *     family and its p-values are corrected across all of them, whether or not a group needed it
 * @param levels Pearson's chi-square on the 2xL table of every level (df L - 1), or {@code null}
 * @param cramersV Cramér's V of the 2xL table, or {@code null}
 * @param mannWhitney Mann-Whitney U test of the codes (statistic: U of the condition), or {@code null}
 * @param paired the paired tests on the dialogues rated under both conditions, or {@code null} when the analysis
 *     had only counts
 * @param effects the effect sizes with their intervals
 * @param power the power of the 2x2 test at the observed group sizes, and the minimum detectable difference
 * @param equivalence the equivalence (TOST) and non-inferiority tests of the difference in share with the
 *     analysis' margin ({@link AnalysisOptions#margin()}), each one-sided test at level {@code 1 -} the confidence
 *     level, not corrected across groups; {@code null} without a margin
 */
public record Comparison(String condition, String baseline, double shareDifference,
        Interval shareDifferenceInterval, double relativeIncrease, Interval relativeIncreaseInterval,
        TestResult yates, double phi, TestResult fisher, TestResult levels, Double cramersV,
        TestResult mannWhitney, PairedComparison paired, Effects effects, Power power, Equivalence equivalence) {
}
