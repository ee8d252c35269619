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
    void evaluateModelAnswersASampleWithTheModelAndTheHumans() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson("""
                {"id": "c1", "object": "chat.completion", "created": 1700000000, "model": "tiny",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "I am sorry."},
                              "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 20, "completion_tokens": 4, "total_tokens": 24}}
                """)));
        List<Dialogue> dialogues = new ArrayList<>();
        for (Emotion e : Emotion.values()) {
            for (int i = 0; i < 2; i++) {
                dialogues.add(Dialogue.opening(e.label() + i, e, "", "I feel " + e.label() + ".", "Oh, why?"));
            }
        }
        Path dataset = dir.resolve("dialogues.jsonl");
        DialogueJsonl.write(dataset, DialogueSet.of(dialogues));
        Path out = dir.resolve("run");

        String printed = stdout(() -> EvaluateModel.main(new String[] {dataset.toString(),
                "openai-compatible:tiny?baseUrl=" + SERVER.baseUrl() + "/v1", out.toString()}));

        assertThat(printed).startsWith("64 replies, 0 failed");
        SERVER.verify(32, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        List<Reply> replies = ReplyJournal.read(out.resolve("responses.jsonl"));
        assertThat(replies.stream().filter(r -> r.condition().equals("model"))).hasSize(32)
                .allMatch(r -> r.text().equals("I am sorry."));
        assertThat(replies.stream().filter(r -> r.condition().equals("human"))).hasSize(32)
                .allMatch(r -> r.text().equals("Oh, why?"));
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
