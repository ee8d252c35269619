package io.github.empathy4j.examples;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.DialogueJsonl;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.core.run.ReplyJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs each example program. */
class ExamplesTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    static final FakeOpenAi FAKE = new FakeOpenAi();

    @RegisterExtension
    static final WireMockExtension JUDGED = FAKE.server();

    @TempDir
    Path dir;

    private static String stdout(Runnable program) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void reproduceStudyPrintsThePublishedChiSquares() {
        String out = stdout(() -> ReproduceStudy.main(new String[0]));

        assertThat(out.lines()).hasSize(4);
        assertThat(out).contains("gpt-4                  Good 64.75%  +31.3%  chi2 96.77")
                .contains("llama-2-70b-chat       Good 60.95%  +23.6%  chi2 54.40")
                .contains("mixtral-8x7b-instruct  Good 59.60%  +20.9%  chi2 42.36")
                .contains("gemini-1.0-pro         Good 54.05%  +9.6%  chi2 8.85");
    }

    @Test
    void evaluateModelAnswersASampleAndJudgesItAgainstTheHumans() {
        FakeOpenAi.stub(JUDGED);
        FAKE.model("tiny", prompt -> "I am so sorry to hear that. How are you holding up?");
        FAKE.model("judge", prompt -> FakeOpenAi.rating(FakeOpenAi.ratedReply(prompt).startsWith("I am so sorry")
                ? "Good" : "Okay"));
        List<Dialogue> dialogues = new ArrayList<>();
        for (Emotion e : Emotion.values()) {
            for (int i = 0; i < 2; i++) {
                dialogues.add(Dialogue.opening(e.label() + i, e, "", "I feel " + e.label() + ".", "Oh, why?"));
            }
        }
        Path dataset = dir.resolve("dialogues.jsonl");
        DialogueJsonl.write(dataset, DialogueSet.of(dialogues));
        Path out = dir.resolve("run");
        String url = "?baseUrl=" + JUDGED.baseUrl() + "/v1";

        String printed = stdout(() -> EvaluateModel.main(new String[] {dataset.toString(),
                "openai-compatible:tiny" + url, "openai-compatible:judge" + url, out.toString()}));

        // 32 human replies rated Okay, 32 model replies rated Good: 2x2 table [[32, 0], [0, 32]] with Yates:
        // R: chisq.test(matrix(c(32, 0, 0, 32), 2), correct = TRUE) -> X-squared = 60.062, p-value = 9.189e-15
        assertThat(printed).isEqualTo("model vs human, judged by openai-compatible:judge" + url + "&seed=42&temperature=0"
                + ": Good +100.0 points, chi2 60.06, p 9.19e-15" + System.lineSeparator());
        List<Reply> replies = ReplyJournal.read(out.resolve("responses.jsonl"));
        assertThat(replies).hasSize(64);
        assertThat(replies.stream().filter(r -> r.condition().equals("human"))).allMatch(r -> r.text().equals("Oh, why?"));
        assertThat(RatingJournal.read(out.resolve("ratings.jsonl"))).hasSize(64);
    }

    @Test
    void theEchoProviderIsFoundThroughItsServicesLine() {
        ModelProviders providers = ModelProviders.load(Environment.of(Map.of()));
        Dialogue dialogue = Dialogue.opening("d1", Emotion.PROUD, "I ran my first marathon.",
                "I finally finished a marathon yesterday!", null);

        Answer answer = providers.respondent("echo:v1", PromptTemplate.defaultTemplate()).respond(dialogue);

        assertThat(providers.providers()).anyMatch(EchoProvider.class::isInstance);
        assertThat(providers.list()).anyMatch(s -> s.provider().equals("echo") && s.keyVariable().isEmpty());
        assertThat(answer.model()).isEqualTo("echo-v1");
        assertThat(answer.text()).isNotBlank();
        assertThat(answer.usage().inputTokens()).isPositive();
        assertThat(providers.respondent("echo:v1", PromptTemplate.defaultTemplate()).respond(dialogue).text())
                .isEqualTo(answer.text());
    }
}
