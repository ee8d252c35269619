package io.github.empathy4j.adapters;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.run.Lane;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which model to call and how, written like a JDBC URL: {@code provider:model?key=value&key=value}.
 *
 * <p>Examples: {@code openai:gpt-4}, {@code ollama:llama2:70b-chat} (the model may contain {@code :} and
 * {@code /}), {@code openai-compatible:meta-llama/Llama-2-70b-chat-hf?baseUrl=http://localhost:8000/v1&temperature=0.7}.
 * The model and the values are percent-decoded ({@code %26} for {@code &}); {@code +} stays a plus. A name
 * without a colon is a {@link ModelPreset}, optionally with options: {@code gpt-4?temperature=0}.
 *
 * <p>Options (see {@link #OPTIONS}): {@code baseUrl} (an http(s) URL without credentials),
 * {@code temperature} (a number from 0 to 2, the range the providers share, or {@value #DEFAULT_TEMPERATURE} to send
 * none, for models that accept only their own, such as Claude Sonnet 5), {@code seed} (an integer), {@code maxTokens} (a positive
 * integer), {@code timeout} ({@code 30s}, {@code 500ms}, {@code 2m} or ISO-8601 {@code PT30S}) and
 * {@code apiKeyEnv} (the <em>name</em> of the environment variable holding the key); for Azure OpenAI,
 * {@code endpoint} (the resource's URL) and {@code apiVersion} (such as {@code 2024-10-21}). A spec never holds a
 * key, so its {@link #toString()} is safe to log and record.
 *
 * @param provider the {@link ModelProvider#id()} that serves the model, lower case
 * @param model the provider's model name
 * @param options the options, sorted by name
 */
public record ModelSpec(String provider, String model, Map<String, String> options) {

    /** The syntax, quoted by error messages. */
    public static final String SYNTAX = "provider:model?key=value&key=value (e.g. openai:gpt-4?temperature=0.7)";

    /** The {@code temperature} that sends none: the model's own default (a judge otherwise sets 0). */
    public static final String DEFAULT_TEMPERATURE = "default";

    /** The recognised option names. */
    public static final Set<String> OPTIONS = Set.of("baseUrl", "temperature", "seed", "maxTokens", "timeout",
            "apiKeyEnv", "endpoint", "apiVersion");

    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern API_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    public ModelSpec {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        if (!PROVIDER.matcher(provider).matches()) {
            throw new ConfigurationException("provider '" + provider
                    + "' must be lower-case letters, digits, '.', '_' or '-'; write " + SYNTAX);
        }
        if (model.isBlank()) {
            throw new ConfigurationException("model spec '" + provider + ":' names no model; write " + SYNTAX);
        }
        Objects.requireNonNull(options, "options");
        SortedMap<String, String> sorted = new TreeMap<>();
        options.forEach((name, value) -> {
            Objects.requireNonNull(value, name);
            if (!OPTIONS.contains(name)) {
                throw new ConfigurationException("unknown option '" + name + "' in model spec " + provider + ":"
                        + model + "; known options: " + OPTIONS.stream().sorted().collect(Collectors.joining(", "))
                        + "; syntax: " + SYNTAX);
            }
            sorted.put(name, value);
        });
        options = Collections.unmodifiableSortedMap(sorted);
        String where = provider + ":" + model;
        option(options, "baseUrl", where, false, "an http:// or https:// URL without user name or password",
                ModelSpec::checkUrl);
        option(options, "temperature", where, true, "a number from 0 to 2 such as 0.7, or " + DEFAULT_TEMPERATURE
                + " (send none)", v -> {
                    if (v.equals(DEFAULT_TEMPERATURE)) {
                        return v;
                    }
                    double t = Double.parseDouble(v);
                    return t >= 0 && t <= 2 ? t : null;
                });
        option(options, "seed", where, true, "an integer such as 42", Integer::valueOf);
        option(options, "maxTokens", where, true, "a positive integer such as 256", v -> {
            int n = Integer.parseInt(v);
            return n > 0 ? n : null;
        });
        option(options, "timeout", where, true, "a positive duration such as 30s, 500ms, 2m or PT30S",
                ModelSpec::parseDuration);
        option(options, "apiKeyEnv", where, false, "an environment variable name such as OPENAI_API_KEY",
                v -> VARIABLE.matcher(v).matches() ? v : null);
        option(options, "endpoint", where, false, "an http:// or https:// URL without user name or password",
                ModelSpec::checkUrl);
        option(options, "apiVersion", where, true, "a version such as 2024-10-21",
                v -> API_VERSION.matcher(v).matches() ? v : null);
    }

    /** A spec without options. */
    public static ModelSpec of(String provider, String model) {
        return new ModelSpec(provider, model, Map.of());
    }

    /**
     * Parses {@code provider:model?key=value&...}, or a {@link ModelPreset} name with optional options.
     *
     * @throws ConfigurationException naming what is wrong and the syntax
     */
    public static ModelSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        int q = trimmed.indexOf('?');
        String head = q < 0 ? trimmed : trimmed.substring(0, q);
        Map<String, String> options = q < 0 ? Map.of() : parseQuery(head, trimmed.substring(q + 1));
        int colon = head.indexOf(':');
        if (colon < 0) {
            ModelSpec preset = ModelPreset.find(head).map(ModelPreset::spec)
                    .orElseThrow(() -> new ConfigurationException("'" + head
                            + "' is neither a model spec nor a preset; write " + SYNTAX + " or one of the presets "
                            + ModelPreset.names()));
            Map<String, String> merged = new TreeMap<>(preset.options());
            merged.putAll(options);
            return new ModelSpec(preset.provider(), preset.model(), merged);
        }
        return new ModelSpec(head.substring(0, colon).toLowerCase(Locale.ROOT), decode(head.substring(colon + 1), head),
                options);
    }

    private static Map<String, String> parseQuery(String head, String query) {
        Map<String, String> options = new TreeMap<>();
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                String name = eq < 0 ? pair : "";
                throw new ConfigurationException("option '" + name + "' in model spec " + head
                        + " needs the form key=value; syntax: " + SYNTAX);
            }
            String name = decode(pair.substring(0, eq), head);
            if (options.put(name, decode(pair.substring(eq + 1), head)) != null) {
                throw new ConfigurationException("option '" + name + "' appears twice in model spec " + head);
            }
        }
        return options;
    }

    /** The {@code baseUrl} option. */
    public Optional<String> baseUrl() {
        return Optional.ofNullable(options.get("baseUrl"));
    }

    /** The {@code temperature} option; empty when not set or {@value #DEFAULT_TEMPERATURE} (none is sent). */
    public Optional<Double> temperature() {
        return Optional.ofNullable(options.get("temperature")).filter(t -> !t.equals(DEFAULT_TEMPERATURE))
                .map(Double::valueOf);
    }

    /** The {@code seed} option. */
    public Optional<Integer> seed() {
        return Optional.ofNullable(options.get("seed")).map(Integer::valueOf);
    }

    /** The {@code maxTokens} option. */
    public Optional<Integer> maxTokens() {
        return Optional.ofNullable(options.get("maxTokens")).map(Integer::valueOf);
    }

    /** The {@code timeout} option: how long one call may take. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(options.get("timeout")).map(ModelSpec::parseDuration);
    }

    /** The {@code endpoint} option: an Azure OpenAI resource's URL, such as {@code https://acme.openai.azure.com}. */
    public Optional<String> endpoint() {
        return Optional.ofNullable(options.get("endpoint"));
    }

    /** The {@code apiVersion} option: the Azure OpenAI API version, such as {@code 2024-10-21}. */
    public Optional<String> apiVersion() {
        return Optional.ofNullable(options.get("apiVersion"));
    }

    /** The {@code apiKeyEnv} option: the name of the variable that holds the key, never the key. */
    public Optional<String> apiKeyEnv() {
        return Optional.ofNullable(options.get("apiKeyEnv"));
    }

    /**
     * Where this spec's calls are scheduled: the provider, the {@code apiKeyEnv} variable's name (never its value)
     * and the {@code baseUrl} or {@code endpoint}, so that two servers, or two keys, of one provider are two lanes.
     */
    public Lane lane() {
        return new Lane(provider, apiKeyEnv().orElse(""), baseUrl().or(this::endpoint).orElse(""));
    }

    /**
     * The options that shape the answers, recorded with each reply ({@code Reply.parameters},
     * {@code run.json}) and part of the response cache key: every option except {@code timeout} and
     * {@code apiKeyEnv}, which change how a call is made but not what the model answers (so a run can be
     * resumed with a longer time-out or another key variable). Never holds a key, since a spec never does.
     */
    public Map<String, String> parameters() {
        SortedMap<String, String> parameters = new TreeMap<>(options);
        parameters.remove("apiKeyEnv");
        parameters.remove("timeout");
        return Collections.unmodifiableSortedMap(parameters);
    }

    /**
     * This spec with only its {@link #parameters()}: what identifies its answers, such as
     * {@code openai:gpt-4?temperature=0.7}, the spec of a run condition.
     */
    public ModelSpec identity() {
        return new ModelSpec(provider, model, parameters());
    }

    /** A copy with one option set (validated). */
    public ModelSpec with(String option, String value) {
        Map<String, String> copy = new TreeMap<>(options);
        copy.put(option, value);
        return new ModelSpec(provider, model, copy);
    }

    /** The spec in its canonical form, options sorted; {@code parse(toString())} equals this spec. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(provider).append(':').append(encode(model));
        char separator = '?';
        for (Map.Entry<String, String> e : options.entrySet()) {
            sb.append(separator).append(e.getKey()).append('=').append(encode(e.getValue()));
            separator = '&';
        }
        return sb.toString();
    }

    /** Checks one option's value; {@code echo} false keeps values that might hold a secret out of the message. */
    private static void option(Map<String, String> options, String name, String where, boolean echo,
            String expected, Function<String, Object> parser) {
        String value = options.get(name);
        if (value == null) {
            return;
        }
        Object parsed;
        try {
            parsed = parser.apply(value);
        } catch (RuntimeException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw new ConfigurationException("option " + name + (echo ? "=" + value : "") + " in model spec "
                    + where + " is invalid; expected " + expected);
        }
    }

    private static String checkUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean ok = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null;
            return ok ? value : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return d.isNegative() || d.isZero() ? null : d;
    }

    /** Percent-decoding after RFC 3986: {@code %XX} sequences are UTF-8 bytes; {@code +} is kept. */
    private static String decode(String text, String where) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '%') {
                out.append(text.charAt(i++));
                continue;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (i < text.length() && text.charAt(i) == '%') {
                int value = i + 2 < text.length() ? hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)) : -1;
                if (value < 0) {
                    throw new ConfigurationException("model spec " + where + " has a bad escape at '"
                            + text.substring(i, Math.min(text.length(), i + 3)) + "'; write %XX with two hex digits");
                }
                bytes.write(value);
                i += 3;
            }
            out.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static int hex(char c) {
        int d = Character.digit(c, 16);
        return d < 0 ? -1000 : d;
    }

    /** Escapes what would change the parse: {@code % & = ? #}, spaces and control characters. */
    private static String encode(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c <= ' ' || c == 0x7f || "%&=?#".indexOf(c) >= 0) {
                sb.append(String.format(Locale.ROOT, "%%%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A model's family from its spec or name, for self-preference: the model name (after the provider and its
     * colon, before any {@code ?}) by its maker, such as {@code openai} for {@code gpt-4o} or {@code o3-mini},
     * {@code anthropic} for Claude, {@code google} for Gemini and Gemma, {@code meta} for Llama, {@code mistral},
     * {@code alibaba} for Qwen, {@code deepseek}, {@code microsoft} for Phi; otherwise the provider's name (before
     * the colon), or the whole name. The one mapping every report uses: the pairwise journal's
     * families, the judge diagnostics' self-preference.
     */
    public static String family(String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        int query = lower.indexOf('?');
        String withoutQuery = query < 0 ? lower : lower.substring(0, query);
        int colon = withoutQuery.indexOf(':');
        String model = colon < 0 ? withoutQuery : withoutQuery.substring(colon + 1);
        if (model.contains("gpt") || model.matches("(.*/)?o[134](-.*)?")) {
            return "openai";
        }
        for (String[] maker : new String[][] {{"claude", "anthropic"}, {"gemini", "google"}, {"gemma", "google"},
                {"llama", "meta"}, {"mistral", "mistral"}, {"mixtral", "mistral"}, {"qwen", "alibaba"},
                {"deepseek", "deepseek"}, {"phi", "microsoft"}}) {
            if (model.contains(maker[0])) {
                return maker[1];
            }
        }
        return colon < 0 ? withoutQuery : withoutQuery.substring(0, colon);
    }
}
