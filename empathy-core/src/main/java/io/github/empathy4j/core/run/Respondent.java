package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;

/**
 * Who answers a dialogue: a human reference, an LLM, a replay of recorded replies. The one
 * plug-in method; the run engine adds concurrency, rate limits, retries, caching and the journal.
 *
 * <p>Throw a {@link io.github.empathy4j.core.ProviderException} for a failed call; the engine
 * retries it when {@code retriable()} says so. A refusal is not an exception: return an
 * {@link Answer} with {@link io.github.empathy4j.core.FinishReason#CONTENT_FILTER}.
 */
@FunctionalInterface
public interface Respondent {

    /** Answers the dialogue's last speaker turn. Must be safe to call from several threads at once. */
    Answer respond(Dialogue dialogue);
}
