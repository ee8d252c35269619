package io.github.empathy4j.adapters.mistral;

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
import io.github.empathy4j.core.ProviderException;
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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MistralProviderTest extends RespondentContractTest {

    @Override
    protected Respondent respondent(String baseUrl, Duration timeout) {
        return ModelProviders.of(Environment.of(Map.of("MISTRAL_API_KEY", FAKE_KEY)), List.of(new MistralProvider()))
                .respondent("mistral:open-mixtral-8x7b?temperature=0.7&seed=7&maxTokens=120&timeout="
                        + timeout.toMillis() + "ms&baseUrl=" + baseUrl + "/v1", TEMPLATE);
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/v1/chat/completions"));
    }

    @Override
    protected ResponseDefinitionBuilder success(String text, String model, int inputTokens, int outputTokens) {
        return okJson("""
                {"id": "cmpl-1", "object": "chat.completion", "created": 1700000000, "model": "%s",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}
                """.formatted(model, text, inputTokens, outputTokens, inputTokens + outputTokens));
    }

    @Override
    protected ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"object": "error", "message": "%s", "type": "invalid_request_error", "param": null, "code": null}
                """.formatted(message));
    }

    /** Mistral's API has no content filter that ends a reply ({@code safe_prompt} only adds a system prompt). */
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
        assertThat(body.path("model").asText()).isEqualTo("open-mixtral-8x7b");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.path("random_seed").asInt()).isEqualTo(7);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(120);
        JsonNode sent = body.path("messages");
        assertThat(sent).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertThat(sent.get(i).path("role").asText())
                    .isEqualTo(messages.get(i).role().name().toLowerCase(Locale.ROOT));
            assertThat(text(sent.get(i).path("content"))).isEqualTo(messages.get(i).text());
        }
    }

    @Override
    protected Optional<ChatModelJudge> judge(String baseUrl) {
        return Optional.of(ChatModelJudge.of(ModelProviders.of(Environment.of(Map.of("MISTRAL_API_KEY", FAKE_KEY)),
                List.of(new MistralProvider())), "mistral:mistral-large-latest?baseUrl=" + baseUrl + "/v1"));
    }

    @Override
    protected void assertJudgeRequest(ChatModelJudge judge, LoggedRequest request, List<String> labels) {
        assertThat(judge.format()).isEqualTo(ChatModelJudge.OutputFormat.JSON_OBJECT);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        JsonNode body = OpenAiProviderTest.json(request.getBodyAsString());
        assertThat(body.path("temperature").asDouble()).isZero();
        assertThat(body.path("random_seed").asInt()).isEqualTo(ChatModelJudge.DEFAULT_SEED);
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(text(body.path("messages").get(1).path("content"))).contains(String.join("\", \"", labels));
    }

    /** A retired model's 404 names the nearest current one. */
    @Test
    void aRetiredPresetsNotFoundNamesItsSuccessor() {
        SERVER.stubFor(endpoint().willReturn(error(404, "Invalid model: open-mixtral-8x7b")));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> ModelProviders.of(
                Environment.of(Map.of("MISTRAL_API_KEY", FAKE_KEY)), List.of(new MistralProvider()))
                .respondent("mixtral-8x7b-instruct?baseUrl=" + SERVER.baseUrl() + "/v1", TEMPLATE).respond(DIALOGUE));

        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("404").contains("mixtral-8x7b-instruct is retired")
                .contains("mistral-small (mistral:mistral-small-latest)");
    }

    /** Mistral's content is a string or a list of chunks such as {@code {"type": "text", "text": "..."}}. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        content.forEach(chunk -> sb.append(chunk.path("text").asText()));
        return sb.toString();
    }
}
