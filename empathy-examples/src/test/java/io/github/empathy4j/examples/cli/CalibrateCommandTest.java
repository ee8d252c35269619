package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.examples.FakeOpenAi;
import io.github.empathy4j.stats.agreement.Agreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A judge that answers the crowd's rating for most replies and another level for every seventh, so that the
 * agreement is known by construction: the test counts the confusion matrix itself and computes the weighted kappas
 * with the textbook formula.
 */
class CalibrateCommandTest {

    static final FakeOpenAi FAKE = new FakeOpenAi();

    @RegisterExtension
    static final WireMockExtension SERVER = FAKE.server();

    @TempDir
    Path out;

    @Test
    void reportsTheJudgesAgreementWithTheCrowdAndTheOrderOfTheConditions() {
        Path file = Path.of(System.getProperty("empathy.shared.data", "../shared/data"), "welivita-pu-2024",
                "dataset_and_ratings.csv");
        assumeTrue(Files.exists(file), "the release is not in the shared data folder");
        ReleaseDataset release = ReleaseDataset.read(file);
        Map<String, Integer> answers = new HashMap<>();
        int n = 0;
        for (ReleaseDataset.Row row : release.rows()) {
            for (ReleaseDataset.Response r : row.responses()) {
                int value = n++ % 7 == 0 ? r.rating() % 3 + 1 : r.rating();
                answers.put(row.dialogue().speakerUtterance().strip() + "\n" + r.text().strip(), value);
            }
        }
        FAKE.model("judge", prompt -> FakeOpenAi.rating(RatingScale.STUDY.single().level(answers.get(
                FakeOpenAi.speakerTurn(prompt) + "\n" + FakeOpenAi.ratedReply(prompt))).label()));
        FakeOpenAi.stub(SERVER);

        Cli.Outcome run = Cli.run("calibrate", "--release", file.toString(), "--judge",
                "openai-compatible:judge?baseUrl=" + SERVER.baseUrl() + "/v1", "--sample", "64", "--seed", "5",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Set<String> sample = Set.copyOf(release.dialogues().sample(64, 5).ids());
        long[][] confusion = new long[3][3];
        List<double[]> units = new ArrayList<>();
        double ownDifference = 0;
        int own = 0;
        for (ReleaseDataset.Row row : release.rows()) {
            if (sample.contains(row.dialogue().id())) {
                for (ReleaseDataset.Response r : row.responses()) {
                    int judged = answers.get(row.dialogue().speakerUtterance().strip() + "\n" + r.text().strip());
                    confusion[r.rating() - 1][judged - 1]++;
                    units.add(new double[] {r.rating(), judged});
                    if (!r.condition().equals(ReleaseDataset.HUMAN)) {
                        ownDifference += judged - r.rating();
                        own++;
                    }
                }
            }
        }
        String output = run.out();
        assertThat(output).contains("against the crowd on 192 replies");
        for (int i = 0; i < 3; i++) {
            assertThat(output).containsPattern(String.format(Locale.ROOT, "\\n%s\\s+%d\\s+%d\\s+%d\\n",
                    List.of("Bad", "Okay", "Good").get(i), confusion[i][0], confusion[i][1], confusion[i][2]));
        }
        assertThat(output).containsPattern(String.format(Locale.ROOT, "Cohen's kappa, quadratic weights\\s+%.4f",
                kappa(confusion, true)));
        assertThat(output).containsPattern(String.format(Locale.ROOT, "Cohen's kappa, linear weights\\s+%.4f",
                kappa(confusion, false)));
        double alpha = Agreement.krippendorffAlpha(units.toArray(double[][]::new), Agreement.Metric.ORDINAL);
        assertThat(output).containsPattern(String.format(Locale.ROOT, "Krippendorff's alpha \\(ordinal\\)\\s+%.4f",
                alpha));

        Cli.Outcome json = Cli.run("calibrate", "--release", file.toString(), "--judge",
                "openai-compatible:judge?baseUrl=" + SERVER.baseUrl() + "/v1", "--sample", "64", "--seed", "5",
                "--out", out.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.json().at("/calibration/agreement/alphaOrdinal").asDouble()).isCloseTo(alpha,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(output).containsPattern("Order by mean: crowd [a-z0-9 >-]+, judge [a-z0-9 >-]+; same: (yes|no)");
        // the diagnostics: the judge's spec names no known maker, so its family is its provider's and it has no
        // own-family replies; the ceiling is not available (one crowd rating per reply)
        JsonNode diagnostics = json.json().path("diagnostics");
        assertThat(diagnostics.path("alphaOrdinal").path("value").asDouble()).isCloseTo(alpha,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(diagnostics.path("ceiling").path("unavailable").asText()).contains("one per reply");
        assertThat(diagnostics.path("selfPreference").path("ownReplies").asInt()).isZero();
        assertThat(diagnostics.path("family").asText()).isEqualTo("openai-compatible");
        assertThat(output).contains("Judges against the crowd", "Ceiling n/a: no reply has two or more");
        Cli.Outcome asOpenAi = Cli.run("calibrate", "--release", file.toString(), "--judge",
                "openai-compatible:judge?baseUrl=" + SERVER.baseUrl() + "/v1", "--sample", "64", "--seed", "5",
                "--out", out.toString(), "--format", "json", "--bootstrap", "50", "--family", "openai");
        assertThat(asOpenAi.exitCode()).as(asOpenAi.err()).isZero();
        assertThat(asOpenAi.json().at("/diagnostics/bootstrapResamples").asInt()).isEqualTo(50);
        // GPT-4's replies (both prompts) are openai's: the judge's mean minus the crowd's, counted above
        assertThat(asOpenAi.json().at("/diagnostics/selfPreference/ownReplies").asInt()).isEqualTo(own);
        assertThat(asOpenAi.json().at("/diagnostics/selfPreference/meanDifference/value").asDouble())
                .isCloseTo(ownDifference / own, org.assertj.core.data.Offset.offset(1e-12));
    }

    /** Weighted kappa, {@code (sum w p - sum w r c) / (1 - sum w r c)}, with quadratic or linear weights. */
    private static double kappa(long[][] table, boolean quadratic) {
        double total = 0;
        double[] rows = new double[3];
        double[] columns = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                total += table[i][j];
                rows[i] += table[i][j];
                columns[j] += table[i][j];
            }
        }
        double observed = 0;
        double chance = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double d = Math.abs(i - j) / 2.0;
                double w = quadratic ? 1 - d * d : 1 - d;
                observed += w * table[i][j] / total;
                chance += w * rows[i] / total * columns[j] / total;
            }
        }
        return (observed - chance) / (1 - chance);
    }
}
