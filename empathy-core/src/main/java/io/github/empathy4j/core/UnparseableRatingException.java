package io.github.empathy4j.core;

import java.util.Objects;

/**
 * A rater's answer that is not a level of the scale, even after the rater asked again. The rating
 * engine records it as a failure with the raw answer and never guesses a value; a later run tries the
 * item again.
 */
public class UnparseableRatingException extends EmpathyException {

    private final String rawAnswer;

    /**
     * @param message what was expected, such as the scale's levels
     * @param rawAnswer the rater's answer as it came, for the failure record
     */
    public UnparseableRatingException(String message, String rawAnswer) {
        super(message);
        this.rawAnswer = Objects.requireNonNull(rawAnswer, "rawAnswer");
    }

    /** The rater's answer as it came (the last one, when it was asked again). */
    public String rawAnswer() {
        return rawAnswer;
    }
}
