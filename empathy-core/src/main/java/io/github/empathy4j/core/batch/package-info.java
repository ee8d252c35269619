/**
 * Providers' batch APIs behind one interface, {@link io.github.empathy4j.core.batch.BatchClient}: submit many
 * requests, poll, collect the results by custom id. The adapters implement it (OpenAI and Azure OpenAI Batch,
 * Anthropic Message Batches, Gemini batch mode); the run engine calls it.
 * <pre>{@code
 * Submission s = client.submit(List.of(new BatchRequest("d0001", messages)));
 * BatchStatus status = client.poll(s.batchId());          // until status.ended()
 * for (BatchResult r : client.results(s.batchId())) { ... }
 * }</pre>
 */
package io.github.empathy4j.core.batch;
