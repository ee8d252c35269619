/**
 * The providers' batch APIs behind {@link io.github.empathy4j.core.batch.BatchClient}:
 * {@link io.github.empathy4j.adapters.batch.OpenAiBatchClient} (OpenAI, Azure OpenAI, OpenAI-compatible hosts),
 * {@link io.github.empathy4j.adapters.batch.AnthropicBatchClient} (Message Batches) and
 * {@link io.github.empathy4j.adapters.batch.GeminiBatchClient} (Gemini batch mode). Get one from the provider
 * that serves a spec, which reads the key:
 * <pre>{@code
 * BatchClient client = ModelProviders.load().batchClient("claude-sonnet?temperature=0").orElseThrow();
 * Submission submission = client.submit(requests);   // record submission.batchId() before anything else
 * }</pre>
 * Calls go through {@link io.github.empathy4j.adapters.ProviderHttpClientBuilder}'s client and fail with the
 * same provider exceptions as synchronous calls; keys never appear in messages.
 */
package io.github.empathy4j.adapters.batch;
