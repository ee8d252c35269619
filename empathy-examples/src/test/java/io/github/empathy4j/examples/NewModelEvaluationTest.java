package io.github.empathy4j.examples;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.openai.OpenAiProvider;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.core.rating.RatingScale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NewModelEvaluationTest {

    static final FakeOpenAi FAKE = new FakeOpenAi();

    @RegisterExtension
    static final WireMockExtension SERVER = FAKE.server();

    @TempDir
    Path dir;

    static Path release() {
        Path file = Path.of(System.getProperty("empathy.shared.data", "../shared/data"), "welivita-pu-2024",
                "dataset_and_ratings.csv");
        assumeTrue(Files.exists(file), "the release is not in the shared data folder");
        return file;
    }

    @BeforeEach
    void stub() {
        FakeOpenAi.stub(SERVER);
    }

    @Test
    void answersRatesAndComparesANewModelOnASeededSample() {
        Path file = release();
        ReleaseDataset release = ReleaseDataset.read(file);
        Set<String> sample = Set.copyOf(release.dialogues().sample(64, NewModelEvaluation.SEED).ids());
        // the judge gives the stored replies the crowd's rating and the new model's replies Good
        Map<String, Integer> judged = new HashMap<>();
        for (ReleaseDataset.Row row : release.rows()) {
            for (String c : List.of(ReleaseDataset.HUMAN, ReleaseDataset.GPT_4)) {
                judged.put(row.dialogue().speakerUtterance().strip() + "\n" + row.response(c).text().strip(),
                        row.response(c).rating());
            }
        }
        FAKE.model("new-model", prompt -> "That sounds like a lot. How are you feeling about it now?");
        FAKE.model("judge-model", prompt -> FakeOpenAi.rating(RatingScale.STUDY.single().level(judged.getOrDefault(
                FakeOpenAi.speakerTurn(prompt) + "\n" + FakeOpenAi.ratedReply(prompt), 3)).label()));
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of("OPENAI_API_KEY", "sk-fake")),
                List.of(new OpenAiProvider()));
        String base = "?baseUrl=" + SERVER.baseUrl() + "/v1";

        NewModelEvaluation.Evaluation evaluation = NewModelEvaluation.evaluate(file, "openai:new-model" + base,
                "openai:judge-model" + base, 64, dir, providers, 4);

        assertThat(evaluation.condition()).isEqualTo("new-model");
        assertThat(evaluation.rows()).extracting(NewModelEvaluation.Row::condition, NewModelEvaluation.Row::ratedBy)
                .containsExactly(
                        tuple("human", "crowd (release)"),
                        tuple("gpt-4", "crowd (release)"),
                        tuple("human", "judge"),
                        tuple("gpt-4", "judge"),
                        tuple("new-model", "judge"),
                        tuple("human", "published"),
                        tuple("gpt-4", "published"),
                        tuple("llama-2-70b-chat", "published"),
                        tuple("mixtral-8x7b-instruct", "published"),
                        tuple("gemini-1.0-pro", "published"));
        for (String c : List.of("human", "gpt-4")) {
            List<Long> crowd = counts(release.ratings(c).stream().filter(r -> sample.contains(r.dialogueId()))
                    .map(Rating::value).toList());
            List<Long> byJudge = counts(release.rows().stream().filter(r -> sample.contains(r.dialogue().id()))
                    .map(r -> judged.get(r.dialogue().speakerUtterance().strip() + "\n"
                            + r.response(c).text().strip())).toList());
            assertThat(evaluation.rows().get(c.equals("human") ? 0 : 1).levels()).isEqualTo(crowd);
            assertThat(evaluation.rows().get(c.equals("human") ? 2 : 3).levels()).isEqualTo(byJudge);
        }
        assertThat(evaluation.rows().get(4).levels()).containsExactly(0L, 0L, 64L);
        assertThat(evaluation.rows().get(5).levels()).containsExactly(342L, 672L, 986L);
        assertThat(evaluation.rows().get(7).levels()).isNull();
        assertThat(evaluation.rows().get(7).good()).isEqualTo(1219);
        assertThat(evaluation.failures()).isZero();
        assertThat(evaluation.calibration().agreement().units()).isEqualTo(128);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NewModelEvaluation.print(evaluation, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("new-model                judge                64      0      0     64  100.0%")
                .contains("human                    published          2000    342    672    986   49.3%")
                .contains("new-model vs human (both rated by the judge)");
    }

    private static List<Long> counts(List<Integer> values) {
        long[] counts = new long[3];
        values.forEach(v -> counts[v - 1]++);
        return List.of(counts[0], counts[1], counts[2]);
    }
}
