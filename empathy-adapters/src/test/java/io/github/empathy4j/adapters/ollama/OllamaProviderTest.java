package io.github.empathy4j.adapters.ollama;

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
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.run.Respondent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Ollama behind a proxy that wants a bearer token, so that the key checks apply. */
class OllamaProviderTest extends RespondentContractTest {

    @Override
    protected Respondent respondent(String baseUrl, Duration timeout) {
        return ModelProviders.of(Environment.of(Map.of("OLLAMA_PROXY_KEY", FAKE_KEY)), List.of(new OllamaProvider()))
                .respondent("ollama:llama2:70b-chat?apiKeyEnv=OLLAMA_PROXY_KEY&temperature=0.7&seed=7&maxTokens=120"
                        + "&timeout=" + timeout.toMillis() + "ms&baseUrl=" + baseUrl, TEMPLATE);
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/api/chat"));
    }

    @Override
    protected ResponseDefinitionBuilder success(String text, String model, int inputTokens, int outputTokens) {
        return okJson("""
                {"model": "%s", "created_at": "2024-03-01T12:00:00.000000Z",
                 "message": {"role": "assistant", "content": "%s"},
                 "done": true, "done_reason": "stop", "total_duration": 123456789,
                 "prompt_eval_count": %d, "eval_count": %d}
                """.formatted(model, text, inputTokens, outputTokens));
    }

    @Override
    protected ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"" + message + "\"}");
    }

    /** Ollama runs models without a content filter. */
    @Override
    protected Optional<ResponseDefinitionBuilder> contentFiltered() {
        return Optional.empty();
    }

    @Override
    protected void assertRequest(LoggedRequest request, List<ChatMessage> messages) {
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(body.path("model").asText()).isEqualTo("llama2:70b-chat");
        assertThat(body.path("stream").asBoolean(true)).isFalse();
        JsonNode options = body.path("options");
        assertThat(options.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(options.path("seed").asInt()).isEqualTo(7);
        assertThat(options.path("num_predict").asInt()).isEqualTo(120);
        JsonNode sent = body.path("messages");
        assertThat(sent).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertThat(sent.get(i).path("role").asText())
                    .isEqualTo(messages.get(i).role().name().toLowerCase(Locale.ROOT));
            assertThat(sent.get(i).path("content").asText()).isEqualTo(messages.get(i).text());
        }
    }

    @Override
    protected Optional<ChatModelJudge> judge(String baseUrl) {
        return Optional.of(ChatModelJudge.of(ModelProviders.of(Environment.of(Map.of("OLLAMA_PROXY_KEY", FAKE_KEY)),
                List.of(new OllamaProvider())), "ollama:llama3.1:70b?apiKeyEnv=OLLAMA_PROXY_KEY&baseUrl=" + baseUrl));
    }

    @Override
    protected void assertJudgeRequest(ChatModelJudge judge, LoggedRequest request, List<String> labels) {
        assertThat(judge.format()).isEqualTo(ChatModelJudge.OutputFormat.JSON_SCHEMA);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        JsonNode body = OpenAiProviderTest.json(request.getBodyAsString());
        assertThat(body.path("options").path("temperature").asDouble()).isZero();
        assertThat(body.path("options").path("seed").asInt()).isEqualTo(ChatModelJudge.DEFAULT_SEED);
        assertThat(body.path("format").path("properties").path("rating").path("enum"))
                .extracting(JsonNode::asText).containsExactlyElementsOf(labels);
    }

    @Test
    void needsNoKeyByDefault() {
        SERVER.stubFor(endpoint().willReturn(success(TEXT, MODEL, 1, 1)));

        ModelProviders.of(Environment.of(Map.of()), List.of(new OllamaProvider()))
                .respondent("ollama:llama2:70b-chat?baseUrl=" + SERVER.baseUrl(), TEMPLATE).respond(DIALOGUE);

        assertThat(SERVER.getAllServeEvents().get(0).getRequest().containsHeader("Authorization")).isFalse();
    }
}
