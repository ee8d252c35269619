package io.github.empathy4j.adapters.ollama;

import dev.langchain4j.model.ollama.OllamaChatModel;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ChatModelRespondent;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProvider;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.adapters.ProviderHttpClientBuilder;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Respondent;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local or remote Ollama server ({@code ollama:llama2:70b-chat}), by default at
 * {@value #DEFAULT_BASE_URL}. No key by default; behind a proxy that wants one, name its variable with
 * {@code apiKeyEnv} and it is sent as a bearer token. {@code maxTokens} is sent as {@code num_predict}.
 */
public final class OllamaProvider implements ModelProvider {

    /** Where Ollama listens unless the spec says otherwise. */
    public static final String DEFAULT_BASE_URL = "http://localhost:11434";

    @Override
    public String id() {
        return "ollama";
    }

    /** Ollama enforces a JSON schema ({@code format}). */
    @Override
    public ChatModelJudge.OutputFormat judgeFormat() {
        return ChatModelJudge.OutputFormat.JSON_SCHEMA;
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        Optional<String> key = environment.optionalApiKey(spec);
        OllamaChatModel model = OllamaChatModel.builder()
                .httpClientBuilder(new ProviderHttpClientBuilder())
                .baseUrl(spec.baseUrl().orElse(DEFAULT_BASE_URL))
                .customHeaders(key.map(k -> Map.of("Authorization", "Bearer " + k)).orElse(Map.of()))
                .modelName(spec.model())
                .temperature(spec.temperature().orElse(null))
                .seed(spec.seed().orElse(null))
                .numPredict(spec.maxTokens().orElse(null))
                .timeout(spec.timeout().orElse(null))
                .maxRetries(0)
                .build();
        return new ChatModelRespondent(spec, template, model, key.map(List::of).orElse(List.of()));
    }
}
