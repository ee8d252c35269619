package io.github.empathy4j.core.run;

import io.github.empathy4j.core.TokenUsage;

import java.util.Objects;

/**
 * What a {@link PairwiseJudge} returns for two replies; the engine adds who and what was compared to make a
 * {@link PairwiseJudgement}.
 *
 * @param choice the reply preferred, by its position, or a tie
 * @param reason the judge's short reason, or {@code null}
 * @param model the model the provider said answered, or {@code null} (priced by the judge's spec then)
 * @param usage the tokens the verdict's calls used, {@link TokenUsage#NONE} when not reported (cost unknown)
 */
public record Preference(Choice choice, String reason, String model, TokenUsage usage) {

    /** The reply preferred: the one shown first (A), the one shown second (B), or neither. */
    public enum Choice {
        /** Response A, shown first. */
        A,
        /** Response B, shown second. */
        B,
        /** Neither is better. */
        TIE
    }

    public Preference {
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(usage, "usage");
    }

    /** A preference without usage: its cost is unknown. */
    public Preference(Choice choice, String reason) {
        this(choice, reason, null, TokenUsage.NONE);
    }

    /** This preference with the model and tokens of the calls that gave it. */
    public Preference withUsage(String model, TokenUsage usage) {
        return new Preference(choice, reason, model, usage);
    }
}
