package io.github.empathy4j.core;

import java.time.Duration;

/** The provider refused the call for now (HTTP 429); retriable, after {@link #retryAfter()} when given. */
public class RateLimitException extends ProviderException {

    public RateLimitException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause, true, retryAfter);
    }
}
