package io.github.empathy4j.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One condition's rating counts in one group, for {@link StudyAnalysis#ofCounts}: either the count of every level
 * of the scale, or only the number of successes out of a total (as publications often give).
 *
 * <p>Values are checked by the analysis, whose errors name the group and condition.
 *
 * @param levels the count of each level in the dimension's order, or {@code null} when only successes are known
 * @param successes the number of successes when {@code levels} is {@code null}, otherwise {@code null}
 * @param total the number of ratings
 */
public record Counts(List<Long> levels, Long successes, long total) {

    public Counts {
        if ((levels == null) == (successes == null)) {
            throw new IllegalArgumentException("give either the level counts or the successes, not "
                    + (levels == null ? "neither" : "both"));
        }
        if (levels != null) {
            levels = List.copyOf(levels);
            long sum = levels.stream().mapToLong(Long::longValue).sum();
            if (sum != total) {
                throw new IllegalArgumentException("level counts " + levels + " add up to " + sum + ", not " + total);
            }
        }
    }

    /** The count of every level, in the dimension's order, for example {@code Counts.of(342, 672, 986)}. */
    public static Counts of(long... levels) {
        Objects.requireNonNull(levels, "levels");
        return new Counts(Arrays.stream(levels).boxed().toList(), null,
                Arrays.stream(levels).sum());
    }

    /** Only the successes out of a total, for example {@code Counts.ofSuccesses(1219, 2000)}. */
    public static Counts ofSuccesses(long successes, long total) {
        return new Counts(null, successes, total);
    }
}
