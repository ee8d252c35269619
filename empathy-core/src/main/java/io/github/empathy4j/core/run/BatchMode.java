package io.github.empathy4j.core.run;

import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.batch.BatchStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sending a run's calls through providers' batch APIs ({@link Run.Builder#batch}, {@link RatingRun.Builder#batch}):
 * the calls of each condition (or judge) named in {@code clients} go through its client, the others are made
 * synchronously on their lanes as usual. A condition needs a prompt, and a judge must be a
 * {@link Rater.Prompted}, to go through a batch.
 *
 * <p>What is written to the run folder's {@value #FILE_NAME} (a rating's: {@value #RATING_FILE_NAME}), one JSON
 * object per line, appended and flushed:
 * <ul>
 * <li>{@code {"event":"intent","batch":"b3","client":"gpt-4o","items":{"CUSTOM_ID":"ITEM_KEY",...},
 *     "label":"empathy4j first b3 5f0c9a2e","time":...}} before the batch is submitted: the custom ids (a hash of
 *     each item's key), the items' journal keys, and the batch's label (folder, name, a random tag);</li>
 * <li>{@code {"event":"submitted","batch":"b3","batchId":"batch_abc","time":...}} the moment the provider
 *     accepted it;</li>
 * <li>{@code {"event":"collected","batch":"b3","time":...}} once its results are journaled (or, for an intent
 *     without a batch id, once its items were given back to be submitted again).</li>
 * </ul>
 * An execution first polls every submitted batch that is not collected (its items are never submitted again
 * while it is pending), then submits the items no batch holds. When a batch has ended, only the results whose
 * item the journal does not hold yet are journaled, then the marker is written: a process killed anywhere leaves
 * each item answered exactly once. A process killed between an intent and its batch id leaves a batch the
 * provider may have created without the run knowing its id: the next execution looks for it by its label
 * ({@link BatchClient#find}: OpenAI's metadata, Gemini's display name) and resumes it when found; else (Anthropic's
 * batches have no label) it submits those items again and says so: such an orphan batch, if any, costs once more
 * and is never collected, and its label ({@link BatchClient#submit(java.util.List, String)}) lets it be found and
 * cancelled in the provider's console.
 *
 * <p>A {@linkplain Run.Builder#budget budget} does not hold batches back: a batch's items are submitted at once;
 * their costs count toward the budget once collected, so the synchronous calls after them stop at it.
 *
 * <p>Items a batch fails: a non-retriable failure is written to the failures file as for synchronous calls; a
 * retriable one (expired, cancelled, rate limited, server errors, or an item without result) is tried again, in a
 * new batch ({@link Retry#BATCH}) up to {@value #BATCH_TRIES} batches in all, or synchronously on its lane
 * ({@link Retry#SYNC}).
 *
 * @param clients the batch client of each condition's or judge's name
 * @param await whether to wait for the batches to end and collect them; else the execution polls each pending
 *        batch once, collects those that ended, submits the rest, makes the synchronous calls and returns: executing
 *        again collects the batches that ended meanwhile
 * @param retry how to try again items a batch failed retriably
 * @param pollInterval the longest wait between two polls of a batch (polls start after a second and back off to it)
 * @param listener told each polled status, to show progress
 */
public record BatchMode(Map<String, BatchClient> clients, boolean await, Retry retry, Duration pollInterval,
        Consumer<BatchStatus> listener) {

    /** The file of a {@link Run}'s batches in the run folder. */
    public static final String FILE_NAME = RunDirectory.BATCHES;

    /** The file of a {@link RatingRun}'s batches in the run folder. */
    public static final String RATING_FILE_NAME = RunDirectory.RATING_BATCHES;

    /** The batches an item is submitted in at most with {@link Retry#BATCH}. */
    public static final int BATCH_TRIES = 3;

    /** How items a batch failed retriably are tried again. */
    public enum Retry {
        /** In a new batch. */
        BATCH,
        /** Synchronously, on the condition's or judge's lane. */
        SYNC
    }

    public BatchMode {
        clients = Map.copyOf(clients);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(listener, "listener");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, was " + pollInterval);
        }
    }

    /** Batches for these clients: waits for them, retries in a new batch, polls at most every 30 seconds. */
    public static BatchMode of(Map<String, BatchClient> clients) {
        return new BatchMode(clients, true, Retry.BATCH, Duration.ofSeconds(30), s -> { });
    }

    /**
     * The number of batches a run folder's file of batches ({@value #FILE_NAME} or {@value #RATING_FILE_NAME})
     * records as submitted and not yet collected: executing the run (or rating) again in batch mode collects them.
     *
     * @throws io.github.empathy4j.core.BadInputException when a line before the last of the file is bad
     */
    public static int pending(Path file) {
        return Batching.pending(file);
    }

    /** The same, returning once the batches are submitted when {@code await} is false. */
    public BatchMode await(boolean await) {
        return new BatchMode(clients, await, retry, pollInterval, listener);
    }

    /** The same with another retry. */
    public BatchMode retry(Retry retry) {
        return new BatchMode(clients, await, retry, pollInterval, listener);
    }

    /** The same with another longest wait between polls. */
    public BatchMode pollInterval(Duration pollInterval) {
        return new BatchMode(clients, await, retry, pollInterval, listener);
    }

    /** The same with another listener of the polled statuses. */
    public BatchMode listener(Consumer<BatchStatus> listener) {
        return new BatchMode(clients, await, retry, pollInterval, listener);
    }
}
