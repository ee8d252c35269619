package io.github.empathy4j.adapters.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.azure.AzureOpenAiProvider;
import io.github.empathy4j.adapters.openai.OpenAiCompatibleProvider;
import io.github.empathy4j.adapters.openai.OpenAiProvider;
import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.batch.BatchResult;
import io.github.empathy4j.core.batch.BatchStatus.State;
import io.github.empathy4j.core.batch.BatchStatus;
import io.github.empathy4j.core.batch.Submission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.empathy4j.adapters.batch.BatchFakes.FAKE_KEY;
import static io.github.empathy4j.adapters.batch.BatchFakes.MESSAGES;
import static io.github.empathy4j.adapters.batch.BatchFakes.REQUESTS;
import static io.github.empathy4j.adapters.batch.BatchFakes.answered;
import static io.github.empathy4j.adapters.batch.BatchFakes.byId;
import static io.github.empathy4j.adapters.batch.BatchFakes.failed;
import static io.github.empathy4j.adapters.batch.BatchFakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** OpenAI's Batch API against a local fake of its files and batches endpoints, and Azure's variant. */
class OpenAiBatchClientTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static final Environment ENV = Environment.of(Map.of("OPENAI_API_KEY", FAKE_KEY,
            "AZURE_OPENAI_API_KEY", FAKE_KEY));

    private static final ModelProviders PROVIDERS = ModelProviders.of(ENV, List.of(new OpenAiProvider(),
            new OpenAiCompatibleProvider(), new AzureOpenAiProvider()));

    private BatchClient client() {
        return PROVIDERS.batchClient("openai:gpt-4o?temperature=0.7&seed=42&maxTokens=120&baseUrl="
                + SERVER.baseUrl() + "/v1").orElseThrow();
    }

    /** An OpenAI batch object. */
    static String batch(String status, int total, int completed, int failed, String output, String error) {
        return """
                {"id": "batch_abc123", "object": "batch", "endpoint": "/v1/chat/completions", "errors": null,
                 "input_file_id": "file-in", "completion_window": "24h", "status": "%s",
                 "output_file_id": %s, "error_file_id": %s, "created_at": 1714508499, "expires_at": 1714594899,
                 "request_counts": {"total": %d, "completed": %d, "failed": %d}, "metadata": null}
                """.formatted(status, output == null ? "null" : "\"" + output + "\"",
                error == null ? "null" : "\"" + error + "\"", total, completed, failed);
    }

    /** One output line: a chat completion. */
    static String completion(String id, String text, String finish, int in, int out) {
        return """
                {"id": "batch_req_%1$s", "custom_id": "%1$s", "response": {"status_code": 200, "request_id": "req_%1$s",
                 "body": {"id": "chatcmpl-1", "object": "chat.completion", "created": 1711652795,
                 "model": "gpt-4o-2024-08-06", "choices": [{"index": 0, "message": {"role": "assistant",
                 "content": "%2$s"}, "logprobs": null, "finish_reason": "%3$s"}],
                 "usage": {"prompt_tokens": %4$d, "completion_tokens": %5$d, "total_tokens": %6$d}}}, "error": null}
                """.formatted(id, text, finish, in, out, in + out).replace("\n", " ").strip();
    }

    static String errorLine(String id, String code, String message) {
        return """
                {"id": "batch_req_%s", "custom_id": "%s", "response": null, "error": {"code": "%s", "message": "%s"}}
                """.formatted(id, id, code, message).strip();
    }

    static String httpErrorLine(String id, int status, String message) {
        return """
                {"id": "batch_req_%1$s", "custom_id": "%1$s", "response": {"status_code": %2$d, "request_id": "r",
                 "body": {"error": {"message": "%3$s", "type": "invalid_request_error", "code": null}}}, "error": null}
                """.formatted(id, status, message).replace("\n", " ").strip();
    }

    @Test
    void submitUploadsTheRequestsAsJsonlThenCreatesA24HourBatch() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/files")).willReturn(okJson("""
                {"id": "file-in", "object": "file", "bytes": 1200, "created_at": 1714508499,
                 "filename": "empathy4j-batch.jsonl", "purpose": "batch"}""")));
        SERVER.stubFor(post(urlPathEqualTo("/v1/batches")).willReturn(okJson(batch("validating", 0, 0, 0, null, null))));

        Submission submission = client().submit(REQUESTS);

        assertThat(submission.batchId()).isEqualTo("batch_abc123");
        assertThat(submission.customIds()).containsExactly("item-1", "item-2", "item-3", "item-4");
        assertThat(submission.status().state()).isEqualTo(State.VALIDATING);

        LoggedRequest upload = SERVER.findAll(postRequestedFor(urlPathEqualTo("/v1/files"))).get(0);
        assertThat(upload.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        assertThat(upload.getHeader("Content-Type")).startsWith("multipart/form-data");
        assertThat(upload.getPart("purpose").getBody().asString()).isEqualTo("batch");
        String[] lines = upload.getPart("file").getBody().asString().strip().split("\n");
        assertThat(lines).hasSize(4);
        JsonNode first = json(lines[0]);
        assertThat(first.path("custom_id").asText()).isEqualTo("item-1");
        assertThat(first.path("method").asText()).isEqualTo("POST");
        assertThat(first.path("url").asText()).isEqualTo("/v1/chat/completions");
        JsonNode body = first.path("body");
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.path("seed").asInt()).isEqualTo(42);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(120);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo(MESSAGES.get(0).text());
        assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo(MESSAGES.get(1).text());

        LoggedRequest create = SERVER.findAll(postRequestedFor(urlPathEqualTo("/v1/batches"))).get(0);
        assertThat(create.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        assertThat(create.getHeader("Content-Type")).startsWith("application/json");
        JsonNode sent = json(create.getBodyAsString());
        assertThat(sent.path("input_file_id").asText()).isEqualTo("file-in");
        assertThat(sent.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(sent.path("completion_window").asText()).isEqualTo("24h");
        assertThat(sent.has("metadata")).isFalse();
    }

    @Test
    void aLabelledBatchCarriesItsLabelInTheMetadata() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/files")).willReturn(okJson("{\"id\": \"file-in\"}")));
        SERVER.stubFor(post(urlPathEqualTo("/v1/batches")).willReturn(okJson(batch("validating", 0, 0, 0, null, null))));

        client().submit(REQUESTS, "empathy4j first b2");

        JsonNode sent = json(SERVER.findAll(postRequestedFor(urlPathEqualTo("/v1/batches"))).get(0).getBodyAsString());
        assertThat(sent.path("metadata").path("empathy4j").asText()).isEqualTo("empathy4j first b2");
    }

    @Test
    void findLooksForTheLabelAmongTheLast100BatchesNewestFirst() {
        String mine = "empathy4j first b1 5f0c9a2e";
        SERVER.stubFor(get(urlPathEqualTo("/v1/batches")).withQueryParam("limit", equalTo("100")).willReturn(okJson(
                "{\"object\": \"list\", \"data\": [" + String.join(", ", labelled("batch_new", mine),
                        labelled("batch_other", "empathy4j first b2 0c1d2e3f"), labelled("batch_old", mine),
                        batch("completed", 4, 4, 0, "file-out", null)) + "], \"has_more\": false}")));
        BatchClient client = client();

        assertThat(client.find(mine)).contains("batch_new");
        assertThat(client.find("empathy4j first b1 00000000")).isEmpty();
        assertThat(SERVER.findAll(getRequestedFor(urlPathEqualTo("/v1/batches"))).get(0).getHeader("Authorization"))
                .isEqualTo("Bearer " + FAKE_KEY);
    }

    /** A batch with this id and label. */
    private static String labelled(String id, String label) {
        return batch("in_progress", 4, 0, 0, null, null).replace("batch_abc123", id)
                .replace("\"metadata\": null", "\"metadata\": {\"empathy4j\": \"" + label + "\"}");
    }

    @Test
    void pollFollowsTheBatchThroughItsStatesWithItsCounts() {
        String[] states = {"validating", "in_progress", "finalizing", "completed"};
        for (int i = 0; i < states.length; i++) {
            SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123")).inScenario("life")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : states[i - 1])
                    .willSetStateTo(states[i])
                    .willReturn(okJson(batch(states[i], i == 0 ? 0 : 4, i * 1, i == 3 ? 1 : 0,
                            i == 3 ? "file-out" : null, null))));
        }
        BatchClient client = client();

        List<BatchStatus> seen = List.of(client.poll("batch_abc123"), client.poll("batch_abc123"),
                client.poll("batch_abc123"), client.poll("batch_abc123"));

        assertThat(seen).extracting(BatchStatus::state).containsExactly(State.VALIDATING, State.IN_PROGRESS,
                State.FINALIZING, State.COMPLETED);
        assertThat(seen).extracting(BatchStatus::ended).containsExactly(false, false, false, true);
        assertThat(seen.get(1).total()).isEqualTo(4);
        assertThat(seen.get(1).succeeded()).isEqualTo(1);
        assertThat(seen.get(1).pending()).isEqualTo(3);
        assertThat(seen.get(3).failed()).isEqualTo(1);
    }

    @Test
    void resultsReadTheOutputAndErrorFilesWithTokenUsagePartialFailuresAndContentFilter() {
        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123"))
                .willReturn(okJson(batch("completed", 4, 2, 2, "file-out", "file-err"))));
        SERVER.stubFor(get(urlPathEqualTo("/v1/files/file-out/content")).willReturn(aResponse()
                .withHeader("Content-Type", "application/octet-stream").withBody(
                        completion("item-1", "I'm so sorry.", "stop", 31, 7) + "\n"
                                + completion("item-2", "", "content_filter", 29, 0) + "\n")));
        SERVER.stubFor(get(urlPathEqualTo("/v1/files/file-err/content")).willReturn(aResponse().withBody(
                httpErrorLine("item-3", 400, "Invalid value for max_tokens") + "\n"
                        + httpErrorLine("item-4", 500, "The server had an error") + "\n"
                        + completion("item-5", "x", "stop", 1, 1).replaceAll("\"choices\": \\[.*\\],", "\"choices\": [],")
                        + "\n")));

        Map<String, BatchResult> results = byId(client().results("batch_abc123"));

        assertThat(results).hasSize(5);
        assertThat(failed(results.get("item-5")).retriable()).as("a completion without choice").isTrue();
        BatchResult.Answered one = answered(results.get("item-1"));
        assertThat(one.answer().text()).isEqualTo("I'm so sorry.");
        assertThat(one.answer().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(one.answer().model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(one.answer().usage()).isEqualTo(new TokenUsage(31, 7));
        assertThat(answered(results.get("item-2")).answer().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(answered(results.get("item-2")).answer().usage()).isEqualTo(new TokenUsage(29, 0));
        assertThat(failed(results.get("item-3")).retriable()).isFalse();
        assertThat(failed(results.get("item-3")).message()).contains("HTTP 400", "max_tokens");
        assertThat(failed(results.get("item-4")).retriable()).isTrue();
    }

    @Test
    void anExpiredBatchReturnsItsUnfinishedItemsAsRetriableFailures() {
        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123"))
                .willReturn(okJson(batch("expired", 4, 1, 3, "file-out", "file-err"))));
        SERVER.stubFor(get(urlPathEqualTo("/v1/files/file-out/content"))
                .willReturn(aResponse().withBody(completion("item-1", "Hugs.", "length", 30, 120))));
        String expired = "This request could not be executed before the completion window expired.";
        SERVER.stubFor(get(urlPathEqualTo("/v1/files/file-err/content")).willReturn(aResponse().withBody(
                errorLine("item-2", "batch_expired", expired) + "\n" + errorLine("item-3", "batch_expired", expired)
                        + "\n" + errorLine("item-4", "batch_expired", expired))));
        BatchClient client = client();

        assertThat(client.poll("batch_abc123").state()).isEqualTo(State.EXPIRED);
        Map<String, BatchResult> results = byId(client.results("batch_abc123"));

        assertThat(answered(results.get("item-1")).answer().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(answered(results.get("item-1")).answer().usage()).isEqualTo(new TokenUsage(30, 120));
        for (String id : List.of("item-2", "item-3", "item-4")) {
            assertThat(failed(results.get(id)).retriable()).as(id).isTrue();
            assertThat(failed(results.get(id)).message()).startsWith("batch_expired");
        }
    }

    @Test
    void cancelPostsToTheCancelEndpointAndCancelledItemsAreRetriable() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/batches/batch_abc123/cancel"))
                .willReturn(okJson(batch("cancelling", 4, 1, 0, null, null))));
        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123"))
                .willReturn(okJson(batch("cancelled", 4, 1, 3, null, "file-err"))));
        SERVER.stubFor(get(urlPathEqualTo("/v1/files/file-err/content")).willReturn(aResponse()
                .withBody(errorLine("item-2", "batch_cancelled", "cancelled"))));
        BatchClient client = client();

        client.cancel("batch_abc123");

        LoggedRequest cancel = SERVER.findAll(postRequestedFor(urlPathEqualTo("/v1/batches/batch_abc123/cancel")))
                .get(0);
        assertThat(cancel.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        assertThat(client.poll("batch_abc123").state()).isEqualTo(State.CANCELLED);
        assertThat(failed(byId(client.results("batch_abc123")).get("item-2")).retriable()).isTrue();
    }

    @Test
    void aFailedBatchSaysWhyAndResultsBeforeTheEndAreRefused() {
        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_failed")).willReturn(okJson(batch("failed", 0, 0, 0,
                null, null).replace("\"batch_abc123\"", "\"batch_failed\"").replace("\"errors\": null",
                "\"errors\": {\"object\": \"list\", \"data\": [{\"code\": \"invalid_json_line\", \"message\":"
                        + " \"This line is not parseable as valid JSON.\", \"param\": null, \"line\": 2}]}"))));
        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123"))
                .willReturn(okJson(batch("in_progress", 4, 1, 0, null, null))));
        BatchClient client = client();

        BatchStatus failed = client.poll("batch_failed");
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.error()).contains("This line is not parseable as valid JSON. (line 2)");
        assertThat(client.results("batch_failed")).isEmpty();
        assertThatThrownBy(() -> client.results("batch_abc123")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IN_PROGRESS");
    }

    @Test
    void rateLimitsAndRejectedKeysAreTheSharedProviderFailuresAndNeverShowTheKey() {
        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7").withBody("{\"error\": {\"message\": \"Rate limit reached\"}}")));
        SERVER.stubFor(post(urlPathEqualTo("/v1/files")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": {\"message\": \"Incorrect API key provided: " + FAKE_KEY + "\"}}")));
        BatchClient client = client();

        RateLimitException limit = catchThrowableOfType(RateLimitException.class, () -> client.poll("batch_abc123"));
        assertThat(limit.retryAfter()).contains(Duration.ofSeconds(7));
        AuthenticationException auth = catchThrowableOfType(AuthenticationException.class,
                () -> client.submit(REQUESTS));
        assertThat(auth).hasMessageNotContaining(FAKE_KEY);
        assertThat(client.toString()).doesNotContain(FAKE_KEY);
    }

    @Test
    void azureUsesItsPathsApiVersionKeyHeaderAndDeployment() {
        SERVER.stubFor(post(urlPathEqualTo("/openai/files")).willReturn(okJson("""
                {"id": "file-az", "object": "file", "purpose": "batch", "status": "processed"}""")));
        SERVER.stubFor(post(urlPathEqualTo("/openai/batches")).willReturn(okJson(batch("validating", 0, 0, 0, null,
                null).replace("/v1/chat/completions", "/chat/completions"))));
        SERVER.stubFor(get(urlPathEqualTo("/openai/batches/batch_abc123"))
                .willReturn(okJson(batch("completed", 1, 1, 0, "file-out", null))));
        SERVER.stubFor(get(urlPathEqualTo("/openai/files/file-out/content"))
                .withQueryParam("api-version", equalTo(AzureOpenAiProvider.DEFAULT_API_VERSION))
                .willReturn(aResponse().withBody(completion("item-1", "There for you.", "stop", 12, 4))));
        BatchClient client = PROVIDERS.batchClient("azure-openai:gpt-4o-batch?endpoint=" + SERVER.baseUrl() + "/")
                .orElseThrow();

        client.submit(REQUESTS.subList(0, 1));
        List<BatchResult> results = client.results("batch_abc123");

        LoggedRequest upload = SERVER.findAll(postRequestedFor(urlPathEqualTo("/openai/files"))).get(0);
        assertThat(upload.getHeader("api-key")).isEqualTo(FAKE_KEY);
        assertThat(upload.containsHeader("Authorization")).isFalse();
        assertThat(upload.queryParameter("api-version").firstValue()).isEqualTo(AzureOpenAiProvider.DEFAULT_API_VERSION);
        JsonNode line = json(upload.getPart("file").getBody().asString().strip());
        assertThat(line.path("url").asText()).isEqualTo("/chat/completions");
        assertThat(line.path("body").path("model").asText()).isEqualTo("gpt-4o-batch");
        LoggedRequest create = SERVER.findAll(postRequestedFor(urlPathEqualTo("/openai/batches"))).get(0);
        assertThat(create.getHeader("api-key")).isEqualTo(FAKE_KEY);
        assertThat(create.queryParameter("api-version").firstValue()).isEqualTo(AzureOpenAiProvider.DEFAULT_API_VERSION);
        assertThat(json(create.getBodyAsString()).path("endpoint").asText()).isEqualTo("/chat/completions");
        assertThat(answered(results.get(0)).answer().usage()).isEqualTo(new TokenUsage(12, 4));
    }

    @Test
    void anOpenAiCompatibleHostGetsTheBatchApiAtItsBaseUrlWithTheKeyItNames() {
        SERVER.stubFor(get(urlPathEqualTo("/host/v1/batches/batch_abc123"))
                .willReturn(okJson(batch("in_progress", 4, 1, 0, null, null))));
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of("TOGETHER_API_KEY", FAKE_KEY)),
                List.of(new OpenAiCompatibleProvider()));

        BatchStatus status = providers.batchClient("openai-compatible:meta-llama/Llama-3.1-70B-Instruct?baseUrl="
                + SERVER.baseUrl() + "/host/v1&apiKeyEnv=TOGETHER_API_KEY").orElseThrow().poll("batch_abc123");

        assertThat(status.state()).isEqualTo(State.IN_PROGRESS);
        assertThat(SERVER.findAll(getRequestedFor(urlPathEqualTo("/host/v1/batches/batch_abc123"))).get(0)
                .getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
    }
}
