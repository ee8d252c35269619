package io.github.empathy4j.core;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One rating of one reply by one rater on one dimension of a rating scale. The same record holds
 * crowd ratings, the study's released ratings and LLM-judge ratings; one line of {@code ratings.jsonl}.
 *
 * @param condition the condition whose reply was rated
 * @param dialogueId the dialogue the reply answered
 * @param rater who rated: a crowd participant's id or a judge's model spec
 * @param scale the rating scale's id, such as {@code study}
 * @param dimension the scale dimension's id, such as {@code empathy}
 * @param value the level's numeric code
 * @param rationale the judge's stated reason, or {@code null}
 * @param batch the batch (crowd participant's set of items) the rating came from, or {@code null}
 * @param kind what kind of rater source gave it: one judge, a panel's combined rating, or the crowd
 *     ({@link RaterSource})
 * @param cost what the judge's call cost in US dollars, exactly ({@code 0} when taken from the response cache);
 *     {@code null} when unknown (no price or usage, a journal written before costs were recorded) or when no call
 *     was made for it (a panel's combined rating, the crowd's)
 */
public record Rating(String condition, String dialogueId, String rater, String scale, String dimension, int value,
        String rationale, String batch, RaterSource.Kind kind, BigDecimal cost) {

    public Rating {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(rater, "rater");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(kind, "kind");
        if ((kind == RaterSource.Kind.CROWD) != (batch != null)) {
            throw new IllegalArgumentException("a crowd rating has a batch and no other has one; rating by '" + rater
                    + "' of kind " + kind + " has batch " + batch);
        }
        if (cost != null && cost.signum() < 0) {
            throw new IllegalArgumentException("a cost must not be negative, was " + cost);
        }
    }

    /** A rating whose cost is unknown or that made no call. */
    public Rating(String condition, String dialogueId, String rater, String scale, String dimension, int value,
            String rationale, String batch, RaterSource.Kind kind) {
        this(condition, dialogueId, rater, scale, dimension, value, rationale, batch, kind, null);
    }

    /** A judge's rating ({@code batch} {@code null}) or a crowd participant's (with a {@code batch}). */
    public Rating(String condition, String dialogueId, String rater, String scale, String dimension, int value,
            String rationale, String batch) {
        this(condition, dialogueId, rater, scale, dimension, value, rationale, batch,
                batch == null ? RaterSource.Kind.JUDGE : RaterSource.Kind.CROWD);
    }
}
