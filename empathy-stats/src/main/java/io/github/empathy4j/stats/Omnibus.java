package io.github.empathy4j.stats;

import java.util.List;

/**
 * Tests across all conditions of one group at once.
 *
 * <p>JSON fields (stable): {@code chiSquare}, {@code cramersV}, {@code kruskalWallis}, {@code dunn}; added:
 * {@code pairedDialogues}, {@code cochranQ}, {@code friedman} (the paired tests over the dialogues rated under every
 * condition). Each is {@code null} when the analysis lacks what it needs: every level's count for the chi-square,
 * the individual ratings for Kruskal-Wallis, Dunn and the paired tests; all are {@code null} in an
 * {@linkplain GroupAnalysis#untestable() untestable} group.
 *
 * @param chiSquare Pearson's chi-square on the k x L table of conditions by levels (df (k - 1)(L - 1)), or
 *     {@code null}
 * @param cramersV Cramér's V of that table, or {@code null}
 * @param kruskalWallis Kruskal-Wallis H test of the codes (df k - 1), or {@code null}
 * @param dunn Dunn's post-hoc test, every pair of conditions, p-values corrected across the pairs; or
 *     {@code null}
 * @param pairedDialogues the dialogues rated under every condition, on which the paired tests ran; or
 *     {@code null} from counts
 * @param cochranQ Cochran's Q test of success vs not across the conditions on those dialogues (df k - 1), or
 *     {@code null}
 * @param friedman Friedman's rank test of the level codes across the conditions on those dialogues (df k - 1), or
 *     {@code null}
 */
public record Omnibus(TestResult chiSquare, Double cramersV, TestResult kruskalWallis, List<DunnPair> dunn,
        Integer pairedDialogues, TestResult cochranQ, TestResult friedman) {

    public Omnibus {
        dunn = dunn == null ? null : List.copyOf(dunn);
    }
}
