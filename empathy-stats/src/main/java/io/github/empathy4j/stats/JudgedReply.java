package io.github.empathy4j.stats;

import java.util.List;
import java.util.Objects;

/**
 * One reply as an absolute judge and the crowd rated it, with what the judge diagnostics need about it: the input
 * of {@link JudgeDiagnostics}.
 *
 * @param dialogueId the dialogue the reply answers
 * @param condition the reply's condition
 * @param author who wrote it: {@link JudgeDiagnostics#HUMAN} or a model family (such as {@code openai})
 * @param length its length in words
 * @param judge the judge's level code
 * @param crowd the crowd's level codes for it, possibly several (repeated ratings) or none
 */
public record JudgedReply(String dialogueId, String condition, String author, int length, int judge,
        List<Integer> crowd) {

    public JudgedReply {
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(author, "author");
        crowd = List.copyOf(crowd);
        if (length < 0) {
            throw new IllegalArgumentException("reply of " + condition + " to " + dialogueId + " has length " + length);
        }
    }
}
