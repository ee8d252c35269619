package io.github.empathy4j.adapters.example;

import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Answer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AcmeProviderTest {

    @Test
    void serviceLoaderFindsTheProviderAndItAnswers() {
        ModelProviders providers = ModelProviders.load(Environment.of(Map.of()));
        Dialogue dialogue = Dialogue.opening("acme:1", Emotion.PROUD, "I ran my first marathon.",
                "I finally finished a marathon yesterday!", null);
        PromptTemplate template = PromptTemplate.of("tiny", "", "{speaker_utterance}");

        Answer answer = providers.respondent("acme:tiny?temperature=0", template).respond(dialogue);

        assertThat(providers.providers()).anyMatch(AcmeProvider.class::isInstance);
        assertThat(answer.text()).startsWith("Thank you for telling me.");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.model()).isEqualTo("acme-tiny");
        assertThat(answer.usage().inputTokens()).isEqualTo(6);
    }
}
