package io.github.empathy4j.core.run;

import io.github.empathy4j.core.TokenUsage;

import java.util.Objects;

/**
 * What a {@link Rater} returns for one reply on one scale dimension; the engine adds who and
 * what was rated to make a {@link io.github.empathy4j.core.Rating}.
 *
 * @param value the level's code
 * @param rationale the rater's stated reason, or {@code null}
 * @param model the model the provider said answered, or {@code null} (priced by the rater's spec then)
 * @param usage the tokens the rating's calls used, {@link TokenUsage#NONE} when not reported (cost unknown)
 */
public record Score(int value, String rationale, String model, TokenUsage usage) {

    public Score {
        Objects.requireNonNull(usage, "usage");
    }

    /** A score without usage: its cost is unknown. */
    public Score(int value, String rationale) {
        this(value, rationale, null, TokenUsage.NONE);
    }

    /** This score with the model and tokens of the calls that gave it. */
    public Score withUsage(String model, TokenUsage usage) {
        return new Score(value, rationale, model, usage);
    }
}
