package io.github.empathy4j.core.dataset;

import java.util.Objects;

/**
 * What a reader read, with its report of rows it skipped.
 *
 * @param value what was read
 * @param report the rows read and skipped, and why
 * @param <T> the type read
 */
public record ReadResult<T>(T value, ReadReport report) {

    public ReadResult {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(report, "report");
    }
}
