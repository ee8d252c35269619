package io.github.empathy4j.adapters.openai;

import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProvider;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.adapters.batch.OpenAiBatchClient;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Respondent;

import java.util.Optional;

/**
 * Any server that speaks OpenAI's chat completions API, such as vLLM, Together or Groq:
 * {@code openai-compatible:meta-llama/Llama-2-70b-chat-hf?baseUrl=http://localhost:8000/v1}. The option
 * {@code baseUrl} is required; a key is sent only when the spec names its variable with {@code apiKeyEnv}
 * (e.g. {@code apiKeyEnv=TOGETHER_API_KEY}).
 */
public final class OpenAiCompatibleProvider implements ModelProvider {

    @Override
    public String id() {
        return "openai-compatible";
    }

    /**
     * OpenAI's Batch API at the server's {@code baseUrl} ({@link OpenAiBatchClient}), for hosts that offer it
     * (a host without it answers the first call with 404).
     */
    @Override
    public Optional<BatchClient> batchClient(ModelSpec spec, Environment environment) {
        if (spec.baseUrl().isEmpty()) {
            throw new ConfigurationException(spec + " needs the option baseUrl: the root of the server's"
                    + " OpenAI-compatible API");
        }
        return Optional.of(OpenAiBatchClient.openAi(spec, environment.optionalApiKey(spec)));
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        String baseUrl = spec.baseUrl().orElseThrow(() -> new ConfigurationException(spec
                + " needs the option baseUrl: the root of the server's OpenAI-compatible API, such as "
                + "baseUrl=http://localhost:8000/v1"));
        return OpenAiProvider.respondent(spec, template, baseUrl, environment.optionalApiKey(spec).orElse(null));
    }
}
