package io.github.empathy4j.core.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a {@link PairwiseRun#execute()} did: counts, the failures, and a lazy reader of the verdicts.
 *
 * @param judged verdicts written by this execution (each order of a pair is one)
 * @param skipped items (a pair of replies to a dialogue, for one judge) an earlier execution had judged in both
 *                orders
 * @param unanswered pairs (a dialogue and two conditions) not judged because a reply is missing, empty or refused
 * @param retries calls retried in this execution (HTTP 429s included)
 * @param failures the verdicts that failed in this execution (also in {@code pairwise-failures.jsonl}); a re-run
 *                 tries them again
 * @param elapsed how long this execution took
 * @param journal the folder's {@code pairwise.jsonl}, which {@link #judgements()} reads
 * @param judges the judges' names
 */
public record PairwiseResult(int judged, int skipped, int unanswered, long retries, List<Failure> failures,
        Duration elapsed, Path journal, List<String> judges) {

    public PairwiseResult {
        failures = List.copyOf(failures);
        judges = List.copyOf(judges);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(journal, "journal");
    }

    /**
     * Every verdict of these judges in the folder, earlier ones included, read lazily from the journal in the order
     * they were made. Close a stream you do not read to its end (try-with-resources).
     *
     * @throws io.github.empathy4j.core.BadInputException (from the stream) when the journal has a bad line
     */
    public Stream<PairwiseJudgement> judgements() {
        Set<String> names = Set.copyOf(judges);
        return Journal.read(journal, PairwiseJournal.FORMAT).filter(j -> names.contains(j.judge()));
    }

    /** Whether every pair has both verdicts of every judge. */
    public boolean complete() {
        return failures.isEmpty();
    }

    /**
     * A verdict that was not made: an answer that names no reply
     * ({@link io.github.empathy4j.core.UnparseableRatingException}, with its raw answer), a non-retriable error, or
     * retries exhausted.
     *
     * @param dialogueId the dialogue
     * @param conditionA the condition of the reply shown first
     * @param conditionB the condition of the reply shown second
     * @param judge the judge's name
     * @param error the exception's class and message
     * @param rawAnswer the judge's unparseable answer, or {@code null} for other failures
     * @param attempts calls made
     */
    public record Failure(String dialogueId, String conditionA, String conditionB, String judge, String error,
            String rawAnswer, int attempts) {

        public Failure {
            Objects.requireNonNull(dialogueId, "dialogueId");
            Objects.requireNonNull(conditionA, "conditionA");
            Objects.requireNonNull(conditionB, "conditionB");
            Objects.requireNonNull(judge, "judge");
            Objects.requireNonNull(error, "error");
        }

        /** Whether the judge answered, but with no verdict. */
        public boolean unparseable() {
            return rawAnswer != null;
        }
    }
}
