package io.github.empathy4j.core.prompt;

import java.util.Objects;

/**
 * One chat message of a rendered prompt.
 *
 * @param role whose message it is
 * @param text its content
 */
public record ChatMessage(Role role, String text) {

    /** The chat roles a prompt uses. */
    public enum Role {
        /** Instructions to the model. */
        SYSTEM,
        /** The user's message. */
        USER
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }
}
