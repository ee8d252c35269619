package io.github.empathy4j.stats;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The analysis of one group of dialogues: all of them, one valence, or one emotion.
 *
 * <p>JSON fields (stable): {@code group} ({@code overall}, {@code positive}, {@code negative} or an emotion label
 * such as {@code afraid}), {@code dialogues} (distinct dialogues rated; {@code null} from counts),
 * {@code conditions} ({@link ConditionSummary}, baseline first), {@code comparisons} ({@link Comparison}, one per
 * non-baseline condition), {@code omnibus} ({@link Omnibus}).
 *
 * @param group the group's name
 * @param dialogues the number of distinct dialogues, or {@code null} when the analysis had only counts
 * @param conditions each condition's counts and share of success, baseline first
 * @param comparisons each other condition against the baseline
 * @param omnibus the tests across all conditions
 */
public record GroupAnalysis(String group, Integer dialogues, List<ConditionSummary> conditions,
        List<Comparison> comparisons, Omnibus omnibus) {

    public GroupAnalysis {
        conditions = List.copyOf(conditions);
        comparisons = List.copyOf(comparisons);
    }

    /**
     * One condition's summary.
     *
     * @throws IllegalArgumentException listing the conditions when there is no such condition
     */
    public ConditionSummary condition(String name) {
        return conditions.stream().filter(c -> c.condition().equals(name)).findFirst()
                .orElseThrow(() -> unknown(name, conditions.stream().map(ConditionSummary::condition)
                        .collect(Collectors.joining(", "))));
    }

    /**
     * One condition's comparison with the baseline.
     *
     * @throws IllegalArgumentException listing the compared conditions when there is no such comparison
     */
    public Comparison comparison(String condition) {
        return comparisons.stream().filter(c -> c.condition().equals(condition)).findFirst()
                .orElseThrow(() -> unknown(condition, comparisons.stream().map(Comparison::condition)
                        .collect(Collectors.joining(", "))));
    }

    private IllegalArgumentException unknown(String name, String known) {
        return new IllegalArgumentException("group '" + group + "' has no condition '" + name + "'; it has: " + known);
    }
}
