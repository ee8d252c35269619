package io.github.empathy4j.adapters.mistral;

import dev.langchain4j.model.mistralai.MistralAiChatModel;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ChatModelRespondent;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProvider;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.adapters.ProviderHttpClientBuilder;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Respondent;

import java.util.List;
import java.util.Optional;

/**
 * Mistral AI's chat completions API ({@code mistral:open-mixtral-8x7b}); the key comes from
 * {@code MISTRAL_API_KEY}. The option {@code seed} is sent as Mistral's {@code random_seed}.
 */
public final class MistralProvider implements ModelProvider {

    /** The variable that holds the key unless the spec names another with {@code apiKeyEnv}. */
    public static final String KEY_VARIABLE = "MISTRAL_API_KEY";

    @Override
    public String id() {
        return "mistral";
    }

    @Override
    public Optional<String> keyVariable() {
        return Optional.of(KEY_VARIABLE);
    }

    /** Mistral has a JSON mode ({@code response_format: json_object}), no schema. */
    @Override
    public ChatModelJudge.OutputFormat judgeFormat() {
        return ChatModelJudge.OutputFormat.JSON_OBJECT;
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        String key = environment.apiKey(spec, KEY_VARIABLE);
        MistralAiChatModel model = MistralAiChatModel.builder()
                .httpClientBuilder(new ProviderHttpClientBuilder())
                .baseUrl(spec.baseUrl().orElse(null))
                .apiKey(key)
                .modelName(spec.model())
                .temperature(spec.temperature().orElse(null))
                .randomSeed(spec.seed().orElse(null))
                .maxTokens(spec.maxTokens().orElse(null))
                .timeout(spec.timeout().orElse(null))
                .maxRetries(0)
                .build();
        return new ChatModelRespondent(spec, template, model, List.of(key));
    }
}
