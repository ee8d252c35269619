package io.github.empathy4j.adapters;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
    @EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
    void anthropic() {
        assertAnswered(ask("anthropic:claude-haiku-4-5?maxTokens=150&timeout=60s"));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
    void anthropicJudge() {
        assertJudged(ChatModelJudge.of("anthropic:claude-haiku-4-5?timeout=60s"));
    }

    /** An Azure OpenAI deployment: {@code AZURE_OPENAI_ENDPOINT} and {@code AZURE_OPENAI_DEPLOYMENT} name it. */
    @Test
    @EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_API_KEY", matches = ".+")
    @EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_ENDPOINT", matches = ".+")
    @EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_DEPLOYMENT", matches = ".+")
    void azureOpenAi() {
        assertAnswered(ask(azure() + "&maxTokens=150"));
        assertJudged(ChatModelJudge.of(azure()));
    }

    private static String azure() {
        return "azure-openai:" + System.getenv("AZURE_OPENAI_DEPLOYMENT") + "?endpoint="
                + System.getenv("AZURE_OPENAI_ENDPOINT") + "&timeout=60s";
    }

    /** A real judge rates a plainly warm reply on the study's scale with a level, without failing. */
    private static void assertJudged(ChatModelJudge judge) {
        Reply reply = new Reply("live", "live:1", "Congratulations! A whole year of training, that is a huge "
                + "achievement. How did it feel to cross the line?", FinishReason.STOP, "live", Map.of(),
                TokenUsage.NONE, Duration.ZERO, 1, Instant.EPOCH);
        assertThat(judge.rate(DIALOGUE, reply, RatingScale.STUDY.single()).value()).isBetween(1, 3);
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
