package io.github.empathy4j.core;

import java.util.Locale;

/** Whether an emotion is pleasant or unpleasant, as the 2024 study grouped the 32 emotions. */
public enum Valence {
    POSITIVE,
    NEGATIVE;

    /** The lower-case name used in data files and reports: {@code positive} or {@code negative}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code positive} or {@code negative}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static Valence parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Valence v : values()) {
            if (v.label().equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a valence; expected positive or negative");
    }
}
