package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Who answers a dialogue: a human reference, an LLM, a replay of recorded replies. The one
 * plug-in method; the run engine adds concurrency, rate limits, retries, caching and the journal.
 *
 * <p>Throw a {@link io.github.empathy4j.core.ProviderException} for a failed call; the engine
 * retries it when {@code retriable()} says so. A refusal is not an exception: return an
 * {@link Answer} with {@link io.github.empathy4j.core.FinishReason#CONTENT_FILTER}.
 */
@FunctionalInterface
public interface Respondent {

    /** Answers the dialogue's last speaker turn. Must be safe to call from several threads at once. */
    Answer respond(Dialogue dialogue);

    /**
     * The human reference: answers with the dataset's recorded reply ({@link Dialogue#humanReply()}),
     * as model {@code human}. A {@link Run} asks it only for the dialogues that have one; called for a
     * dialogue without one, it throws a {@link io.github.empathy4j.core.BadInputException} naming the
     * dialogue.
     */
    static Respondent humanReference() {
        return HumanReference.INSTANCE;
    }

    /**
     * Answers with the replies one condition recorded in a {@code responses.jsonl} (see
     * {@link ReplyJournal}), keeping their text, finish reason, model and token usage. The file is
     * read once, now. A dialogue the file has no reply to is not answered: the call throws a
     * {@link io.github.empathy4j.core.BadInputException} naming the dialogue, which a run records
     * as that item's failure.
     *
     * @param responses the recorded replies
     * @param condition the condition whose replies to use
     * @throws io.github.empathy4j.core.BadInputException when the file cannot be read or has no reply of the condition
     */
    static Respondent replay(Path responses, String condition) {
        return new Replay(Objects.requireNonNull(responses, "responses"), Objects.requireNonNull(condition,
                "condition"));
    }
}
