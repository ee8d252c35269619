package io.github.empathy4j.stats;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The ratings come from several rater sources and none was chosen (or the chosen one has no rating): an analysis is
 * of one source, never of a silent pool. The message lists every source with its number of ratings.
 */
public final class RaterChoiceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Each source's name and number of ratings. */
    private final transient Map<String, Long> sources;

    RaterChoiceException(String problem, Map<String, Long> sources) {
        super(problem + "; the rater sources are: " + sources.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + " ratings)").collect(Collectors.joining(", ")));
        this.sources = Map.copyOf(sources);
    }

    /** Each source's name and its number of ratings. */
    public Map<String, Long> sources() {
        return sources;
    }
}
