package io.github.empathy4j.core.run;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One judge's verdict on two replies to one dialogue, shown in one order: a line of {@link PairwiseJournal}. Each
 * pair is judged twice, once in each order, as two judgements.
 *
 * @param dialogueId the dialogue both replies answer
 * @param conditionA the condition of the reply shown first, as "Response A"
 * @param conditionB the condition of the reply shown second, as "Response B"
 * @param judge the judge's name (its model spec)
 * @param choice the reply the judge preferred, by position, or a tie
 * @param reason the judge's short reason, or {@code null}
 * @param judgeFamily the judge's model family (such as {@code openai}), or {@code null} when unknown
 * @param authorA who wrote reply A: {@code human} or a model family; {@code null} when unknown
 * @param authorB who wrote reply B, as {@code authorA}
 * @param wordsA the length of reply A in words, before any truncation
 * @param wordsB the length of reply B in words, before any truncation
 * @param maxWords the words each reply was cut to for the judge, 0 when not cut
 * @param cost what the judge's call cost in US dollars, exactly; zero when taken from the response cache,
 *     {@code null} when unknown (no price, no usage reported, or a journal written before verdicts had a cost)
 */
public record PairwiseJudgement(String dialogueId, String conditionA, String conditionB, String judge,
        Preference.Choice choice, String reason, String judgeFamily, String authorA, String authorB, int wordsA,
        int wordsB, int maxWords, BigDecimal cost) {

    public PairwiseJudgement {
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(conditionA, "conditionA");
        Objects.requireNonNull(conditionB, "conditionB");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(choice, "choice");
        if (conditionA.equals(conditionB)) {
            throw new IllegalArgumentException("a pairwise judgement compares condition " + conditionA
                    + " with itself");
        }
        if (wordsA < 0 || wordsB < 0 || maxWords < 0) {
            throw new IllegalArgumentException("words and maxWords must be 0 or more: " + wordsA + ", " + wordsB
                    + ", " + maxWords);
        }
        if (cost != null && cost.signum() < 0) {
            throw new IllegalArgumentException("a cost must not be negative, was " + cost);
        }
    }

    /** A verdict whose cost is unknown. */
    public PairwiseJudgement(String dialogueId, String conditionA, String conditionB, String judge,
            Preference.Choice choice, String reason, String judgeFamily, String authorA, String authorB, int wordsA,
            int wordsB, int maxWords) {
        this(dialogueId, conditionA, conditionB, judge, choice, reason, judgeFamily, authorA, authorB, wordsA, wordsB,
                maxWords, null);
    }

    /** The condition preferred, or {@code null} for a tie. */
    public String winner() {
        return switch (choice) {
            case A -> conditionA;
            case B -> conditionB;
            case TIE -> null;
        };
    }
}
