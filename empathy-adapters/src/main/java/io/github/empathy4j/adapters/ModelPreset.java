package io.github.empathy4j.adapters;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The four models of Welivita &amp; Pu (2024), usable wherever a {@link ModelSpec} is parsed by their
 * short name ({@code gpt-4}) or the paper's name ({@code GPT-4}), optionally with options
 * ({@code gpt-4?temperature=0}).
 *
 * <p>LLaMA-2-70B-Chat is served through an OpenAI-compatible endpoint under its Hugging Face name,
 * by default a local vLLM server ({@code vllm serve meta-llama/Llama-2-70b-chat-hf} listens on
 * {@code http://localhost:8000/v1}): this runs the original 16-bit weights the study used, where Ollama's
 * {@code llama2:70b-chat} is a 4-bit quantisation that answers differently. For a hosted endpoint
 * add {@code baseUrl} and {@code apiKeyEnv}, e.g.
 * {@code llama-2-70b-chat?baseUrl=https://api.together.xyz/v1&apiKeyEnv=TOGETHER_API_KEY}.
 * Providers retire old models: when one is gone, name a successor explicitly (e.g.
 * {@code gemini:gemini-2.0-flash}).
 */
public enum ModelPreset {

    /** OpenAI GPT-4. */
    GPT_4("gpt-4", "GPT-4", "openai:gpt-4"),
    /** Meta LLaMA-2-70B-Chat on an OpenAI-compatible server (see the class comment). */
    LLAMA_2_70B_CHAT("llama-2-70b-chat", "LLaMA-2-70B-Chat",
            "openai-compatible:meta-llama/Llama-2-70b-chat-hf?baseUrl=http://localhost:8000/v1"),
    /** Google Gemini 1.0 Pro through Google AI. */
    GEMINI_1_0_PRO("gemini-1.0-pro", "Gemini-1.0-Pro", "gemini:gemini-1.0-pro"),
    /** Mistral AI Mixtral-8x7B-Instruct ({@code open-mixtral-8x7b}). */
    MIXTRAL_8X7B_INSTRUCT("mixtral-8x7b-instruct", "Mixtral-8x7B-Instruct", "mistral:open-mixtral-8x7b");

    private final String shortName;
    private final String paperName;
    private final String spec;

    ModelPreset(String shortName, String paperName, String spec) {
        this.shortName = shortName;
        this.paperName = paperName;
        this.spec = spec;
    }

    /** The name to type, such as {@code gpt-4}. */
    public String shortName() {
        return shortName;
    }

    /** The name the paper uses, such as {@code GPT-4}. */
    public String paperName() {
        return paperName;
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
