package io.github.empathy4j.adapters.openai;

import dev.langchain4j.model.openai.OpenAiChatModel;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ChatModelRespondent;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProvider;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.adapters.ProviderHttpClientBuilder;
import io.github.empathy4j.adapters.batch.OpenAiBatchClient;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Respondent;

import java.util.List;
import java.util.Optional;

/**
 * OpenAI's chat completions API ({@code openai:gpt-4}); the key comes from {@code OPENAI_API_KEY}. A
 * {@code content_filter} finish reason becomes a {@code CONTENT_FILTER} answer.
 */
public final class OpenAiProvider implements ModelProvider {

    /** The variable that holds the key unless the spec names another with {@code apiKeyEnv}. */
    public static final String KEY_VARIABLE = "OPENAI_API_KEY";

    @Override
    public String id() {
        return "openai";
    }

    @Override
    public Optional<String> keyVariable() {
        return Optional.of(KEY_VARIABLE);
    }

    /** OpenAI enforces a JSON schema ({@code response_format: json_schema}). */
    @Override
    public ChatModelJudge.OutputFormat judgeFormat() {
        return ChatModelJudge.OutputFormat.JSON_SCHEMA;
    }

    /** OpenAI's Batch API ({@link OpenAiBatchClient}). */
    @Override
    public Optional<BatchClient> batchClient(ModelSpec spec, Environment environment) {
        return Optional.of(OpenAiBatchClient.openAi(spec, Optional.of(environment.apiKey(spec, KEY_VARIABLE))));
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        return respondent(spec, template, spec.baseUrl().orElse(null), environment.apiKey(spec, KEY_VARIABLE));
    }

    /** An OpenAI chat model for the spec; {@code baseUrl} and {@code key} may be {@code null}. */
    static Respondent respondent(ModelSpec spec, PromptTemplate template, String baseUrl, String key) {
        OpenAiChatModel model = chatModel(spec, new ProviderHttpClientBuilder())
                .baseUrl(baseUrl)
                .apiKey(key)
                .build();
        return new ChatModelRespondent(spec, template, model, key == null ? List.of() : List.of(key));
    }

    /**
     * OpenAI's chat client with the spec's model and generation options, on {@code http} (the engine retries, so
     * the client does not), for a provider that speaks OpenAI's wire format, which adds where and how to call.
     */
    public static OpenAiChatModel.OpenAiChatModelBuilder chatModel(ModelSpec spec, ProviderHttpClientBuilder http) {
        return OpenAiChatModel.builder()
                .httpClientBuilder(http)
                .modelName(spec.model())
                .temperature(spec.temperature().orElse(null))
                .seed(spec.seed().orElse(null))
                .maxTokens(spec.maxTokens().orElse(null))
                .timeout(spec.timeout().orElse(null))
                .maxRetries(0);
    }
}
