package io.github.empathy4j.core.batch;

import io.github.empathy4j.core.run.Answer;

import java.util.Objects;

/** What a batch returned for one request: an {@link Answered answer} or a {@link Failed failure}. */
public sealed interface BatchResult permits BatchResult.Answered, BatchResult.Failed {

    /** The request's {@linkplain BatchRequest#customId() id}. */
    String customId();

    /**
     * The model answered (a content filter's refusal is an answer, as for synchronous calls).
     *
     * @param customId the request's id
     * @param answer the text, finish reason, model and token usage
     */
    record Answered(String customId, Answer answer) implements BatchResult {

        public Answered {
            Objects.requireNonNull(customId, "customId");
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * The request was not answered.
     *
     * @param customId the request's id
     * @param message what the provider said, without secrets
     * @param retriable whether sending it again may succeed (expired, cancelled, rate limited, server errors),
     *        or not (an invalid request)
     */
    record Failed(String customId, String message, boolean retriable) implements BatchResult {

        public Failed {
            Objects.requireNonNull(customId, "customId");
            Objects.requireNonNull(message, "message");
        }
    }
}
