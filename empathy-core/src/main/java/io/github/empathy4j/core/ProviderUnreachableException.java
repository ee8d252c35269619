package io.github.empathy4j.core;

/**
 * A call that could not reach the provider's server: connection refused, host name not resolved, no route.
 * The run engines count these per provider; after a few in a row they stop calling that provider and record
 * its remaining items as failed, so that a dead server costs seconds, not minutes of retries.
 */
public class ProviderUnreachableException extends ProviderException {

    /**
     * @param message what failed, without secrets
     * @param cause the underlying exception, or {@code null}
     * @param retriable whether a later attempt may succeed (a refused connection may; an unknown host will not)
     */
    public ProviderUnreachableException(String message, Throwable cause, boolean retriable) {
        super(message, cause, retriable, null);
    }
}
