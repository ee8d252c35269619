package io.github.empathy4j.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.testkit.RespondentContractTest;
import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Respondent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

public class OpenAiProviderTest extends RespondentContractTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected Respondent respondent(String baseUrl, Duration timeout) {
        return ModelProviders.of(Environment.of(Map.of("OPENAI_API_KEY", FAKE_KEY)), List.of(new OpenAiProvider()))
                .respondent("openai:gpt-4?temperature=0.7&seed=7&maxTokens=120&timeout=" + timeout.toMillis()
                        + "ms&baseUrl=" + baseUrl + "/v1", TEMPLATE);
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/v1/chat/completions"));
    }

    @Override
    protected ResponseDefinitionBuilder success(String text, String model, int inputTokens, int outputTokens) {
        return completion("\"" + text + "\"", "stop", model, inputTokens, outputTokens);
    }

    @Override
    protected ResponseDefinitionBuilder error(int status, String message) {
        return error(status, message, "requests");
    }

    @Override
    protected Optional<ResponseDefinitionBuilder> contentFiltered() {
        return Optional.of(completion("null", "content_filter", MODEL, INPUT_TOKENS, 0));
    }

    @Override
    protected void assertRequest(LoggedRequest request, List<ChatMessage> messages) {
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        JsonNode body = json(request.getBodyAsString());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(120);
        assertChatMessages(body.path("messages"), messages);
    }

    @Override
    protected Optional<ChatModelJudge> judge(String baseUrl) {
        return Optional.of(ChatModelJudge.of(ModelProviders.of(Environment.of(Map.of("OPENAI_API_KEY", FAKE_KEY)),
                List.of(new OpenAiProvider())), "openai:gpt-4o?baseUrl=" + baseUrl + "/v1"));
    }

    @Override
    protected void assertJudgeRequest(ChatModelJudge judge, LoggedRequest request, List<String> labels) {
        assertThat(judge.format()).isEqualTo(ChatModelJudge.OutputFormat.JSON_SCHEMA);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        JsonNode body = json(request.getBodyAsString());
        assertThat(body.path("temperature").asDouble()).isZero();
        assertThat(body.path("seed").asInt()).isEqualTo(ChatModelJudge.DEFAULT_SEED);
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(body.path("response_format").path("json_schema").path("schema").path("properties").path("rating")
                .path("enum")).extracting(JsonNode::asText).containsExactlyElementsOf(labels);
    }

    @Test
    void lengthLimitedReplyIsALengthAnswer() {
        SERVER.stubFor(endpoint().willReturn(completion("\"It sounds\"", "length", MODEL, 42, 120)));

        Answer answer = respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(answer.text()).isEqualTo("It sounds");
    }

    /** OpenAI's own {@code retry-after-ms} is finer than {@code Retry-After} and wins. */
    @Test
    void rateLimitPrefersRetryAfterMillis() {
        SERVER.stubFor(endpoint().willReturn(error(429, "Rate limit reached", "tokens")
                .withHeader("Retry-After", "2").withHeader("retry-after-ms", "1500")));

        io.github.empathy4j.core.RateLimitException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.github.empathy4j.core.RateLimitException.class,
                () -> respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE));

        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    }

    /** No credit left: retrying cannot help, and every other call would fail alike, so the run stops. */
    @Test
    void exhaustedQuotaStopsLikeARejectedKey() {
        SERVER.stubFor(endpoint().willReturn(error(429, "You exceeded your current quota, please check your plan "
                + "and billing details.", "insufficient_quota")));

        AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
                () -> respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE));

        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("quota is used up").contains("429");
    }

    public static ResponseDefinitionBuilder completion(String content, String finishReason, String model, int in, int out) {
        return okJson("""
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "%s",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": %s},
                              "finish_reason": "%s"}],
                 "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}
                """.formatted(model, content, finishReason, in, out, in + out));
    }

    public static ResponseDefinitionBuilder error(int status, String message, String type) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error": {"message": "%s", "type": "%s", "param": null, "code": null}}
                """.formatted(message, type));
    }

    public static void assertChatMessages(JsonNode sent, List<ChatMessage> messages) {
        assertThat(sent).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertThat(sent.get(i).path("role").asText()).isEqualTo(messages.get(i).role().name().toLowerCase());
            assertThat(sent.get(i).path("content").asText()).isEqualTo(messages.get(i).text());
        }
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
