package io.github.empathy4j.core.batch;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a batch is, in words common to the providers.
 *
 * @param batchId the provider's id of the batch
 * @param state its state
 * @param total the requests in the batch (0 while the provider has not counted them)
 * @param succeeded the requests answered so far
 * @param failed the requests that failed so far (errored, expired or cancelled)
 * @param error why the whole batch failed, in the provider's words; empty otherwise
 */
public record BatchStatus(String batchId, State state, long total, long succeeded, long failed,
        Optional<String> error) {

    /** A batch's state. */
    public enum State {
        /** The provider checks the input (OpenAI's {@code validating}; Gemini's pending). */
        VALIDATING,
        /** Requests are being answered. */
        IN_PROGRESS,
        /** All requests ran; the results are being prepared (OpenAI's {@code finalizing}). */
        FINALIZING,
        /** Ended: every request ran; the results are ready (some may be errors). */
        COMPLETED,
        /** Ended: the whole batch failed (such as invalid input); see {@link BatchStatus#error()}. */
        FAILED,
        /** Ended: the provider's time window passed; unfinished requests were not answered. */
        EXPIRED,
        /** Cancellation was asked and is in progress. */
        CANCELLING,
        /** Ended: cancelled; requests answered before then keep their results. */
        CANCELLED
    }

    public BatchStatus {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(state, "state");
        if (total < 0 || succeeded < 0 || failed < 0) {
            throw new IllegalArgumentException("request counts must not be negative: " + total + ", " + succeeded
                    + ", " + failed);
        }
        Objects.requireNonNull(error, "error");
    }

    /** Whether the batch has ended, so that its {@linkplain BatchClient#results results} can be collected. */
    public boolean ended() {
        return state == State.COMPLETED || state == State.FAILED || state == State.EXPIRED
                || state == State.CANCELLED;
    }

    /** The requests not yet answered or failed. */
    public long pending() {
        return Math.max(0, total - succeeded - failed);
    }
}
