package io.github.empathy4j.core;

/**
 * The root of every exception empathy4j throws. Unchecked; subclasses tell callers what went
 * wrong: {@link BadInputException} for data that cannot be read, {@link ConfigurationException}
 * for a setting that cannot work, and {@code ProviderException} for a failed model call.
 * Messages pass through {@link Secrets#redact(String)}, so no registered key or well-known key shape
 * appears in them.
 */
public class EmpathyException extends RuntimeException {

    public EmpathyException(String message) {
        super(Secrets.redact(message));
    }

    public EmpathyException(String message, Throwable cause) {
        super(Secrets.redact(message), cause);
    }
}
