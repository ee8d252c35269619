package io.github.empathy4j.adapters.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.testkit.RespondentContractTest;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Respondent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.empathy4j.adapters.openai.OpenAiProviderTest.assertChatMessages;
import static io.github.empathy4j.adapters.openai.OpenAiProviderTest.completion;
import static io.github.empathy4j.adapters.openai.OpenAiProviderTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Azure's wire format: the {@code api-key} header, the deployment in the path, {@code api-version} in the query. */
class AzureOpenAiProviderTest extends RespondentContractTest {

    private static final String PATH = "/openai/deployments/empathy-gpt4o/chat/completions";

    private static ModelProviders providers() {
        return ModelProviders.of(Environment.of(Map.of("AZURE_OPENAI_API_KEY", FAKE_KEY)),
                List.of(new AzureOpenAiProvider()));
    }

    @Override
    protected Respondent respondent(String baseUrl, Duration timeout) {
        return providers().respondent("azure-openai:empathy-gpt4o?apiVersion=2025-01-01-preview&temperature=0.7"
                + "&seed=7&maxTokens=120&timeout=" + timeout.toMillis() + "ms&endpoint=" + baseUrl, TEMPLATE);
    }

    @Override
    protected MappingBuilder endpoint() {
        return post(urlPathEqualTo(PATH));
    }

    @Override
    protected ResponseDefinitionBuilder success(String text, String model, int inputTokens, int outputTokens) {
        return completion("\"" + text + "\"", "stop", model, inputTokens, outputTokens);
    }

    @Override
    protected ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error": {"code": "%s", "message": "%s"}}
                """.formatted(status == 429 ? "429" : status == 401 ? "401" : "BadRequest", message));
    }

    /** A reply Azure's content filter ended. */
    @Override
    protected Optional<ResponseDefinitionBuilder> contentFiltered() {
        return Optional.of(completion("null", "content_filter", MODEL, INPUT_TOKENS, 0));
    }

    @Override
    protected void assertRequest(LoggedRequest request, List<ChatMessage> messages) {
        assertThat(request.getHeader("api-key")).isEqualTo(FAKE_KEY);
        assertThat(request.containsHeader("Authorization")).isFalse();
        assertThat(request.queryParameter("api-version").firstValue()).isEqualTo("2025-01-01-preview");
        JsonNode body = json(request.getBodyAsString());
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(120);
        assertChatMessages(body.path("messages"), messages);
    }

    @Override
    protected Optional<ChatModelJudge> judge(String baseUrl) {
        return Optional.of(ChatModelJudge.of(providers(), "azure-openai:empathy-gpt4o?endpoint=" + baseUrl));
    }

    @Override
    protected void assertJudgeRequest(ChatModelJudge judge, LoggedRequest request, List<String> labels) {
        assertThat(judge.format()).isEqualTo(ChatModelJudge.OutputFormat.JSON_SCHEMA);
        assertThat(request.getHeader("api-key")).isEqualTo(FAKE_KEY);
        assertThat(request.queryParameter("api-version").firstValue())
                .isEqualTo(AzureOpenAiProvider.DEFAULT_API_VERSION);
        JsonNode body = json(request.getBodyAsString());
        assertThat(body.path("temperature").asDouble()).isZero();
        assertThat(body.path("seed").asInt()).isEqualTo(ChatModelJudge.DEFAULT_SEED);
        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("schema").path("properties").path("rating").path("enum"))
                .extracting(JsonNode::asText).containsExactlyElementsOf(labels);
    }

    /** Azure refuses a prompt its filter flags with HTTP 400 and the code content_filter: a refusal, not a failure. */
    @Test
    void aFilteredPromptIsAContentFilterAnswer() {
        SERVER.stubFor(endpoint().willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error": {"message": "The response was filtered due to the prompt triggering Azure OpenAI's
                         content management policy.", "type": null, "param": "prompt", "code": "content_filter",
                         "status": 400, "innererror": {"code": "ResponsibleAIPolicyViolation",
                         "content_filter_result": {"self_harm": {"filtered": true, "severity": "medium"}}}}}
                        """.replace("\n", " "))));

        Answer answer = respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(answer.text()).isEmpty();
    }

    @Test
    void theDeploymentIsEncodedInThePathAndATrailingSlashOfTheEndpointIsDropped() {
        SERVER.stubFor(post(urlPathEqualTo("/openai/deployments/my%20deployment/chat/completions"))
                .withQueryParam("api-version", equalTo(AzureOpenAiProvider.DEFAULT_API_VERSION))
                .willReturn(success(TEXT, MODEL, INPUT_TOKENS, OUTPUT_TOKENS)));

        Answer answer = providers().respondent("azure-openai:my%20deployment?endpoint=" + SERVER.baseUrl() + "/",
                TEMPLATE).respond(DIALOGUE);

        assertThat(answer.model()).isEqualTo(MODEL);
    }

    @Test
    void theEndpointIsRequiredAndBaseUrlRefused() {
        assertThatThrownBy(() -> providers().respondent("azure-openai:empathy-gpt4o", TEMPLATE))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs the option endpoint");
        assertThatThrownBy(() -> providers().respondent("azure-openai:empathy-gpt4o?baseUrl=https://x.example",
                TEMPLATE)).isInstanceOf(ConfigurationException.class).hasMessageContaining("not baseUrl");
    }

    /** The API version sent by default is recorded in the condition's spec, so run.json says what was called. */
    @Test
    void theConditionRecordsTheEffectiveApiVersion() {
        String spec = providers().condition("azure", "azure-openai:empathy-gpt4o?endpoint=https://acme.openai.azure.com",
                TEMPLATE).spec();

        assertThat(spec).contains("apiVersion=" + AzureOpenAiProvider.DEFAULT_API_VERSION);
        assertThat(ChatModelJudge.of(providers(), "azure-openai:empathy-gpt4o?endpoint=https://acme.openai.azure.com")
                .name()).contains("apiVersion=" + AzureOpenAiProvider.DEFAULT_API_VERSION);
        assertThat(providers().condition("azure", "azure-openai:empathy-gpt4o?endpoint=https://acme.openai.azure.com"
                + "&apiVersion=2025-01-01-preview", TEMPLATE).parameters()).containsEntry("apiVersion",
                "2025-01-01-preview");
    }
}
