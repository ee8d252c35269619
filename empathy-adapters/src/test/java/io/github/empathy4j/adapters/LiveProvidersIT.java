package io.github.empathy4j.adapters;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real call per provider, each only when its key (or server) variable is set. Not run by
 * {@code test}; run with {@code ./mvnw -B -pl empathy-adapters -am verify -Plive}. Uses current small
 * models, since providers have retired some of the study's.
 */
class LiveProvidersIT {

    private static final Dialogue DIALOGUE = Dialogue.opening("live:1", Emotion.PROUD, "I ran my first marathon.",
            "I finally finished a marathon yesterday, after a year of training!", null);

    private static Answer ask(String spec) {
        return ModelProviders.load().respondent(spec, PromptTemplate.defaultTemplate()).respond(DIALOGUE);
    }

    private static void assertAnswered(Answer answer) {
        assertThat(answer.text()).isNotBlank();
        assertThat(answer.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
        assertThat(answer.usage().inputTokens()).isPositive();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
    void openAi() {
        assertAnswered(ask("openai:gpt-4o-mini?maxTokens=150&timeout=60s"));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "GEMINI_API_KEY", matches = ".+")
    void gemini() {
        assertAnswered(ask("gemini:gemini-2.0-flash?maxTokens=150&timeout=60s"));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "MISTRAL_API_KEY", matches = ".+")
    void mistral() {
        assertAnswered(ask("mistral:mistral-small-latest?maxTokens=150&timeout=60s"));
    }

    /** A local Ollama with the model named in {@code OLLAMA_MODEL} pulled, e.g. {@code llama3.2:1b}. */
    @Test
    @EnabledIfEnvironmentVariable(named = "OLLAMA_MODEL", matches = ".+")
    void ollama() {
        assertAnswered(ask("ollama:" + System.getenv("OLLAMA_MODEL") + "?maxTokens=150&timeout=5m"));
    }

    /** Any OpenAI-compatible server: {@code OPENAI_COMPATIBLE_SPEC} holds the whole spec, e.g. with baseUrl. */
    @Test
    @EnabledIfEnvironmentVariable(named = "OPENAI_COMPATIBLE_SPEC", matches = ".+")
    void openAiCompatible() {
        assertAnswered(ask(System.getenv("OPENAI_COMPATIBLE_SPEC")));
    }
}
