package io.github.empathy4j.adapters.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ChatModelRespondent;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProvider;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.adapters.ProviderHttpClientBuilder;
import io.github.empathy4j.adapters.batch.OpenAiBatchClient;
import io.github.empathy4j.adapters.openai.OpenAiProvider;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Respondent;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Azure OpenAI deployment: {@code azure-openai:DEPLOYMENT?endpoint=https://RESOURCE.openai.azure.com}, with
 * the option {@code apiVersion} (default {@value #DEFAULT_API_VERSION}); the key comes from
 * {@code AZURE_OPENAI_API_KEY} and is sent as the {@code api-key} header to
 * {@code ENDPOINT/openai/deployments/DEPLOYMENT/chat/completions?api-version=VERSION}.
 *
 * <p>Azure's chat completions are OpenAI's wire format on another path, so this provider drives LangChain4j's
 * OpenAI client there rather than {@code langchain4j-azure-open-ai}, whose Azure SDK brings Netty and Reactor
 * (which do not converge: Netty 4.1.112, 4.1.118 and 4.1.135 on one path) and its own HTTP pipeline, which would
 * bypass {@link ProviderHttpClientBuilder} and so lose the {@code Retry-After} wait and the shared failure
 * mapping. The reply names the model behind the deployment (such as {@code gpt-4o-2024-08-06}), which each
 * answer records. Both of Azure's content filters become a {@code CONTENT_FILTER} answer: a reply that finished
 * for {@code content_filter}, and a prompt refused with HTTP 400 and the code {@code content_filter}. A judge
 * gets structured output ({@code response_format: json_schema}, API versions from 2024-08-01-preview on).
 */
public final class AzureOpenAiProvider implements ModelProvider {

    /** The variable that holds the key unless the spec names another with {@code apiKeyEnv}. */
    public static final String KEY_VARIABLE = "AZURE_OPENAI_API_KEY";

    /** The API version sent when the spec sets no {@code apiVersion}: the GA version with structured outputs. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "azure-openai";
    }

    @Override
    public Optional<String> keyVariable() {
        return Optional.of(KEY_VARIABLE);
    }

    /** Azure OpenAI enforces a JSON schema ({@code response_format: json_schema}). */
    @Override
    public ChatModelJudge.OutputFormat judgeFormat() {
        return ChatModelJudge.OutputFormat.JSON_SCHEMA;
    }

    /** The spec with its {@code apiVersion}: the spec's, else {@value #DEFAULT_API_VERSION}. */
    @Override
    public ModelSpec effective(ModelSpec spec) {
        return spec.apiVersion().isPresent() ? spec : spec.with("apiVersion", DEFAULT_API_VERSION);
    }

    /** Azure OpenAI's Batch API ({@link OpenAiBatchClient#azure}); the deployment must be a Global Batch one. */
    @Override
    public Optional<BatchClient> batchClient(ModelSpec spec, Environment environment) {
        return Optional.of(OpenAiBatchClient.azure(effective(spec), environment.apiKey(spec, KEY_VARIABLE)));
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        if (spec.baseUrl().isPresent()) {
            throw new ConfigurationException(spec + ": azure-openai takes the option endpoint (the resource's URL, "
                    + "such as endpoint=https://acme.openai.azure.com), not baseUrl");
        }
        String endpoint = spec.endpoint().orElseThrow(() -> new ConfigurationException(spec
                + " needs the option endpoint: the Azure OpenAI resource's URL, such as "
                + "endpoint=https://acme.openai.azure.com; the model part of the spec is the deployment's name"));
        String key = environment.apiKey(spec, KEY_VARIABLE);
        String root = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        String deployment = URLEncoder.encode(spec.model(), StandardCharsets.UTF_8).replace("+", "%20");
        OpenAiChatModel model = OpenAiProvider.chatModel(spec, new ProviderHttpClientBuilder()
                        .failureCheck(AzureOpenAiProvider::rejectFilteredPrompt))
                .baseUrl(root + "/openai/deployments/" + deployment)
                .customHeaders(Map.of("api-key", key))
                .customQueryParams(Map.of("api-version", spec.apiVersion().orElse(DEFAULT_API_VERSION)))
                .build();
        return new ChatModelRespondent(spec, template, model, List.of(key));
    }

    /** Throws for Azure's refusal of a prompt: HTTP 400 with the error code {@code content_filter}. */
    static void rejectFilteredPrompt(HttpException failure) {
        String body = failure.getMessage();
        if (failure.statusCode() != 400 || body == null || !body.contains("content_filter")) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return; // reported as the 400 it is
        }
        if ("content_filter".equals(root.path("error").path("code").asText())) {
            throw new ContentFilteredException("Azure OpenAI's content filter refused the prompt");
        }
    }
}
