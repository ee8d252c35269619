package io.github.empathy4j.core.batch;

import java.util.List;
import java.util.Optional;

/**
 * A provider's batch API: many model calls submitted at once, answered within a day at a discount. The engine
 * submits requests, records the returned {@linkplain Submission#batchId() batch id} in the run folder at once,
 * polls until the batch {@linkplain BatchStatus#ended() has ended}, then collects its results; the id alone is
 * enough to resume polling after a restart. A client serves one model with fixed parameters (every provider's
 * batch runs one model, and Gemini and Azure name it in the URL), so a request carries only its id and messages.
 *
 * <p>Failures of the calls themselves (a rejected key, a rate limit, an unreachable host) are thrown as
 * {@link io.github.empathy4j.core.ProviderException}s, as for synchronous calls; failures of single items are
 * {@link BatchResult.Failed} results. Implementations are thread-safe and never log or repeat a key.
 */
public interface BatchClient {

    /**
     * Submits the requests as one batch with a label to find it by in the provider's console (OpenAI's
     * {@code metadata}, Gemini's display name; providers without labels ignore it): the engine labels each batch
     * with its run folder, batch name and a random tag, so that a batch whose creation a killed process never
     * heard of can be found ({@link #find}), or else cancelled in the console.
     *
     * @param requests at least one, with distinct {@linkplain BatchRequest#customId() ids}
     * @param label a short text, such as {@code empathy4j first b3 5f0c9a2e}, or {@code null} for none
     * @return the batch's id, the submitted ids and its first status
     * @throws IllegalArgumentException when the list is empty or repeats an id
     */
    Submission submit(List<BatchRequest> requests, String label);

    /** Submits the requests as one batch without a label; see {@link #submit(List, String)}. */
    default Submission submit(List<BatchRequest> requests) {
        return submit(requests, null);
    }

    /**
     * The id of a batch the provider holds with this label ({@link #submit(List, String)}), for a provider that
     * lists its batches with their labels (OpenAI's {@code metadata}, Gemini's display name; only the most recent
     * ones are searched); empty when there is none, or the provider keeps no labels.
     */
    default Optional<String> find(String label) {
        return Optional.empty();
    }

    /** The batch's state and counts now. */
    BatchStatus poll(String batchId);

    /**
     * The results of a batch that has {@linkplain BatchStatus#ended() ended}: one for every item the provider
     * reports, in no particular order. An item the provider reports nothing for (a batch that failed before it
     * ran, or ended before reaching it) has no result; treat every submitted id without one as unfinished and
     * retriable.
     *
     * @throws IllegalStateException when the batch has not ended
     */
    List<BatchResult> results(String batchId);

    /**
     * Asks the provider to cancel the batch; it ends as {@link BatchStatus.State#CANCELLED}, and the items
     * answered before then keep their results.
     */
    void cancel(String batchId);
}
