package io.github.empathy4j.core;

/** The call did not complete in time; retriable. */
public class ProviderTimeoutException extends ProviderException {

    public ProviderTimeoutException(String message, Throwable cause) {
        super(message, cause, true, null);
    }
}
