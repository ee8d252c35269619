package io.github.empathy4j.core.rating;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How several raters' values for one item become one value, such as a panel of LLM judges.
 * Both rules always give a level of the dimension and lean to the lower level when undecided, so
 * that a panel never overstates empathy on a tie.
 */
public enum Combination {

    /**
     * The level given most often. A tie between levels goes to the tied level nearest the median of
     * all values (the lower median for an even count); two tied levels equally near it go to the
     * lower one. So 1, 2, 3 gives 2; 1, 3 gives 1; 1, 1, 2, 3, 3 gives 1.
     */
    MAJORITY,

    /**
     * The mean of the level codes, rounded to the nearest level; a mean exactly halfway between two
     * levels goes to the lower one. So 2, 3, 3 gives 3 (mean 2.67); 1, 2 gives 1 (mean 1.5).
     */
    MEAN;

    /**
     * Combines the values of one item.
     *
     * @throws IllegalArgumentException when there is no value or a value is not a level of the dimension
     */
    public int combine(List<Integer> values, RatingScale.Dimension dimension) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(dimension, "dimension");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine: no value");
        }
        for (int v : values) {
            dimension.level(v);
        }
        return switch (this) {
            case MAJORITY -> majority(values);
            case MEAN -> nearest(values.stream().mapToInt(Integer::intValue).average().orElseThrow(),
                    dimension.levels().stream().map(RatingScale.Level::code).toList());
        };
    }

    private static int majority(List<Integer> values) {
        Map<Integer, Integer> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        int most = Collections.max(counts.values());
        List<Integer> tied = counts.entrySet().stream().filter(e -> e.getValue() == most).map(Map.Entry::getKey)
                .toList();
        if (tied.size() == 1) {
            return tied.get(0);
        }
        List<Integer> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return nearest(sorted.get((sorted.size() - 1) / 2), tied);
    }

    /** The candidate nearest to {@code target}; the lower one when two are equally near. Candidates ascend. */
    private static int nearest(double target, List<Integer> candidates) {
        int best = candidates.get(0);
        for (int c : candidates) {
            if (Math.abs(c - target) < Math.abs(best - target)) {
                best = c;
            }
        }
        return best;
    }
}
