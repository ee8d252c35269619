package io.github.empathy4j.core.run;

/**
 * What a {@link Rater} returns for one reply on one scale dimension; the engine adds who and
 * what was rated to make a {@link io.github.empathy4j.core.Rating}.
 *
 * @param value the level's code
 * @param rationale the rater's stated reason, or {@code null}
 */
public record Score(int value, String rationale) {
}
