package io.github.empathy4j.core;

import java.util.Objects;

/**
 * One utterance of a dialogue.
 *
 * @param role who said it: the speaker who shares an experience, or the listener who answers
 * @param text what was said
 */
public record Turn(Role role, String text) {

    /** The two parties of an EmpatheticDialogues conversation. */
    public enum Role {
        /** The person who shares an emotional experience. */
        SPEAKER,
        /** The person (or model) who answers. */
        LISTENER
    }

    public Turn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }

    /** A speaker's turn. */
    public static Turn speaker(String text) {
        return new Turn(Role.SPEAKER, text);
    }

    /** A listener's turn. */
    public static Turn listener(String text) {
        return new Turn(Role.LISTENER, text);
    }
}
