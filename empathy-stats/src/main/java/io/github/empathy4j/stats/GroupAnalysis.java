package io.github.empathy4j.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The analysis of one group of dialogues: all of them, one valence, or one emotion.
 *
 * <p>A group where a condition has no rating cannot be tested: it keeps its conditions' counts, has no comparison,
 * an omnibus without results, and says why in {@link #untestable()}; the other groups are computed as usual.
 *
 * <p>JSON fields (stable): {@code group} (its label: {@code overall}, {@code positive}, {@code negative} or an
 * emotion), {@code dialogues} (distinct dialogues rated; {@code null} from counts), {@code conditions}
 * ({@link ConditionSummary}, baseline first), {@code comparisons} ({@link Comparison}, one per non-baseline
 * condition; empty when untestable), {@code omnibus} ({@link Omnibus}); added: {@code untestable} (the reason, or
 * {@code null} when the group was tested).
 *
 * @param group which dialogues
 * @param dialogues the number of distinct dialogues, or {@code null} when the analysis had only counts
 * @param conditions each condition's counts and share of success, baseline first
 * @param comparisons each other condition against the baseline; empty when the group is untestable
 * @param omnibus the tests across all conditions
 * @param untestable why the group could not be tested, such as {@code condition 'gpt-4' has no ratings}; empty
 *     when it was tested
 */
public record GroupAnalysis(Group group, Integer dialogues, List<ConditionSummary> conditions,
        List<Comparison> comparisons, Omnibus omnibus, @JsonIgnore Optional<String> untestable) {

    public GroupAnalysis {
        Objects.requireNonNull(group, "group");
        conditions = List.copyOf(conditions);
        comparisons = List.copyOf(comparisons);
        Objects.requireNonNull(omnibus, "omnibus");
        Objects.requireNonNull(untestable, "untestable");
    }

    /** The reason the group is untestable, or {@code null}: the JSON field {@code untestable}. */
    @JsonProperty("untestable")
    String untestableReason() {
        return untestable.orElse(null);
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
     * @throws IllegalArgumentException saying why when the group is {@link #untestable()}, or listing the compared
     *     conditions when there is no such comparison
     */
    public Comparison comparison(String condition) {
        untestable.ifPresent(reason -> {
            throw new IllegalArgumentException("group '" + group.label() + "' is untestable: " + reason);
        });
        return comparisons.stream().filter(c -> c.condition().equals(condition)).findFirst()
                .orElseThrow(() -> unknown(condition, comparisons.stream().map(Comparison::condition)
                        .collect(Collectors.joining(", "))));
    }

    private IllegalArgumentException unknown(String name, String known) {
        return new IllegalArgumentException("group '" + group.label() + "' has no condition '" + name + "'; it has: "
                + known);
    }
}
