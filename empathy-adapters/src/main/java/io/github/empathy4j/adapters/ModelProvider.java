package io.github.empathy4j.adapters;

import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Respondent;

import java.util.Optional;

/**
 * A vendor's adapter, found by {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/io.github.empathy4j.adapters.ModelProvider}. Implementations need a public
 * no-argument constructor and must be thread-safe.
 *
 * <p>The usual implementation builds a LangChain4j {@code ChatModel} and wraps it in a
 * {@link ChatModelRespondent}, which renders the prompt and maps results and failures:
 * <pre>{@code
 * public final class AcmeProvider implements ModelProvider {
 *     public String id() { return "acme"; }
 *     public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
 *         String key = environment.apiKey(spec, "ACME_API_KEY");
 *         return new ChatModelRespondent(spec, template, new AcmeChatModel(spec.model(), key), List.of(key));
 *     }
 * }
 * }</pre>
 */
public interface ModelProvider {

    /** The provider part of the specs this provider serves, such as {@code openai}; lower case. */
    String id();

    /**
     * Creates the respondent for a spec. Reads keys here (through {@code environment}) so that a missing
     * key fails before the first call.
     *
     * @throws io.github.empathy4j.core.ConfigurationException when the spec cannot work (missing key,
     *         missing {@code baseUrl}, model not served)
     */
    Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment);

    /** The variable that holds this provider's key by default, for listings; empty when none is needed. */
    default Optional<String> keyVariable() {
        return Optional.empty();
    }

    /**
     * How a {@link ChatModelJudge} on this provider asks for its answer: {@code JSON_SCHEMA} where the API
     * enforces a schema, {@code JSON_OBJECT} where it has a JSON mode only, by default {@code TEXT} (the prompt
     * alone asks for the JSON object, which works with any model).
     */
    default ChatModelJudge.OutputFormat judgeFormat() {
        return ChatModelJudge.OutputFormat.TEXT;
    }

    /**
     * Whether the provider's API takes the option {@code seed}; a {@link ChatModelJudge} adds its default seed
     * only where it does. By default {@code true}.
     */
    default boolean acceptsSeed() {
        return true;
    }

    /**
     * The spec with this provider's defaults for the options that shape answers made explicit, such as the API
     * version or reply limit it sends when the spec sets none, so that {@code run.json} records what was sent;
     * by default the spec itself.
     */
    default ModelSpec effective(ModelSpec spec) {
        return spec;
    }

    /**
     * A client for the provider's batch API serving the spec (its model and options), reading its key here;
     * by default none: the provider has no batch API.
     *
     * @throws io.github.empathy4j.core.ConfigurationException when the spec cannot work (such as a missing key)
     */
    default Optional<BatchClient> batchClient(ModelSpec spec, Environment environment) {
        return Optional.empty();
    }

    /** Whether this provider serves the spec; by default when the spec's provider is {@link #id()}. */
    default boolean supports(ModelSpec spec) {
        return id().equals(spec.provider());
    }
}
