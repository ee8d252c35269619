package io.github.empathy4j.core;

/** The provider rejected the credentials (HTTP 401 or 403); never retried. */
public class AuthenticationException extends ProviderException {

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause, false, null);
    }
}
