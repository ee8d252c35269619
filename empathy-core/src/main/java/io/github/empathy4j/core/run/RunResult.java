package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Reply;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Run#execute()} did.
 *
 * @param answered items answered by a call in this run
 * @param cached items answered from the response cache, without a call
 * @param skipped items an earlier run in the same folder had answered
 * @param retries calls retried in this run
 * @param replies every reply of the run, earlier ones included, in dialogue order then condition order
 * @param failures the items that failed in this run (also in {@code failures.jsonl}); a re-run tries them again
 * @param elapsed how long this run took
 */
public record RunResult(int answered, int cached, int skipped, long retries, List<Reply> replies,
        List<Failure> failures, Duration elapsed) {

    public RunResult {
        replies = List.copyOf(replies);
        failures = List.copyOf(failures);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Items that failed in this run. */
    public int failed() {
        return failures.size();
    }

    /** Whether every item of the run has a reply. */
    public boolean complete() {
        return failures.isEmpty();
    }

    /**
     * An item that got no reply: a non-retriable error (bad request, a dialogue the respondent
     * cannot answer) or retries exhausted.
     *
     * @param condition the condition's name
     * @param dialogueId the dialogue's id
     * @param error the exception's class and message
     * @param attempts calls made
     */
    public record Failure(String condition, String dialogueId, String error, int attempts) {

        public Failure {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(dialogueId, "dialogueId");
            Objects.requireNonNull(error, "error");
        }
    }
}
