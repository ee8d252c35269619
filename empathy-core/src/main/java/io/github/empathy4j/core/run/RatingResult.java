package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Rating;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RatingRun#execute()} did.
 *
 * @param rated ratings written by this execution, combined ones included
 * @param skipped items (a reply on a dimension) an earlier execution had rated completely
 * @param empty replies not rated because they are empty ({@link io.github.empathy4j.core.Reply.Outcome#EMPTY})
 * @param refused replies not rated because the provider refused
 *                ({@link io.github.empathy4j.core.Reply.Outcome#REFUSED})
 * @param retries calls retried in this execution
 * @param ratings every rating of the run's items by its raters (and the combined rater), earlier ones
 *                included, in reply order, then dimension order, then rater order with the combined one last
 * @param failures the ratings that failed in this execution (also in {@code rating-failures.jsonl}); a
 *                 re-run tries them again
 * @param elapsed how long this execution took
 */
public record RatingResult(int rated, int skipped, int empty, int refused, long retries, List<Rating> ratings,
        List<Failure> failures, Duration elapsed) {

    public RatingResult {
        ratings = List.copyOf(ratings);
        failures = List.copyOf(failures);
        Objects.requireNonNull(elapsed, "elapsed");
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
