package io.github.empathy4j.adapters;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Named models, usable wherever a {@link ModelSpec} is parsed by their short name ({@code gpt-4}) or their
 * full name ({@code GPT-4}), optionally with options ({@code gpt-4?temperature=0}): the four models of
 * Welivita &amp; Pu (2024) under the study's names ({@link #study()}), and today's models beside them.
 *
 * <p>LLaMA-2-70B-Chat and Llama-3.1-70B-Instruct are served through an OpenAI-compatible endpoint under their
 * Hugging Face names, by default a local vLLM server ({@code vllm serve meta-llama/Llama-2-70b-chat-hf} listens on
 * {@code http://localhost:8000/v1}): this runs the original 16-bit weights, where Ollama's {@code llama2:70b-chat}
 * is a 4-bit quantisation that answers differently. For a hosted endpoint add {@code baseUrl} and
 * {@code apiKeyEnv}, and the host's model name where it differs, e.g.
 * {@code llama-2-70b-chat?baseUrl=https://api.together.xyz/v1&apiKeyEnv=TOGETHER_API_KEY}, or
 * {@code openai-compatible:meta-llama/llama-3.1-70b-instruct?baseUrl=https://openrouter.ai/api/v1}
 * {@code &apiKeyEnv=OPENROUTER_API_KEY} (one spec).
 * Providers retire old models: a retired preset keeps its name, says so ({@link #retired()}) and names the
 * nearest current one ({@link #successor()}).
 */
public enum ModelPreset {

    /** OpenAI GPT-4 (the study's). */
    GPT_4("gpt-4", "GPT-4", "openai:gpt-4", true, null),
    /** Meta LLaMA-2-70B-Chat on an OpenAI-compatible server (the study's; see the class comment). */
    LLAMA_2_70B_CHAT("llama-2-70b-chat", "LLaMA-2-70B-Chat",
            "openai-compatible:meta-llama/Llama-2-70b-chat-hf?baseUrl=http://localhost:8000/v1", true, null),
    /** Google Gemini 1.0 Pro through Google AI (the study's; retired, see {@link #successor()}). */
    GEMINI_1_0_PRO("gemini-1.0-pro", "Gemini-1.0-Pro", "gemini:gemini-1.0-pro", true, "gemini-2.5-flash"),
    /** Mistral AI Mixtral-8x7B-Instruct, {@code open-mixtral-8x7b} (the study's; retired, see {@link #successor()}). */
    MIXTRAL_8X7B_INSTRUCT("mixtral-8x7b-instruct", "Mixtral-8x7B-Instruct", "mistral:open-mixtral-8x7b", true,
            "mistral-small"),
    /** OpenAI GPT-4o. */
    GPT_4O("gpt-4o", "GPT-4o", "openai:gpt-4o", false, null),
    /** OpenAI GPT-4.1. */
    GPT_4_1("gpt-4.1", "GPT-4.1", "openai:gpt-4.1", false, null),
    /**
     * Anthropic Claude Sonnet 4.6 (4.5 is deprecated): the newest Sonnet that takes a temperature, which a judge sets
     * to 0. Anthropic documents Sonnet 5 as refusing non-default sampling parameters; name Sonnet 5 or 5.5 by spec
     * with {@code temperature=default} ({@code anthropic:claude-sonnet-5-5?temperature=default}).
     */
    CLAUDE_SONNET("claude-sonnet", "Claude-Sonnet-4.6", "anthropic:claude-sonnet-4-6", false, null),
    /** Google Gemini 2.5 Flash. */
    GEMINI_2_5_FLASH("gemini-2.5-flash", "Gemini-2.5-Flash", "gemini:gemini-2.5-flash", false, null),
    /** Meta Llama-3.1-70B-Instruct on an OpenAI-compatible server (see the class comment). */
    LLAMA_3_1_70B("llama-3.1-70b", "Llama-3.1-70B-Instruct",
            "openai-compatible:meta-llama/Llama-3.1-70B-Instruct?baseUrl=http://localhost:8000/v1", false, null),
    /** Mistral AI's largest model, {@code mistral-large-latest}. */
    MISTRAL_LARGE("mistral-large", "Mistral-Large", "mistral:mistral-large-latest", false, null),
    /** Mistral AI's small open-weights model, {@code mistral-small-latest}: the nearest current one to Mixtral-8x7B. */
    MISTRAL_SMALL("mistral-small", "Mistral-Small", "mistral:mistral-small-latest", false, null);

    private final String shortName;
    private final String paperName;
    private final String spec;
    private final boolean study;
    private final String successor;

    ModelPreset(String shortName, String paperName, String spec, boolean study, String successor) {
        this.shortName = shortName;
        this.paperName = paperName;
        this.spec = spec;
        this.study = study;
        this.successor = successor;
    }

    /** The name to type, such as {@code gpt-4}. */
    public String shortName() {
        return shortName;
    }

    /** The full name: the paper's for the study's models, such as {@code GPT-4}, else the maker's. */
    public String paperName() {
        return paperName;
    }

    /** Whether this is one of the four models of Welivita &amp; Pu (2024). */
    public boolean study() {
        return study;
    }

    /** Whether its provider has retired the model: calls to it fail; use the {@link #successor()}. */
    public boolean retired() {
        return successor != null;
    }

    /** For a retired model, the nearest current preset; empty for a model still served. */
    public Optional<ModelPreset> successor() {
        return successor == null ? Optional.empty() : find(successor);
    }

    /**
     * What to tell a user of a retired model, such as {@code "gemini-1.0-pro is retired by its provider; the
     * nearest current model is gemini-2.5-flash (gemini:gemini-2.5-flash)"}; empty for a model still served.
     */
    public Optional<String> retirement() {
        return successor().map(next -> shortName + " is retired by its provider; the nearest current model is "
                + next.shortName + " (" + next.spec + ")");
    }

    /** The retired preset a spec calls (same provider and model), if any. */
    static Optional<ModelPreset> retiredFor(ModelSpec spec) {
        return Arrays.stream(values()).filter(ModelPreset::retired).filter(p -> {
            ModelSpec s = p.spec();
            return s.provider().equals(spec.provider()) && s.model().equals(spec.model());
        }).findFirst();
    }

    /** The spec this preset stands for. */
    public ModelSpec spec() {
        return ModelSpec.parse(spec);
    }

    /** The preset with this short or paper name, ignoring case. */
    public static Optional<ModelPreset> find(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.shortName.equals(key) || p.paperName.toLowerCase(Locale.ROOT).equals(key))
                .findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(ModelPreset::shortName).collect(Collectors.joining(", "));
    }
}
