package io.github.empathy4j.core;

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
 */
public record Rating(String condition, String dialogueId, String rater, String scale, String dimension, int value,
        String rationale, String batch) {

    public Rating {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(rater, "rater");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(dimension, "dimension");
    }
}
