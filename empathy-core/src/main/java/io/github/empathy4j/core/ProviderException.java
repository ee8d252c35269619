package io.github.empathy4j.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call that failed. {@link #retriable()} tells the run engine whether trying again may
 * help (HTTP 429, 5xx, time-outs, connection resets) or not (authentication, bad request).
 * Messages never contain API keys.
 */
public class ProviderException extends EmpathyException {

    private final boolean retriable;
    private final Duration retryAfter;

    /**
     * @param message what failed, without secrets
     * @param cause the underlying exception, or {@code null}
     * @param retriable whether a later attempt may succeed
     * @param retryAfter how long the provider asked us to wait, or {@code null}
     */
    public ProviderException(String message, Throwable cause, boolean retriable, Duration retryAfter) {
        super(message, cause);
        this.retriable = retriable;
        this.retryAfter = retryAfter;
    }

    /** Whether a later attempt may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** How long the provider asked us to wait before the next attempt ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
