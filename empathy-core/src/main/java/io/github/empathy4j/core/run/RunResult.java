package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Reply;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a {@link Run#execute()} did: counts, the failures, and a lazy reader of the run's replies.
 *
 * @param answered items answered by a call in this run
 * @param cached items answered from the response cache, without a call
 * @param skipped items an earlier run in the same folder had answered
 * @param retries calls retried in this run (HTTP 429s included)
 * @param failures the items that failed in this run (also in {@code failures.jsonl}); a re-run tries them again
 * @param elapsed how long this run took
 * @param journal the run's {@code responses.jsonl}, which {@link #replies()} reads
 */
public record RunResult(int answered, int cached, int skipped, long retries, List<Failure> failures,
        Duration elapsed, Path journal) {

    public RunResult {
        failures = List.copyOf(failures);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(journal, "journal");
    }

    /**
     * Every reply in the run's folder, earlier ones included, read lazily from its journal in the order they
     * arrived: memory holds one reply at a time. The file is closed at the stream's end; close a stream you do not
     * read to its end (try-with-resources).
     *
     * @throws io.github.empathy4j.core.BadInputException (from the stream) when the journal has a bad line
     */
    public Stream<Reply> replies() {
        return Journal.read(journal, ReplyJournal.FORMAT);
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
