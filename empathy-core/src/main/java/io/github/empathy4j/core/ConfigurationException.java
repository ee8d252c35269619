package io.github.empathy4j.core;

/**
 * A setting that cannot work, such as an unknown provider, an unknown option or a missing
 * API key variable. The message names the setting and what would be accepted.
 */
public class ConfigurationException extends EmpathyException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
