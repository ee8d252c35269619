package io.github.empathy4j.core.dataset;

/**
 * What a reader does with a row it cannot use. Problems with the file as a whole (missing file,
 * empty file, missing column, invalid UTF-8, broken CSV quoting) always throw.
 */
public enum ErrorPolicy {
    /** Throw a {@link io.github.empathy4j.core.BadInputException} at the first bad row. */
    STRICT,
    /** Skip bad rows and list them in the {@link ReadReport}. */
    LENIENT;

    /** How a strict reader's message ends: the way to read leniently (a command line says it in its own terms). */
    public static final String LENIENT_HINT = "; to skip bad rows and get a report instead, read with"
            + " ErrorPolicy.LENIENT";
}
