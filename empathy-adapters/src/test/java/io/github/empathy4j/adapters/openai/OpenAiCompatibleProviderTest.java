package io.github.empathy4j.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.testkit.RespondentContractTest;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.run.Respondent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A vLLM- or Together-style server; the key variable is named in the spec. */
class OpenAiCompatibleProviderTest extends RespondentContractTest {

    private static final String SPEC = "openai-compatible:meta-llama/Llama-2-70b-chat-hf?temperature=0.7";

    private static ModelProviders providers(Map<String, String> variables) {
        return ModelProviders.of(Environment.of(variables), List.of(new OpenAiCompatibleProvider()));
    }

    @Override
    protected Respondent respondent(String baseUrl, Duration timeout) {
        return providers(Map.of("TOGETHER_API_KEY", FAKE_KEY)).respondent(SPEC + "&apiKeyEnv=TOGETHER_API_KEY&timeout="
                + timeout.toMillis() + "ms&baseUrl=" + baseUrl + "/v1", TEMPLATE);
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo("/v1/chat/completions"));
    }

    @Override
    protected ResponseDefinitionBuilder success(String text, String model, int inputTokens, int outputTokens) {
        return OpenAiProviderTest.completion("\"" + text + "\"", "stop", model, inputTokens, outputTokens);
    }

    @Override
    protected ResponseDefinitionBuilder error(int status, String message) {
        return OpenAiProviderTest.error(status, message, "server_error");
    }

    @Override
    protected Optional<ResponseDefinitionBuilder> contentFiltered() {
        return Optional.of(OpenAiProviderTest.completion("null", "content_filter", MODEL, INPUT_TOKENS, 0));
    }

    @Override
    protected void assertRequest(LoggedRequest request, List<ChatMessage> messages) {
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        JsonNode body = OpenAiProviderTest.json(request.getBodyAsString());
        assertThat(body.path("model").asText()).isEqualTo("meta-llama/Llama-2-70b-chat-hf");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
        OpenAiProviderTest.assertChatMessages(body.path("messages"), messages);
    }

    @Override
    protected Optional<ChatModelJudge> judge(String baseUrl) {
        return Optional.of(ChatModelJudge.of(providers(Map.of("TOGETHER_API_KEY", FAKE_KEY)),
                "openai-compatible:meta-llama/Llama-2-70b-chat-hf?apiKeyEnv=TOGETHER_API_KEY&baseUrl=" + baseUrl + "/v1"));
    }

    @Override
    protected void assertJudgeRequest(ChatModelJudge judge, LoggedRequest request, List<String> labels) {
        assertThat(judge.format()).isEqualTo(ChatModelJudge.OutputFormat.TEXT);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FAKE_KEY);
        JsonNode body = OpenAiProviderTest.json(request.getBodyAsString());
        assertThat(body.path("temperature").asDouble()).isZero();
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.path("messages").get(1).path("content").asText()).contains(String.join("\", \"", labels));
    }

    @Test
    void sendsNoKeyWhenTheSpecNamesNone() {
        SERVER.stubFor(endpoint().willReturn(success(TEXT, MODEL, 1, 1)));

        providers(Map.of()).respondent(SPEC + "&baseUrl=" + SERVER.baseUrl() + "/v1", TEMPLATE).respond(DIALOGUE);

        assertThat(SERVER.getAllServeEvents().get(0).getRequest().containsHeader("Authorization")).isFalse();
    }

    @Test
    void needsABaseUrl() {
        assertThatThrownBy(() -> providers(Map.of()).respondent(SPEC, TEMPLATE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs the option baseUrl");
    }
}
