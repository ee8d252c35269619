package io.github.empathy4j.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.testkit.RespondentContractTest;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.TokenUsage;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AnthropicProviderTest extends RespondentContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ModelProviders providers() {
        return ModelProviders.of(Environment.of(Map.of("ANTHROPIC_API_KEY", FAKE_KEY)),
                List.of(new AnthropicProvider()));
    }

    @Override
    protected Respondent respondent(String baseUrl, Duration timeout) {
        return providers().respondent("anthropic:claude-sonnet-4-5?temperature=0.7&maxTokens=120&timeout="
                + timeout.toMillis() + "ms&baseUrl=" + baseUrl + "/v1/", TEMPLATE);
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/v1/messages"));
    }

    @Override
    protected ResponseDefinitionBuilder success(String text, String model, int inputTokens, int outputTokens) {
        return message("[{\"type\": \"text\", \"text\": \"" + text + "\"}]", "end_turn", model, inputTokens,
                outputTokens);
    }

    @Override
    protected ResponseDefinitionBuilder error(int status, String message) {
        String type = switch (status) {
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            case 500 -> "api_error";
            default -> "invalid_request_error";
        };
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"type": "error", "error": {"type": "%s", "message": "%s"}, "request_id": "req_011"}
                """.formatted(type, message));
    }

    /** Claude's safety classifiers end a reply with the stop reason {@code refusal}. */
    @Override
    protected Optional<ResponseDefinitionBuilder> contentFiltered() {
        return Optional.of(message("[{\"type\": \"text\", \"text\": \"I\"}]", "refusal", MODEL, INPUT_TOKENS, 1));
    }

    @Override
    protected void assertRequest(LoggedRequest request, List<ChatMessage> messages) {
        assertThat(request.getHeader("x-api-key")).isEqualTo(FAKE_KEY);
        assertThat(request.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.containsHeader("Authorization")).isFalse();
        JsonNode body = json(request.getBodyAsString());
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(120);
        assertThat(body.has("seed")).isFalse();
        List<ChatMessage> system = messages.stream().filter(m -> m.role() == ChatMessage.Role.SYSTEM).toList();
        List<ChatMessage> others = messages.stream().filter(m -> m.role() != ChatMessage.Role.SYSTEM).toList();
        assertThat(body.path("system")).hasSize(system.size());
        for (int i = 0; i < system.size(); i++) {
            assertThat(body.path("system").get(i).path("text").asText()).isEqualTo(system.get(i).text());
        }
        JsonNode sent = body.path("messages");
        assertThat(sent).hasSize(others.size());
        for (int i = 0; i < others.size(); i++) {
            assertThat(sent.get(i).path("role").asText()).isEqualTo("user");
            assertThat(text(sent.get(i).path("content"))).isEqualTo(others.get(i).text());
        }
    }

    @Override
    protected Optional<ChatModelJudge> judge(String baseUrl) {
        return Optional.of(ChatModelJudge.of(providers(), "anthropic:claude-sonnet-4-5?baseUrl=" + baseUrl + "/v1/"));
    }

    /** Structured output: {@code output_config.format} holds the schema; Claude takes no seed, so none is added. */
    @Override
    protected void assertJudgeRequest(ChatModelJudge judge, LoggedRequest request, List<String> labels) {
        assertThat(judge.format()).isEqualTo(ChatModelJudge.OutputFormat.JSON_SCHEMA);
        assertThat(judge.name()).endsWith("&temperature=0").doesNotContain("seed");
        assertThat(request.getHeader("x-api-key")).isEqualTo(FAKE_KEY);
        JsonNode body = json(request.getBodyAsString());
        assertThat(body.path("temperature").asDouble()).isZero();
        JsonNode format = body.path("output_config").path("format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("schema").path("properties").path("rating").path("enum"))
                .extracting(JsonNode::asText).containsExactlyElementsOf(labels);
        assertThat(format.path("schema").path("required")).extracting(JsonNode::asText)
                .containsExactly("rationale", "rating");
    }

    @Test
    void rateLimitTakesRetryAfterBesideTheRateLimitHeaders() {
        SERVER.stubFor(endpoint().willReturn(error(429, "Number of request tokens has exceeded your per-minute "
                + "rate limit").withHeader("retry-after", "12")
                .withHeader("anthropic-ratelimit-requests-limit", "50")
                .withHeader("anthropic-ratelimit-requests-remaining", "49")
                .withHeader("anthropic-ratelimit-requests-reset", "2026-11-27T06:00:01Z")
                .withHeader("anthropic-ratelimit-input-tokens-limit", "30000")
                .withHeader("anthropic-ratelimit-input-tokens-remaining", "0")
                .withHeader("anthropic-ratelimit-input-tokens-reset", "2026-11-27T06:00:12Z")));

        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE));

        assertThat(e.retriable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(e.getMessage()).contains("429").contains("per-minute rate limit");
    }

    @Test
    void overloadedIsARetriableServerError() {
        SERVER.stubFor(endpoint().willReturn(error(529, "Overloaded")));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE));

        assertThat(e).isExactlyInstanceOf(ProviderException.class);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains("529").contains("Overloaded");
        assertNoKey(e);
    }

    @Test
    void maxTokensIsALengthAnswerWithItsUsage() {
        SERVER.stubFor(endpoint().willReturn(message("[{\"type\": \"text\", \"text\": \"It sounds\"}]", "max_tokens",
                MODEL, 42, 120)));

        Answer answer = respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(answer.text()).isEqualTo("It sounds");
        assertThat(answer.usage().inputTokens()).isEqualTo(42);
        assertThat(answer.usage().outputTokens()).isEqualTo(120);
    }

    @Test
    void stopSequenceIsANormalStop() {
        SERVER.stubFor(endpoint().willReturn(message("[{\"type\": \"text\", \"text\": \"I am sorry.\"}]",
                "stop_sequence", MODEL, 42, 5)));

        assertThat(respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void withoutMaxTokensTheRequiredLimitIsTheDefault() {
        SERVER.stubFor(endpoint().willReturn(success(TEXT, MODEL, INPUT_TOKENS, OUTPUT_TOKENS)));

        providers().respondent("anthropic:claude-sonnet-4-5?baseUrl=" + SERVER.baseUrl() + "/v1/", TEMPLATE)
                .respond(DIALOGUE);

        assertThat(json(SERVER.getAllServeEvents().get(0).getRequest().getBodyAsString()).path("max_tokens").asInt())
                .isEqualTo(AnthropicProvider.DEFAULT_MAX_TOKENS);
    }

    @Test
    void aSeedIsRefusedNotIgnored() {
        assertThatThrownBy(() -> providers().respondent("anthropic:claude-sonnet-4-5?seed=7", TEMPLATE))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("takes no seed");
    }

    private static ResponseDefinitionBuilder message(String content, String stopReason, String model, int in, int out) {
        return okJson("""
                {"id": "msg_01", "type": "message", "role": "assistant", "model": "%s", "content": %s,
                 "stop_reason": "%s", "stop_sequence": null,
                 "usage": {"input_tokens": %d, "output_tokens": %d, "cache_creation_input_tokens": 0,
                           "cache_read_input_tokens": 0}}
                """.formatted(model, content, stopReason, in, out));
    }

    /** Anthropic's content is a string or a list of blocks such as {@code {"type": "text", "text": "..."}}. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        content.forEach(block -> sb.append(block.path("text").asText()));
        return sb.toString();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A refusal is billed: its answer records the reply's usage and model. */
    @Test
    void aRefusalRecordsTheTokensItWasBilledFor() {
        SERVER.stubFor(endpoint().willReturn(contentFiltered().orElseThrow()));

        Answer answer = respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(answer.text()).isEmpty();
        assertThat(answer.usage()).isEqualTo(new TokenUsage(INPUT_TOKENS, 1));
        assertThat(answer.model()).isEqualTo(MODEL);
    }

    /** The reply limit the API requires is sent by default and recorded in the condition's spec. */
    @Test
    void theConditionRecordsTheDefaultReplyLimit() {
        assertThat(providers().condition("claude", "anthropic:claude-sonnet-4-5", TEMPLATE).spec())
                .isEqualTo("anthropic:claude-sonnet-4-5?maxTokens=" + AnthropicProvider.DEFAULT_MAX_TOKENS);
        assertThat(providers().condition("claude", "anthropic:claude-sonnet-4-5?maxTokens=300", TEMPLATE)
                .parameters()).containsEntry("maxTokens", "300");
    }
}
