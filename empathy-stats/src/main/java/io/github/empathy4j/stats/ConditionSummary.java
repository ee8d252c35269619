package io.github.empathy4j.stats;

import java.util.List;

/**
 * One condition's ratings in one group.
 *
 * <p>JSON fields: {@code condition}, {@code n}, {@code counts} (per level, in the order of
 * {@link StudyAnalysis#levels()}; {@code null} when only successes are known), {@code successes}, {@code share},
 * {@code shareInterval} ({@link Interval#wilson Wilson} interval at the analysis' confidence level).
 *
 * @param condition the condition's name
 * @param n the number of ratings
 * @param counts the count of each level, or {@code null} when only successes are known
 * @param successes the number of ratings at a success level ("Good")
 * @param share {@code successes / n}
 * @param shareInterval the Wilson score interval of the share
 */
public record ConditionSummary(String condition, long n, List<Long> counts, long successes, double share,
        Interval shareInterval) {

    public ConditionSummary {
        counts = counts == null ? null : List.copyOf(counts);
    }
}
