package io.github.empathy4j.stats;

import java.util.List;

/**
 * One condition's ratings in one group.
 *
 * <p>JSON fields: {@code condition}, {@code n}, {@code counts} (per level, in the order of
 * {@link StudyAnalysis#levels()}; {@code null} when only successes are known), {@code successes}, {@code share},
 * {@code shareInterval} ({@link Interval#wilson Wilson} interval at the analysis' confidence level), {@code empty},
 * {@code refused}.
 *
 * @param condition the condition's name
 * @param n the number of replies rated (one rating per reply and rater source), with the unanswered replies when
 *     the analysis counts them as the lowest level ({@link UnansweredPolicy#LOWEST}); 0 in an untestable group
 * @param counts the count of each level, or {@code null} when only successes are known
 * @param successes the number of replies at a success level ("Good")
 * @param share {@code successes / n}; {@code NaN} when {@code n} is 0
 * @param shareInterval the Wilson score interval of the share; both bounds {@code NaN} when {@code n} is 0
 * @param empty the condition's empty replies in the group (never rated; see {@link StudyAnalysis#unanswered()})
 * @param refused the condition's refusals in the group (never rated; see {@link StudyAnalysis#unanswered()})
 */
public record ConditionSummary(String condition, long n, List<Long> counts, long successes, double share,
        Interval shareInterval, long empty, long refused) {

    public ConditionSummary {
        counts = counts == null ? null : List.copyOf(counts);
    }
}
