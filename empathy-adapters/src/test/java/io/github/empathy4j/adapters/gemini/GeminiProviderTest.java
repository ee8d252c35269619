package io.github.empathy4j.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.openai.OpenAiProviderTest;
import io.github.empathy4j.adapters.testkit.RespondentContractTest;
import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Respondent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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

class GeminiProviderTest extends RespondentContractTest {

    @Override
    protected Respondent respondent(String baseUrl, Duration timeout) {
        return ModelProviders.of(Environment.of(Map.of("GEMINI_API_KEY", FAKE_KEY)), List.of(new GeminiProvider()))
                .respondent("gemini:gemini-1.0-pro?temperature=0.7&seed=7&maxTokens=120&timeout="
                        + timeout.toMillis() + "ms&baseUrl=" + baseUrl + "/v1beta", TEMPLATE);
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/v1beta/models/gemini-1.0-pro:generateContent"));
    }

    @Override
    protected ResponseDefinitionBuilder success(String text, String model, int inputTokens, int outputTokens) {
        return okJson("""
                {"candidates": [{"content": {"parts": [{"text": "%s"}], "role": "model"}, "finishReason": "STOP",
                                 "index": 0}],
                 "usageMetadata": {"promptTokenCount": %d, "candidatesTokenCount": %d, "totalTokenCount": %d},
                 "modelVersion": "%s"}
                """.formatted(text, inputTokens, outputTokens, inputTokens + outputTokens, model));
    }

    @Override
    protected ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error": {"code": %d, "message": "%s", "status": "%s"}}
                """.formatted(status, message, status == 429 ? "RESOURCE_EXHAUSTED" : "INVALID_ARGUMENT"));
    }

    /** The prompt blocked outright: no candidate, only the block reason. */
    @Override
    protected Optional<ResponseDefinitionBuilder> contentFiltered() {
        return Optional.of(okJson("""
                {"promptFeedback": {"blockReason": "SAFETY",
                                    "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "HIGH"}]},
                 "usageMetadata": {"promptTokenCount": 42, "totalTokenCount": 42},
                 "modelVersion": "gemini-1.0-pro-002"}
                """));
    }

    @Override
    protected void assertRequest(LoggedRequest request, List<ChatMessage> messages) {
        assertThat(request.getHeader("x-goog-api-key")).isEqualTo(FAKE_KEY);
        assertThat(request.getUrl()).doesNotContain(FAKE_KEY);
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(messages).extracting(ChatMessage::role)
                .containsExactly(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER);
        assertThat(body.path("systemInstruction").path("parts").get(0).path("text").asText())
                .isEqualTo(messages.get(0).text());
        assertThat(body.path("contents")).hasSize(1);
        assertThat(body.path("contents").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("contents").get(0).path("parts").get(0).path("text").asText())
                .isEqualTo(messages.get(1).text());
        JsonNode config = body.path("generationConfig");
        assertThat(config.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(config.path("seed").asInt()).isEqualTo(7);
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(120);
    }

    @Override
    protected Optional<ChatModelJudge> judge(String baseUrl) {
        return Optional.of(ChatModelJudge.of(ModelProviders.of(Environment.of(Map.of("GEMINI_API_KEY", FAKE_KEY)),
                List.of(new GeminiProvider())), "gemini:gemini-1.0-pro?baseUrl=" + baseUrl + "/v1beta"));
    }

    @Override
    protected void assertJudgeRequest(ChatModelJudge judge, LoggedRequest request, List<String> labels) {
        assertThat(judge.format()).isEqualTo(ChatModelJudge.OutputFormat.JSON_SCHEMA);
        assertThat(request.getUrl()).contains("gemini-1.0-pro");
        JsonNode config = OpenAiProviderTest.json(request.getBodyAsString()).path("generationConfig");
        assertThat(config.path("temperature").asDouble()).isZero();
        assertThat(config.path("seed").asInt()).isEqualTo(ChatModelJudge.DEFAULT_SEED);
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        JsonNode schema = config.has("responseJsonSchema") ? config.path("responseJsonSchema")
                : config.path("responseSchema");
        assertThat(schema.path("properties").path("rating").path("enum"))
                .extracting(JsonNode::asText).containsExactlyElementsOf(labels);
    }

    @Test
    void answerStoppedForSafetyIsAContentFilterAnswer() {
        SERVER.stubFor(endpoint().willReturn(okJson("""
                {"candidates": [{"finishReason": "SAFETY", "index": 0,
                                 "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "HIGH"}]}],
                 "usageMetadata": {"promptTokenCount": 42, "candidatesTokenCount": 0, "totalTokenCount": 42},
                 "modelVersion": "gemini-1.0-pro-002"}
                """)));

        Answer answer = respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(answer.text()).isEmpty();
        assertThat(answer.model()).isEqualTo("gemini-1.0-pro-002");
        assertThat(answer.usage().inputTokens()).isEqualTo(42);
    }

    /** Google answers a bad key with 400, not 401: the reason API_KEY_INVALID tells it apart. */
    @Test
    void invalidKeyIsAnAuthenticationFailureDespiteStatus400() {
        SERVER.stubFor(endpoint().willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                          "status": "INVALID_ARGUMENT",
                          "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                       "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]}}
                        """)));

        AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
                () -> respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE));

        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("HTTP 400").contains("API key not valid");
    }

    /** Google sends no Retry-After header; the wait is in the error's RetryInfo. */
    @Test
    void rateLimitWaitComesFromRetryInfo() {
        SERVER.stubFor(endpoint().willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED",
                          "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s"}]}}
                        """)));

        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE));

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(37));
    }

    /** Gemini 2.5 thinks by default and bills the thinking as output, which LangChain4j reports apart. */
    @Test
    void outputTokensIncludeTheBilledThinkingTokens() {
        SERVER.stubFor(endpoint().willReturn(okJson("""
                {"candidates": [{"content": {"parts": [{"text": "I'm sorry."}], "role": "model"},
                                 "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 42, "candidatesTokenCount": 5, "thoughtsTokenCount": 311,
                                   "totalTokenCount": 358},
                 "modelVersion": "gemini-2.5-flash"}
                """)));

        Answer answer = respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE);

        assertThat(answer.usage()).isEqualTo(new TokenUsage(42, 5 + 311));
    }

    /** A blocked prompt was still read: its answer records the prompt's tokens. */
    @Test
    void aBlockedPromptRecordsItsPromptTokens() {
        SERVER.stubFor(endpoint().willReturn(contentFiltered().orElseThrow()));

        Answer answer = respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(answer.usage()).isEqualTo(new TokenUsage(42, 0));
        assertThat(answer.model()).isEqualTo("gemini-1.0-pro-002");
    }
}
