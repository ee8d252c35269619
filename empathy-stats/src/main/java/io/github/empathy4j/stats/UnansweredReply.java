package io.github.empathy4j.stats;

import io.github.empathy4j.core.Reply;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A reply that was not rated because there was nothing to rate: an empty reply or a refusal. An analysis counts
 * these per condition and applies its {@link UnansweredPolicy}.
 *
 * @param condition the condition that replied
 * @param dialogueId the dialogue it answered
 * @param outcome {@link Reply.Outcome#EMPTY} or {@link Reply.Outcome#REFUSED}
 */
public record UnansweredReply(String condition, String dialogueId, Reply.Outcome outcome) {

    public UnansweredReply {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Reply.Outcome.ANSWERED) {
            throw new IllegalArgumentException("reply of condition '" + condition + "' to dialogue '" + dialogueId
                    + "' was answered; only empty replies and refusals are unanswered");
        }
    }

    /** The unanswered replies among {@code replies}, in their order. */
    public static List<UnansweredReply> of(Collection<Reply> replies) {
        return replies.stream().filter(r -> r.outcome() != Reply.Outcome.ANSWERED)
                .map(r -> new UnansweredReply(r.condition(), r.dialogueId(), r.outcome())).toList();
    }
}
