package io.github.empathy4j.stats;

/**
 * One condition against the baseline on the same dialogues (every condition answers the same dialogues, so the
 * study is paired): the dialogues whose replies under both conditions were rated, each reply counted once (the
 * reply's rating as {@link AnalysisOptions#perReply()} made it). See {@link PairedTests}.
 *
 * <p>JSON fields: {@code pairs}, {@code conditionOnly}, {@code baselineOnly}, {@code mcNemar}, {@code wilcoxon},
 * {@code stuartMaxwell} (each a {@link TestResult}, its p-value corrected in its family like the other tests).
 *
 * @param pairs the dialogues rated under both conditions
 * @param conditionOnly pairs where only the condition's reply is a success (McNemar's {@code b})
 * @param baselineOnly pairs where only the baseline's reply is a success (McNemar's {@code c})
 * @param mcNemar McNemar's test of success vs not, with continuity correction, as R {@code mcnemar.test}
 * @param wilcoxon the Wilcoxon signed-rank test of the level codes, condition minus baseline (statistic V), as R
 *     {@code wilcox.test(x, y, paired = TRUE, exact = FALSE)}
 * @param stuartMaxwell the Stuart-Maxwell test of marginal homogeneity of the levels (df: levels used - 1)
 */
public record PairedComparison(int pairs, long conditionOnly, long baselineOnly, TestResult mcNemar,
        TestResult wilcoxon, TestResult stuartMaxwell) {

    /** The same comparison with its p-values corrected in their families. */
    PairedComparison withP(PValues mcNemarP, PValues wilcoxonP, PValues stuartMaxwellP) {
        return new PairedComparison(pairs, conditionOnly, baselineOnly, mcNemar.withP(mcNemarP),
                wilcoxon.withP(wilcoxonP), stuartMaxwell.withP(stuartMaxwellP));
    }
}
