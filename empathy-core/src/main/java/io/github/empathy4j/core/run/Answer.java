package io.github.empathy4j.core.run;

import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.TokenUsage;

import java.util.Objects;

/**
 * What a {@link Respondent} returns for one dialogue; the run engine adds the condition,
 * timing and attempts to make a {@link io.github.empathy4j.core.Reply}.
 *
 * @param text the reply, empty when blocked
 * @param finishReason why it ended
 * @param model the model name the provider returned
 * @param usage tokens consumed
 */
public record Answer(String text, FinishReason finishReason, String model, TokenUsage usage) {

    public Answer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
    }

    /** A complete answer with no usage reported. */
    public static Answer of(String text, String model) {
        return new Answer(text, FinishReason.STOP, model, TokenUsage.NONE);
    }
}
