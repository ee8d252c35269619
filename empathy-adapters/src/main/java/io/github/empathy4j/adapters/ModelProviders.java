package io.github.empathy4j.adapters;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.Respondent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The model providers on the class path, and the entry point that turns a spec into a
 * {@link Respondent}, or into a run {@link Condition}:
 * <pre>{@code
 * ModelProviders providers = ModelProviders.load();
 * Respondent gpt4 = providers.respondent("gpt-4?temperature=0.7", template);
 * Condition gemini = providers.condition("gemini:gemini-1.5-pro?temperature=0", template); // "gemini-1.5-pro"
 * }</pre>
 * Built in: {@code openai}, {@code openai-compatible}, {@code azure-openai}, {@code anthropic}, {@code gemini},
 * {@code mistral}, {@code ollama}.
 * Instances are immutable and thread-safe.
 */
public final class ModelProviders {

    private final List<ModelProvider> providers;
    private final Environment environment;

    private ModelProviders(List<ModelProvider> providers, Environment environment) {
        this.providers = List.copyOf(providers);
        this.environment = environment;
    }

    /** The providers {@link ServiceLoader} finds, with keys from the process environment. */
    public static ModelProviders load() {
        return load(Environment.system());
    }

    /**
     * The providers {@link ServiceLoader} finds (through the thread's context class loader), with keys
     * from {@code environment}.
     *
     * @throws ConfigurationException when a provider cannot be loaded or two share an id
     */
    public static ModelProviders load(Environment environment) {
        List<ModelProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(ModelProvider.class).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("a model provider listed in META-INF/services/"
                    + ModelProvider.class.getName() + " cannot be loaded: " + e.getMessage(), e);
        }
        return of(environment, found);
    }

    /**
     * The given providers, without {@link ServiceLoader}.
     *
     * @throws ConfigurationException when two share an id
     */
    public static ModelProviders of(Environment environment, List<? extends ModelProvider> providers) {
        Objects.requireNonNull(environment, "environment");
        List<ModelProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(ModelProvider::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new ConfigurationException("two model providers share the id '" + sorted.get(i).id() + "': "
                        + sorted.get(i - 1).getClass().getName() + " and " + sorted.get(i).getClass().getName()
                        + "; remove one from the class path");
            }
        }
        return new ModelProviders(sorted, environment);
    }

    /** The providers, sorted by id. */
    public List<ModelProvider> providers() {
        return providers;
    }

    /**
     * A respondent for a spec or preset name (see {@link ModelSpec#parse(String)}).
     *
     * @throws ConfigurationException for a malformed spec, an unknown provider or option, or a missing key
     */
    public Respondent respondent(String spec, PromptTemplate template) {
        return respondent(ModelSpec.parse(spec), template);
    }

    /**
     * A respondent for a spec, from the one provider that {@linkplain ModelProvider#supports supports} it.
     *
     * @throws ConfigurationException when no provider or more than one supports the spec, or the provider
     *         cannot create a respondent (such as for a missing key)
     */
    public Respondent respondent(ModelSpec spec, PromptTemplate template) {
        Objects.requireNonNull(template, "template");
        ModelProvider provider = provider(spec);
        try {
            return Objects.requireNonNull(provider.respondent(spec, template, environment),
                    () -> provider.getClass().getName() + " returned no respondent for " + spec);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // LangChain4j's builders validate their arguments this way
            throw new ConfigurationException("provider " + provider.id() + " cannot serve " + spec + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The one provider that {@linkplain ModelProvider#supports supports} the spec.
     *
     * @throws ConfigurationException when no provider or more than one supports it
     */
    public ModelProvider provider(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        List<ModelProvider> candidates = providers.stream().filter(p -> p.supports(spec)).toList();
        if (candidates.isEmpty()) {
            throw new ConfigurationException("no model provider serves " + spec.provider() + ":" + spec.model()
                    + "; known providers: " + ids() + "; write " + ModelSpec.SYNTAX + " or a preset ("
                    + ModelPreset.names() + ")");
        }
        if (candidates.size() > 1) {
            throw new ConfigurationException("several model providers serve " + spec.provider() + ":" + spec.model()
                    + ": " + candidates.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
                    + "; remove all but one from the class path");
        }
        return candidates.get(0);
    }

    /**
     * A run condition for a spec or preset name (see {@link ModelSpec#parse(String)}), named after the
     * preset's short name ({@code gpt-4} for {@code GPT-4?temperature=0}) or else the spec's model
     * ({@code gemini-1.5-pro} for {@code gemini:gemini-1.5-pro?temperature=0}). Options are not part of
     * the name, so two conditions of one model with other options need
     * {@linkplain #condition(String, String, PromptTemplate) explicit names} (a run refuses repeated names).
     *
     * @throws ConfigurationException as {@link #respondent(String, PromptTemplate)}
     */
    public Condition condition(String specOrPreset, PromptTemplate template) {
        Objects.requireNonNull(specOrPreset, "specOrPreset");
        ModelSpec spec = ModelSpec.parse(specOrPreset);
        String head = specOrPreset.strip();
        int q = head.indexOf('?');
        String name = ModelPreset.find(q < 0 ? head : head.substring(0, q)).map(ModelPreset::shortName)
                .orElse(spec.model());
        return condition(name, spec, template);
    }

    /**
     * A run condition with this name for a spec or preset name. Its spec is the
     * {@linkplain ModelProvider#effective effective} spec's {@linkplain ModelSpec#identity() identity}
     * ({@code openai:gpt-4?temperature=0.7}: provider, model and the options that shape answers, the provider's
     * defaults included, such as Azure's {@code apiVersion}, without {@code timeout} and {@code apiKeyEnv}) and
     * its parameters are
     * {@link ModelSpec#parameters()}, so the run's response cache key is spec, parameters and the rendered
     * prompt: the same model, options and prompt answer from the cache, across runs. No key is ever part
     * of a condition.
     *
     * @param name the condition name written with each reply
     * @param specOrPreset a model spec or preset name, such as {@code openai:gpt-4?temperature=0.7}
     * @param template the prompt the respondent renders, also the condition's prompt
     * @throws ConfigurationException as {@link #respondent(String, PromptTemplate)}
     */
    public Condition condition(String name, String specOrPreset, PromptTemplate template) {
        Objects.requireNonNull(name, "name");
        return condition(name, ModelSpec.parse(specOrPreset), template);
    }

    private Condition condition(String name, ModelSpec spec, PromptTemplate template) {
        ModelSpec effective = provider(spec).effective(spec);
        Respondent respondent = respondent(effective, template);
        return new Condition(name, effective.identity().toString(), effective.parameters(), template, respondent);
    }

    /**
     * A client for the batch API of the provider that serves a spec or preset name, for its
     * {@linkplain ModelProvider#effective effective} spec; empty when the provider has no batch API
     * (built in: {@code openai}, {@code openai-compatible}, {@code azure-openai}, {@code anthropic},
     * {@code gemini}).
     *
     * @throws ConfigurationException as {@link #respondent(String, PromptTemplate)}
     */
    public Optional<BatchClient> batchClient(String specOrPreset) {
        ModelSpec spec = ModelSpec.parse(specOrPreset);
        ModelProvider provider = provider(spec);
        return provider.batchClient(provider.effective(spec), environment);
    }

    /** What the CLI's {@code models} command shows: each provider, its key variable and its presets. */
    public List<Status> list() {
        return providers.stream().map(p -> new Status(p.id(), p.keyVariable(),
                p.keyVariable().map(environment::isSet).orElse(false),
                Arrays.stream(ModelPreset.values()).filter(preset -> p.supports(preset.spec())).toList()))
                .toList();
    }

    private String ids() {
        return providers.stream().map(ModelProvider::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "ModelProviders[" + ids() + "]";
    }

    /**
     * One provider in a {@link #list()}.
     *
     * @param provider the provider's id
     * @param keyVariable the variable its key is read from by default; empty when it needs none
     * @param keySet whether that variable is set (never its value); {@code false} when there is none
     * @param presets the presets this provider serves, the study's first
     */
    public record Status(String provider, Optional<String> keyVariable, boolean keySet, List<ModelPreset> presets) {

        public Status {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(keyVariable, "keyVariable");
            presets = List.copyOf(presets);
        }
    }
}
