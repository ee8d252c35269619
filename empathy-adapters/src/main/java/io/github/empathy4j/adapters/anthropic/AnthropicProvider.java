package io.github.empathy4j.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.Capability;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ChatModelRespondent;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.FilteredReplyException;
import io.github.empathy4j.adapters.ModelProvider;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.adapters.ProviderHttpClientBuilder;
import io.github.empathy4j.adapters.batch.AnthropicBatchClient;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Respondent;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Anthropic's Messages API ({@code anthropic:claude-sonnet-4-6}); the key comes from {@code ANTHROPIC_API_KEY}
 * and is sent as {@code x-api-key}. Built on LangChain4j's {@code langchain4j-anthropic}, so that a respondent
 * and a judge are the same {@link ChatModelRespondent} and {@link ChatModelJudge} as for every other provider.
 *
 * <p>The Messages API requires a reply limit: without the option {@code maxTokens} it is
 * {@value #DEFAULT_MAX_TOKENS}. It has no seed, so a spec with {@code seed} is refused rather than the seed
 * silently ignored. A {@code refusal} stop reason (Claude's safety classifiers ended the reply) becomes a
 * {@code CONTENT_FILTER} answer with the reply's token usage; {@code max_tokens} is {@code LENGTH}. A 529 (overloaded)
 * is a retriable server error; a 429's wait is its {@code retry-after}, else the reset time of the
 * {@code anthropic-ratelimit-*} limit that is used up. A judge gets structured output
 * ({@code output_config.format} with a JSON schema).
 */
public final class AnthropicProvider implements ModelProvider {

    /** The variable that holds the key unless the spec names another with {@code apiKeyEnv}. */
    public static final String KEY_VARIABLE = "ANTHROPIC_API_KEY";

    /** The reply limit sent when the spec sets no {@code maxTokens} (the API requires one). */
    public static final int DEFAULT_MAX_TOKENS = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "anthropic";
    }

    @Override
    public Optional<String> keyVariable() {
        return Optional.of(KEY_VARIABLE);
    }

    /** Claude enforces a JSON schema ({@code output_config.format}). */
    @Override
    public ChatModelJudge.OutputFormat judgeFormat() {
        return ChatModelJudge.OutputFormat.JSON_SCHEMA;
    }

    /** The Messages API has no seed. */
    @Override
    public boolean acceptsSeed() {
        return false;
    }

    /** The spec with its {@code maxTokens}: the spec's, else {@value #DEFAULT_MAX_TOKENS}. */
    @Override
    public ModelSpec effective(ModelSpec spec) {
        return spec.maxTokens().isPresent() ? spec : spec.with("maxTokens", Integer.toString(DEFAULT_MAX_TOKENS));
    }

    /** Anthropic's Message Batches API ({@link AnthropicBatchClient}). */
    @Override
    public Optional<BatchClient> batchClient(ModelSpec spec, Environment environment) {
        return Optional.of(AnthropicBatchClient.of(effective(spec), environment.apiKey(spec, KEY_VARIABLE)));
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        if (spec.seed().isPresent()) {
            throw new ConfigurationException(spec + ": Anthropic's Messages API takes no seed; remove the option seed");
        }
        String key = environment.apiKey(spec, KEY_VARIABLE);
        AnthropicChatModel model = AnthropicChatModel.builder()
                .httpClientBuilder(new ProviderHttpClientBuilder().responseCheck(AnthropicProvider::rejectRefusal))
                .baseUrl(spec.baseUrl().orElse(null))
                .apiKey(key)
                .modelName(spec.model())
                .temperature(spec.temperature().orElse(null))
                .maxTokens(spec.maxTokens().orElse(DEFAULT_MAX_TOKENS))
                .timeout(spec.timeout().orElse(null))
                .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                .maxRetries(0)
                .build();
        return new ChatModelRespondent(spec, template, model, List.of(key));
    }

    /** Throws for a reply that Claude's safety classifiers ended ({@code "stop_reason": "refusal"}). */
    static void rejectRefusal(SuccessfulHttpResponse response) {
        String body = response.body();
        if (body == null || !body.contains("refusal")) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return; // LangChain4j reports the unreadable reply
        }
        if ("refusal".equals(root.path("stop_reason").asText())) {
            JsonNode usage = root.path("usage");
            throw new FilteredReplyException("Claude refused to answer (stop_reason refusal)",
                    new TokenUsage(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong()),
                    root.path("model").asText(null));
        }
    }
}
