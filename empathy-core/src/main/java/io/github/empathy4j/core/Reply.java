package io.github.empathy4j.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One reply of one condition to one dialogue: a human reference, an LLM's answer or a replayed
 * one. This is one line of a run's {@code responses.jsonl}.
 *
 * @param condition the condition that answered, such as {@code human} or {@code gpt-4}
 * @param dialogueId the {@link Dialogue#id()} answered
 * @param text the reply; empty when the provider blocked it
 * @param finishReason why the reply ended
 * @param model the model name the provider returned, or the condition's own name when none
 * @param parameters the generation parameters in force (temperature, seed, ...), never secrets
 * @param usage tokens consumed
 * @param latency time from the first attempt's start to the reply
 * @param attempts calls made, 1 when the first succeeded
 * @param time when the reply arrived
 * @param cost what the call cost in US dollars, exactly ({@code 0} for a reply taken from the response cache or
 *     the human reference); {@code null} when unknown (no price, no usage reported, or a journal written before
 *     costs were recorded)
 */
public record Reply(String condition, String dialogueId, String text, FinishReason finishReason, String model,
        Map<String, String> parameters, TokenUsage usage, Duration latency, int attempts, Instant time,
        BigDecimal cost) {

    public Reply {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(model, "model");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(time, "time");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        if (cost != null && cost.signum() < 0) {
            throw new IllegalArgumentException("a cost must not be negative, was " + cost);
        }
    }

    /** A reply whose cost is unknown. */
    public Reply(String condition, String dialogueId, String text, FinishReason finishReason, String model,
            Map<String, String> parameters, TokenUsage usage, Duration latency, int attempts, Instant time) {
        this(condition, dialogueId, text, finishReason, model, parameters, usage, latency, attempts, time, null);
    }

    /** This reply with another cost ({@code null} when unknown). */
    public Reply withCost(BigDecimal cost) {
        return new Reply(condition, dialogueId, text, finishReason, model, parameters, usage, latency, attempts, time,
                cost);
    }

    /** What a reply is: an answer to rate, an empty reply, or a refusal (content filter). */
    public enum Outcome {
        /** A reply with text, to be rated. */
        ANSWERED,
        /** The provider returned no text (null, empty or only white space) without refusing. */
        EMPTY,
        /** The provider refused or blocked the reply ({@link FinishReason#CONTENT_FILTER}). */
        REFUSED
    }

    /** What this reply is; only {@link Outcome#ANSWERED} replies are sent to a rater. */
    public Outcome outcome() {
        if (finishReason == FinishReason.CONTENT_FILTER) {
            return Outcome.REFUSED;
        }
        return text.isBlank() ? Outcome.EMPTY : Outcome.ANSWERED;
    }

    /** A recorded reply with no call behind it, such as the dataset's human reference. */
    public static Reply recorded(String condition, String dialogueId, String text) {
        return new Reply(condition, dialogueId, text, FinishReason.STOP, condition, Map.of(), TokenUsage.NONE,
                Duration.ZERO, 1, Instant.EPOCH);
    }
}
