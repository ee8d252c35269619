package io.github.empathy4j.adapters;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Secrets;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where API keys come from: environment variables, read through a function so that tests can supply
 * fake ones. {@link #toString()} never shows a value; every key read is registered with {@link Secrets}, so
 * that no message or journal of the library repeats it.
 */
public final class Environment {

    private final Function<String, String> variables;

    private Environment(Function<String, String> variables) {
        this.variables = variables;
    }

    /** The process environment ({@link System#getenv(String)}). */
    public static Environment system() {
        return new Environment(System::getenv);
    }

    /** Variables looked up through a function that returns {@code null} for unset ones. */
    public static Environment of(Function<String, String> variables) {
        return new Environment(Objects.requireNonNull(variables, "variables"));
    }

    /** Fixed variables, for tests. */
    public static Environment of(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return new Environment(copy::get);
    }

    /** The variable's value; empty when unset or blank. */
    public Optional<String> get(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(variables.apply(name)).filter(v -> !v.isBlank());
    }

    /** Whether the variable is set to a non-blank value. */
    public boolean isSet(String name) {
        return get(name).isPresent();
    }

    /**
     * The API key for a spec: from the variable the spec's {@code apiKeyEnv} names, else from
     * {@code defaultVariable}.
     *
     * @throws ConfigurationException naming the variable when it is unset
     */
    public String apiKey(ModelSpec spec, String defaultVariable) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(defaultVariable, "defaultVariable");
        return key(spec, spec.apiKeyEnv().orElse(defaultVariable));
    }

    /**
     * The API key of a provider that needs none by default: present only when the spec names a variable
     * with {@code apiKeyEnv}, which must then be set.
     *
     * @throws ConfigurationException naming the variable when the spec names one that is unset
     */
    public Optional<String> optionalApiKey(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return spec.apiKeyEnv().map(variable -> key(spec, variable));
    }

    /** The key in the variable, {@linkplain Secrets#register registered} so that no message repeats it. */
    private String key(ModelSpec spec, String variable) {
        String key = get(variable).orElseThrow(() -> new ConfigurationException(spec.provider() + ":" + spec.model()
                + " needs an API key in the environment variable " + variable + ", which is not set; set it, or "
                + "name another variable with the option apiKeyEnv=NAME"));
        Secrets.register(key);
        return key;
    }

    @Override
    public String toString() {
        return "Environment[values hidden]";
    }
}
