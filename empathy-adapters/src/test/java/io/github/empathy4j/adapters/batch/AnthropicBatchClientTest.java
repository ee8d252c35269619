package io.github.empathy4j.adapters.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.anthropic.AnthropicProvider;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.ProviderException;
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

/** Anthropic's Message Batches API against a local fake. */
class AnthropicBatchClientTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static final String BATCH = "/v1/messages/batches/msgbatch_01";

    private static final ModelProviders PROVIDERS = ModelProviders.of(
            Environment.of(Map.of("ANTHROPIC_API_KEY", FAKE_KEY)), List.of(new AnthropicProvider()));

    private BatchClient client() {
        return PROVIDERS.batchClient("anthropic:claude-sonnet-4-5?temperature=0.7&baseUrl=" + SERVER.baseUrl()
                + "/v1/").orElseThrow();
    }

    /** A message batch object. */
    private static String batch(String status, int processing, int succeeded, int errored, int canceled, int expired,
            boolean cancelAsked) {
        return """
                {"id": "msgbatch_01", "type": "message_batch", "processing_status": "%s",
                 "request_counts": {"processing": %d, "succeeded": %d, "errored": %d, "canceled": %d, "expired": %d},
                 "ended_at": null, "created_at": "2026-11-27T08:00:00Z", "expires_at": "2026-11-28T08:00:00Z",
                 "archived_at": null, "cancel_initiated_at": %s, "results_url": %s}
                """.formatted(status, processing, succeeded, errored, canceled, expired,
                cancelAsked ? "\"2026-11-27T09:00:00Z\"" : "null",
                status.equals("ended") ? "\"" + SERVER.baseUrl() + BATCH + "/results\"" : "null");
    }

    private static String succeeded(String id, String text, String stop, int in, int out) {
        return """
                {"custom_id": "%s", "result": {"type": "succeeded", "message": {"id": "msg_01", "type": "message",
                 "role": "assistant", "model": "claude-sonnet-4-5-20250929", "content": [{"type": "text", "text": "%s"}],
                 "stop_reason": "%s", "stop_sequence": null, "usage": {"input_tokens": %d, "output_tokens": %d}}}}
                """.formatted(id, text, stop, in, out).replace("\n", " ").strip();
    }

    private static String errored(String id, String type, String message) {
        return """
                {"custom_id": "%s", "result": {"type": "errored", "error": {"type": "error",
                 "error": {"type": "%s", "message": "%s"}}}}
                """.formatted(id, type, message).replace("\n", " ").strip();
    }

    private static String ended(String id, String type) {
        return "{\"custom_id\": \"" + id + "\", \"result\": {\"type\": \"" + type + "\"}}";
    }

    @Test
    void submitSendsEachRequestsParamsWithItsCustomIdAndTheHeaders() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/messages/batches"))
                .willReturn(okJson(batch("in_progress", 4, 0, 0, 0, 0, false))));

        Submission submission = client().submit(REQUESTS);

        assertThat(submission.batchId()).isEqualTo("msgbatch_01");
        assertThat(submission.status().state()).isEqualTo(State.IN_PROGRESS);
        assertThat(submission.status().total()).isEqualTo(4);
        LoggedRequest request = SERVER.findAll(postRequestedFor(urlPathEqualTo("/v1/messages/batches"))).get(0);
        assertThat(request.getHeader("x-api-key")).isEqualTo(FAKE_KEY);
        assertThat(request.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.containsHeader("Authorization")).isFalse();
        JsonNode sent = json(request.getBodyAsString()).path("requests");
        assertThat(sent).hasSize(4);
        assertThat(sent.get(3).path("custom_id").asText()).isEqualTo("item-4");
        JsonNode params = sent.get(0).path("params");
        assertThat(params.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(params.path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(params.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(params.path("system").get(0).path("text").asText()).isEqualTo(MESSAGES.get(0).text());
        assertThat(params.path("messages")).hasSize(1);
        assertThat(params.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(params.path("messages").get(0).path("content").asText()).isEqualTo(MESSAGES.get(1).text());
    }

    @Test
    void pollFollowsProcessingStatusAndCounts() {
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).inScenario("life").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ended").willReturn(okJson(batch("in_progress", 3, 1, 0, 0, 0, false))));
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).inScenario("life").whenScenarioStateIs("ended")
                .willReturn(okJson(batch("ended", 0, 3, 1, 0, 0, false))));
        BatchClient client = client();

        BatchStatus running = client.poll("msgbatch_01");
        BatchStatus done = client.poll("msgbatch_01");

        assertThat(running.state()).isEqualTo(State.IN_PROGRESS);
        assertThat(running.pending()).isEqualTo(3);
        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(done.succeeded()).isEqualTo(3);
        assertThat(done.failed()).isEqualTo(1);
        LoggedRequest poll = SERVER.findAll(getRequestedFor(urlPathEqualTo(BATCH))).get(0);
        assertThat(poll.getHeader("x-api-key")).isEqualTo(FAKE_KEY);
        assertThat(poll.getHeader("anthropic-version")).isEqualTo("2023-06-01");
    }

    @Test
    void resultsGiveAnswersWithUsageRefusalsAndRetriableOrFinalErrors() {
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).willReturn(okJson(batch("ended", 0, 2, 2, 0, 0, false))));
        SERVER.stubFor(get(urlPathEqualTo(BATCH + "/results")).willReturn(aResponse()
                .withHeader("Content-Type", "application/binary").withBody(String.join("\n",
                        succeeded("item-1", "I'm so sorry.", "end_turn", 40, 9),
                        succeeded("item-2", "I", "refusal", 40, 1),
                        errored("item-3", "invalid_request_error", "max_tokens: must be at most 64000"),
                        errored("item-4", "overloaded_error", "Overloaded")))));

        Map<String, BatchResult> results = byId(client().results("msgbatch_01"));

        BatchResult.Answered one = answered(results.get("item-1"));
        assertThat(one.answer().text()).isEqualTo("I'm so sorry.");
        assertThat(one.answer().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(one.answer().model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(one.answer().usage()).isEqualTo(new TokenUsage(40, 9));
        BatchResult.Answered refusal = answered(results.get("item-2"));
        assertThat(refusal.answer().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(refusal.answer().usage()).isEqualTo(new TokenUsage(40, 1));
        assertThat(failed(results.get("item-3")).retriable()).isFalse();
        assertThat(failed(results.get("item-3")).message()).startsWith("invalid_request_error: max_tokens");
        assertThat(failed(results.get("item-4")).retriable()).isTrue();
        LoggedRequest download = SERVER.findAll(getRequestedFor(urlPathEqualTo(BATCH + "/results"))).get(0);
        assertThat(download.getHeader("x-api-key")).isEqualTo(FAKE_KEY);
        assertThat(download.getHeader("anthropic-version")).isEqualTo("2023-06-01");
    }

    @Test
    void anExpiredBatchReturnsItsUnfinishedItemsAsRetriableFailures() {
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).willReturn(okJson(batch("ended", 0, 1, 0, 0, 3, false))));
        SERVER.stubFor(get(urlPathEqualTo(BATCH + "/results")).willReturn(aResponse().withBody(String.join("\n",
                succeeded("item-1", "Hugs.", "max_tokens", 40, 1024), ended("item-2", "expired"),
                ended("item-3", "expired"), ended("item-4", "expired")))));
        BatchClient client = client();

        assertThat(client.poll("msgbatch_01").state()).isEqualTo(State.EXPIRED);
        Map<String, BatchResult> results = byId(client.results("msgbatch_01"));

        assertThat(answered(results.get("item-1")).answer().finishReason()).isEqualTo(FinishReason.LENGTH);
        for (String id : List.of("item-2", "item-3", "item-4")) {
            assertThat(failed(results.get(id)).retriable()).as(id).isTrue();
        }
    }

    @Test
    void cancelAsksTheProviderAndCanceledItemsAreRetriable() {
        SERVER.stubFor(post(urlPathEqualTo(BATCH + "/cancel"))
                .willReturn(okJson(batch("canceling", 3, 1, 0, 0, 0, true))));
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).willReturn(okJson(batch("ended", 0, 1, 0, 3, 0, true))));
        SERVER.stubFor(get(urlPathEqualTo(BATCH + "/results")).willReturn(aResponse().withBody(String.join("\n",
                succeeded("item-1", "Hugs.", "end_turn", 40, 3), ended("item-2", "canceled")))));
        BatchClient client = client();

        client.cancel("msgbatch_01");

        LoggedRequest cancel = SERVER.findAll(postRequestedFor(urlPathEqualTo(BATCH + "/cancel"))).get(0);
        assertThat(cancel.getHeader("x-api-key")).isEqualTo(FAKE_KEY);
        assertThat(cancel.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(client.poll("msgbatch_01").state()).isEqualTo(State.CANCELLED);
        assertThat(failed(byId(client.results("msgbatch_01")).get("item-2")).retriable()).isTrue();
    }

    @Test
    void resultsBeforeTheEndAreRefusedAnOverloadIsRetriableAndSeedIsRefused() {
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("overloaded").willReturn(okJson(batch("in_progress", 4, 0, 0, 0, 0, false))));
        SERVER.stubFor(get(urlPathEqualTo(BATCH)).inScenario("s").whenScenarioStateIs("overloaded")
                .willReturn(aResponse().withStatus(529).withBody(
                        "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}")));
        BatchClient client = client();

        assertThatThrownBy(() -> client.results("msgbatch_01")).isInstanceOf(IllegalStateException.class);
        ProviderException overloaded = catchThrowableOfType(ProviderException.class, () -> client.poll("msgbatch_01"));
        assertThat(overloaded.retriable()).isTrue();
        assertThat(overloaded).hasMessageNotContaining(FAKE_KEY);
        assertThatThrownBy(() -> PROVIDERS.batchClient("anthropic:claude-sonnet-4-5?seed=1"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no seed");
    }
}
