package io.github.empathy4j.stats;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ratings come from several rater sources and none was chosen (or the chosen one has no rating): an analysis is
 * of one source, never of a silent pool. The message lists every source with its number of ratings.
 */
public final class RaterChoiceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Each source's name and number of ratings. */
    private final transient Map<String, Long> sources;

    /** The source chosen, or {@code null} when none was. */
    private final String chosen;

    RaterChoiceException(String problem, String chosen, Map<String, Long> sources) {
        super(problem + "; the rater sources are: " + sources.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + " ratings)").collect(Collectors.joining(", ")));
        this.sources = Collections.unmodifiableMap(new TreeMap<>(sources));
        this.chosen = chosen;
    }

    /** The source that was chosen but has no rating; empty when none was chosen among several. */
    public Optional<String> chosen() {
        return Optional.ofNullable(chosen);
    }

    /** Each source's name and its number of ratings, by name. */
    public Map<String, Long> sources() {
        return sources;
    }
}
