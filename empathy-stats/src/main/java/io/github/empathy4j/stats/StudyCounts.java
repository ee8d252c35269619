package io.github.empathy4j.stats;

import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Valence;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rating counts per condition, overall and, where known, per valence and per emotion: the input of
 * {@link StudyAnalysis#ofCounts} when the individual ratings are not available (as for published figures).
 * Every group must hold the same conditions. Maps keep their iteration order.
 *
 * @param overall each condition's counts over all dialogues
 * @param valences each valence's counts per condition; empty when unknown
 * @param emotions each emotion's counts per condition; empty when unknown
 */
public record StudyCounts(Map<String, Counts> overall, Map<Valence, Map<String, Counts>> valences,
        Map<Emotion, Map<String, Counts>> emotions) {

    public StudyCounts {
        overall = copy(overall);
        valences = copyGroups(valences);
        emotions = copyGroups(emotions);
    }

    /** Overall counts only. */
    public static StudyCounts of(Map<String, Counts> overall) {
        return new StudyCounts(overall, Map.of(), Map.of());
    }

    private static Map<String, Counts> copy(Map<String, Counts> counts) {
        Objects.requireNonNull(counts, "counts");
        Map<String, Counts> copy = new LinkedHashMap<>();
        counts.forEach((condition, c) -> copy.put(Objects.requireNonNull(condition, "condition"),
                Objects.requireNonNull(c, condition)));
        return Collections.unmodifiableMap(copy);
    }

    private static <K> Map<K, Map<String, Counts>> copyGroups(Map<K, Map<String, Counts>> groups) {
        Objects.requireNonNull(groups, "groups");
        Map<K, Map<String, Counts>> copy = new LinkedHashMap<>();
        groups.forEach((group, counts) -> copy.put(Objects.requireNonNull(group, "group"), copy(counts)));
        return Collections.unmodifiableMap(copy);
    }
}
