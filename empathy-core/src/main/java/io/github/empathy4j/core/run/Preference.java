package io.github.empathy4j.core.run;

import java.util.Objects;

/**
 * What a {@link PairwiseJudge} returns for two replies; the engine adds who and what was compared to make a
 * {@link PairwiseJudgement}.
 *
 * @param choice the reply preferred, by its position, or a tie
 * @param reason the judge's short reason, or {@code null}
 */
public record Preference(Choice choice, String reason) {

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
    }
}
