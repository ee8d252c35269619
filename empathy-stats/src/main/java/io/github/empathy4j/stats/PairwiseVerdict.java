package io.github.empathy4j.stats;

import java.util.Objects;

/**
 * One judge's verdict on two replies to one dialogue, shown in one order: the input of {@link PairwiseAnalysis}.
 *
 * <p>JSON fields: {@code dialogueId}, {@code conditionA}, {@code conditionB}, {@code aFirst}, {@code judge},
 * {@code verdict}.
 *
 * @param dialogueId the dialogue both replies answer
 * @param conditionA the condition of reply A
 * @param conditionB the condition of reply B, another condition
 * @param aFirst whether reply A was shown first
 * @param judge who judged: a judge's model spec
 * @param verdict which reply the judge preferred, or a tie
 */
public record PairwiseVerdict(String dialogueId, String conditionA, String conditionB, boolean aFirst, String judge,
        Verdict verdict) {

    /** A pairwise verdict: reply A better, reply B better, or a tie. */
    public enum Verdict {
        /** Reply A is better. */
        A,
        /** Reply B is better. */
        B,
        /** Neither is better. */
        TIE
    }

    public PairwiseVerdict {
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(conditionA, "conditionA");
        Objects.requireNonNull(conditionB, "conditionB");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(verdict, "verdict");
        if (conditionA.equals(conditionB)) {
            throw new IllegalArgumentException("a pairwise verdict on dialogue " + dialogueId + " compares condition "
                    + conditionA + " with itself");
        }
    }

    /** The winning condition, or {@code null} for a tie. */
    public String winner() {
        return switch (verdict) {
            case A -> conditionA;
            case B -> conditionB;
            case TIE -> null;
        };
    }

    /** Whether the reply shown first won (false for a tie). */
    public boolean firstWon() {
        return verdict == Verdict.A && aFirst || verdict == Verdict.B && !aFirst;
    }
}
