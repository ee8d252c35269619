package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Rating;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a {@link RatingRun#execute()} did: counts, the failures, and a lazy reader of the ratings.
 *
 * @param rated ratings written by this execution, combined ones included
 * @param skipped items (a reply on a dimension) an earlier execution had rated completely
 * @param empty replies not rated because they are empty ({@link io.github.empathy4j.core.Reply.Outcome#EMPTY})
 * @param refused replies not rated because the provider refused
 *                ({@link io.github.empathy4j.core.Reply.Outcome#REFUSED})
 * @param retries calls retried in this execution (HTTP 429s included)
 * @param failures the ratings that failed in this execution (also in {@code rating-failures.jsonl}); a
 *                 re-run tries them again
 * @param elapsed how long this execution took
 * @param journal the folder's {@code ratings.jsonl}, which {@link #ratings()} reads
 * @param scale the id of the scale rated on
 * @param raters the raters' names, the combined rater's last when there is one
 */
public record RatingResult(int rated, int skipped, int empty, int refused, long retries, List<Failure> failures,
        Duration elapsed, Path journal, String scale, List<String> raters) {

    public RatingResult {
        failures = List.copyOf(failures);
        raters = List.copyOf(raters);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(scale, "scale");
    }

    /**
     * Every rating on the scale by these raters (and the combined rater) in the folder, earlier ones included, read
     * lazily from the journal in the order they were made: memory holds one rating at a time. Other raters' ratings
     * in the same file (a crowd's, another rating run's) are left out. The file is closed at the stream's end; close
     * a stream you do not read to its end (try-with-resources).
     *
     * @throws io.github.empathy4j.core.BadInputException (from the stream) when the journal has a bad line
     */
    public Stream<Rating> ratings() {
        Set<String> names = Set.copyOf(raters);
        return Journal.read(journal, RatingJournal.FORMAT)
                .filter(r -> names.contains(r.rater()) && r.scale().equals(scale));
    }

    /** Whether every item has every rating. */
    public boolean complete() {
        return failures.isEmpty();
    }

    /**
     * A rating that was not made: a rater's answer that is not a level
     * ({@link io.github.empathy4j.core.UnparseableRatingException}, with its raw answer), a
     * non-retriable error, or retries exhausted.
     *
     * @param condition the rated reply's condition
     * @param dialogueId the rated reply's dialogue
     * @param rater the rater's name
     * @param dimension the dimension's id
     * @param error the exception's class and message
     * @param rawAnswer the rater's unparseable answer, or {@code null} for other failures
     * @param attempts calls made
     */
    public record Failure(String condition, String dialogueId, String rater, String dimension, String error,
            String rawAnswer, int attempts) {

        public Failure {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(dialogueId, "dialogueId");
            Objects.requireNonNull(rater, "rater");
            Objects.requireNonNull(dimension, "dimension");
            Objects.requireNonNull(error, "error");
        }

        /** Whether the rater answered, but not with a level. */
        public boolean unparseable() {
            return rawAnswer != null;
        }
    }
}
