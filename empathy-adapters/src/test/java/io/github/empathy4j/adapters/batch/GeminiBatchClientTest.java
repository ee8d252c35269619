package io.github.empathy4j.adapters.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.gemini.GeminiProvider;
import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.batch.BatchResult;
import io.github.empathy4j.core.batch.BatchStatus.State;
import io.github.empathy4j.core.batch.BatchStatus;
import io.github.empathy4j.core.batch.Submission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

/** The Gemini API's batch mode (inline requests) against a local fake. */
class GeminiBatchClientTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static final String BATCH = "/v1beta/batches/b123";

    private BatchClient client() {
        return ModelProviders.of(Environment.of(Map.of("GEMINI_API_KEY", FAKE_KEY)), List.of(new GeminiProvider()))
                .batchClient("gemini:gemini-2.5-flash?temperature=0.7&seed=42&maxTokens=300&baseUrl="
                        + SERVER.baseUrl() + "/v1beta").orElseThrow();
    }

    /** A batch operation; {@code response} is the done operation's inlined responses, or null. */
    private static String operation(String state, int total, int ok, int failed, String responses) {
        String done = responses == null ? "" : """
                , "done": true, "response": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatchOutput",
                 "inlinedResponses": {"inlinedResponses": [%s]}}""".formatted(responses);
        return """
                {"name": "batches/b123", "metadata": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch",
                 "model": "models/gemini-2.5-flash", "displayName": "empathy4j gemini-2.5-flash", "name": "batches/b123",
                 "createTime": "2026-11-27T08:00:00Z", "updateTime": "2026-11-27T08:01:00Z",
                 "batchStats": {"requestCount": "%d", "successfulRequestCount": "%d", "failedRequestCount": "%d",
                  "pendingRequestCount": "%d"}, "state": "%s"}%s}
                """.formatted(total, ok, failed, total - ok - failed, state, done);
    }

    private static String response(String key, String text, String finish, int prompt, int candidates, int thoughts) {
        return """
                {"response": {"candidates": [{"content": {"parts": [{"text": "%s"}], "role": "model"},
                 "finishReason": "%s", "index": 0}], "usageMetadata": {"promptTokenCount": %d,
                 "candidatesTokenCount": %d, "thoughtsTokenCount": %d, "totalTokenCount": %d},
                 "modelVersion": "gemini-2.5-flash"}, "metadata": {"key": "%s"}}
                """.formatted(text, finish, prompt, candidates, thoughts, prompt + candidates + thoughts, key);
    }

    private static String error(String key, int code, String message) {
        return """
                {"error": {"code": %d, "message": "%s"}, "metadata": {"key": "%s"}}""".formatted(code, message, key);
    }

    @Test
    void aLabelledBatchIsNamedByItsLabel() {
        SERVER.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:batchGenerateContent"))
                .willReturn(okJson(operation("BATCH_STATE_PENDING", 4, 0, 0, null))));

        client().submit(REQUESTS, "empathy4j first b2");

        LoggedRequest request = SERVER.findAll(postRequestedFor(
                urlPathEqualTo("/v1beta/models/gemini-2.5-flash:batchGenerateContent"))).get(0);
        assertThat(json(request.getBodyAsString()).path("batch").path("displayName").asText())
                .isEqualTo("empathy4j first b2");
    }

    @Test
    void findLooksForTheLabelAmongTheListedBatches() {
        String mine = "empathy4j first b1 5f0c9a2e";
        SERVER.stubFor(get(urlPathEqualTo("/v1beta/batches")).withQueryParam("pageSize", equalTo("100"))
                .willReturn(okJson("{\"operations\": [" + labelled("batches/other", "empathy4j first b2 0c1d2e3f")
                        + ", " + labelled("batches/mine", mine) + "]}")));
        BatchClient client = client();

        assertThat(client.find(mine)).contains("batches/mine");
        assertThat(client.find("empathy4j first b1 00000000")).isEmpty();
        assertThat(SERVER.findAll(getRequestedFor(urlPathEqualTo("/v1beta/batches"))).get(0)
                .getHeader("x-goog-api-key")).isEqualTo(FAKE_KEY);
    }

    /** A running batch's operation with this name and label. */
    private static String labelled(String name, String label) {
        return operation("BATCH_STATE_RUNNING", 4, 1, 0, null).replace("batches/b123", name)
                .replace("empathy4j gemini-2.5-flash", label);
    }

    @Test
    void submitSendsInlineRequestsKeyedByCustomIdWithTheKeyInAHeader() {
        SERVER.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:batchGenerateContent"))
                .willReturn(okJson(operation("BATCH_STATE_PENDING", 4, 0, 0, null))));

        Submission submission = client().submit(REQUESTS);

        assertThat(submission.batchId()).isEqualTo("batches/b123");
        assertThat(submission.status().state()).isEqualTo(State.VALIDATING);
        LoggedRequest request = SERVER.findAll(postRequestedFor(
                urlPathEqualTo("/v1beta/models/gemini-2.5-flash:batchGenerateContent"))).get(0);
        assertThat(request.getHeader("x-goog-api-key")).isEqualTo(FAKE_KEY);
        assertThat(request.getUrl()).doesNotContain(FAKE_KEY);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode batch = json(request.getBodyAsString()).path("batch");
        assertThat(batch.path("displayName").asText()).isEqualTo("empathy4j gemini-2.5-flash");
        JsonNode items = batch.path("inputConfig").path("requests").path("requests");
        assertThat(items).hasSize(4);
        assertThat(items.get(1).path("metadata").path("key").asText()).isEqualTo("item-2");
        JsonNode first = items.get(0).path("request");
        assertThat(first.path("systemInstruction").path("parts").get(0).path("text").asText())
                .isEqualTo(MESSAGES.get(0).text());
        assertThat(first.path("contents")).hasSize(1);
        assertThat(first.path("contents").get(0).path("role").asText()).isEqualTo("user");
        assertThat(first.path("contents").get(0).path("parts").get(0).path("text").asText())
                .isEqualTo(MESSAGES.get(1).text());
        assertThat(first.path("generationConfig").path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(first.path("generationConfig").path("seed").asInt()).isEqualTo(42);
        assertThat(first.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(300);
    }

    @Test
    void pollFollowsTheStatesAndReadsTheStringCounts() {
        String[] states = {"BATCH_STATE_PENDING", "BATCH_STATE_RUNNING", "BATCH_STATE_SUCCEEDED"};
        for (int i = 0; i < states.length; i++) {
            SERVER.stubFor(get(urlPathEqualTo(BATCH)).inScenario("life")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : states[i - 1]).willSetStateTo(states[i])
                    .willReturn(okJson(operation(states[i], 4, i * 2, 0, i == 2 ? "" : null))));
        }
        BatchClient client = client();

        List<BatchStatus> seen = List.of(client.poll("batches/b123"), client.poll("batches/b123"),
                client.poll("batches/b123"));

        assertThat(seen).extracting(BatchStatus::state).containsExactly(State.VALIDATING, State.IN_PROGRESS,
                State.COMPLETED);
        assertThat(seen.get(1).total()).isEqualTo(4);
        assertThat(seen.get(1).succeeded()).isEqualTo(2);
        assertThat(seen.get(2).succeeded()).isEqualTo(4);
        assertThat(SERVER.findAll(getRequestedFor(urlPathEqualTo(BATCH))).get(0).getHeader("x-goog-api-key"))
                .isEqualTo(FAKE_KEY);
        assertThatThrownBy(() -> client.poll("batches/../models")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultsMatchResponsesByKeyWithBilledTokensSafetyBlocksAndErrors() {
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).willReturn(okJson(operation("BATCH_STATE_SUCCEEDED", 4, 2, 2,
                String.join(", ", response("item-1", "I'm so sorry.", "STOP", 35, 8, 120),
                        response("item-2", "", "SAFETY", 35, 0, 0),
                        error("item-3", 3, "Request contains an invalid argument."),
                        error("item-4", 13, "Internal error encountered."),
                        "{\"response\": {\"promptFeedback\": {\"blockReason\": \"SAFETY\"}, \"usageMetadata\":"
                                + " {\"promptTokenCount\": 35, \"totalTokenCount\": 35}}, \"metadata\": {\"key\": \"item-5\"}}",
                        "{\"response\": {}, \"metadata\": {\"key\": \"item-6\"}}")))));

        Map<String, BatchResult> results = byId(client().results("batches/b123"));

        BatchResult.Answered one = answered(results.get("item-1"));
        assertThat(one.answer().text()).isEqualTo("I'm so sorry.");
        assertThat(one.answer().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(one.answer().model()).isEqualTo("gemini-2.5-flash");
        // billed output: 8 reply tokens + 120 thinking tokens
        assertThat(one.answer().usage()).isEqualTo(new TokenUsage(35, 128));
        assertThat(answered(results.get("item-2")).answer().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(failed(results.get("item-3")).retriable()).isFalse();
        assertThat(failed(results.get("item-3")).message()).contains("invalid argument");
        assertThat(failed(results.get("item-4")).retriable()).isTrue();
        BatchResult.Answered blocked = answered(results.get("item-5"));
        assertThat(blocked.answer().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(blocked.answer().usage()).isEqualTo(new TokenUsage(35, 0));
        assertThat(failed(results.get("item-6")).retriable()).as("no candidate, no block reason").isTrue();
    }

    @Test
    void anExpiredBatchReturnsWhatRanAndLeavesTheRestUnfinished() {
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).willReturn(okJson(operation("BATCH_STATE_EXPIRED", 4, 1, 0,
                response("item-1", "Hugs.", "MAX_TOKENS", 35, 300, 0)))));
        BatchClient client = client();

        assertThat(client.poll("batches/b123").state()).isEqualTo(State.EXPIRED);
        Map<String, BatchResult> results = byId(client.results("batches/b123"));

        assertThat(results.keySet()).containsExactly("item-1");
        assertThat(answered(results.get("item-1")).answer().finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void cancelPostsTheCancelMethodAndAFailedBatchSaysWhy() {
        SERVER.stubFor(post(urlPathEqualTo(BATCH + ":cancel")).willReturn(okJson("{}")));
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).willReturn(okJson(operation("BATCH_STATE_FAILED", 4, 0, 0, null)
                .replace("\"state\": \"BATCH_STATE_FAILED\"}", "\"state\": \"BATCH_STATE_FAILED\"}, \"done\": true,"
                        + " \"error\": {\"code\": 3, \"message\": \"model not found\"}"))));
        BatchClient client = client();

        client.cancel("batches/b123");

        LoggedRequest cancel = SERVER.findAll(postRequestedFor(urlPathEqualTo(BATCH + ":cancel"))).get(0);
        assertThat(cancel.getHeader("x-goog-api-key")).isEqualTo(FAKE_KEY);
        BatchStatus failed = client.poll("batches/b123");
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.error()).contains("model not found (code 3)");
        assertThat(client.results("batches/b123")).isEmpty();
    }

    @Test
    void aBadKeyIsAnAuthenticationFailureWithoutTheKey() {
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).willReturn(aResponse().withStatus(400).withBody("""
                {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                 "status": "INVALID_ARGUMENT", "details": [{"reason": "API_KEY_INVALID"}]}}""")));

        AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
                () -> client().poll("batches/b123"));

        assertThat(e).hasMessageNotContaining(FAKE_KEY);
    }
}
