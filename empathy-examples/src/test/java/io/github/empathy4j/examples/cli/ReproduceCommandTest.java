package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.stats.PublishedResults;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReproduceCommandTest {

    static Path release() {
        Path file = Path.of(System.getProperty("empathy.shared.data", "../../shared/data"), "welivita-pu-2024",
                "dataset_and_ratings.csv");
        assumeTrue(Files.isRegularFile(file), "the shared reference data is absent: " + file);
        return file;
    }

    @Test
    void printsThePublishedTableWithThePapersFiguresBeside() {
        Cli.Outcome outcome = Cli.run("reproduce");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.err()).isEmpty();
        // each LLM row: our chi-square and the paper's, the same to two decimals
        assertThat(outcome.out())
                .containsPattern("gpt-4 +2000 +142 +563 +1295 +64\\.75% .* \\+31\\.3% +96\\.77 .* \\*\\*\\*"
                        + " +96\\.77 +\\+31\\.3%")
                .containsPattern("llama-2-70b-chat .* \\+23\\.6% +54\\.40 .* 54\\.40")
                .containsPattern("mixtral-8x7b-instruct .* \\+20\\.9% +42\\.36 .* 42\\.36")
                .containsPattern("gemini-1\\.0-pro .* \\+9\\.6% +8\\.85 .* \\*\\* +8\\.85")
                .contains("Positive emotions", "Negative emotions")
                .containsPattern("gemini-1\\.0-pro +881 .* 1\\.54 .* ns +1\\.54")
                .contains("needs N = 253 participants (paper: 253)");
    }

    @Test
    void jsonMatchesEveryPublishedChiSquare() {
        JsonNode json = Cli.run("reproduce", "--format", "json").json();

        for (PublishedResults.Figure f : PublishedResults.figures()) {
            if (f.chiSquare() == null) {
                continue;
            }
            JsonNode group = f.group().equals("overall") ? json.path("published").path("overall")
                    : find(json.path("published").path("valences"), "group", f.group());
            JsonNode comparison = find(group.path("comparisons"), "condition", f.condition());
            assertThat(comparison.path("yates").path("statistic").asDouble()).as(f.toString())
                    .isCloseTo(f.chiSquare(), within(0.005));
        }
        assertThat(json.path("power").path("sampleSize").asLong()).isEqualTo(253);
        assertThat(json.path("paper")).hasSize(PublishedResults.figures().size());
        assertThat(json.path("release").isNull()).isTrue();
    }

    @Test
    void markdownHasPipeTables() {
        Cli.Outcome outcome = Cli.run("reproduce", "--format", "markdown");

        assertThat(outcome.out()).startsWith("## Welivita & Pu (2024)").contains("### Overall")
                .contains("| gpt-4 | 2000 | 142 | 563 | 1295 | 64.75% |");
    }

    @Test
    void theReleaseAddsEmotionsHolmAndTheOmnibusTests() {
        Cli.Outcome outcome = Cli.run("reproduce", "--release", release().toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("The released ratings", "By emotion: gpt-4 vs human",
                "By emotion: gpt-4-plain vs human", "p (Holm)", "Across all conditions", "Kruskal-Wallis",
                "Pairs of conditions (Dunn)", "Mann-Whitney")
                // the release's own counts (data README: rating_chatgpt = 156/576/1268)
                .containsPattern("gpt-4-plain +2000 +156 +576 +1268 +63\\.40%")
                .containsPattern("apprehensive +negative +63 .*\\*\\*\\*");
    }

    @Test
    void theReleaseInJsonHasEveryEmotion() {
        JsonNode json = Cli.run("reproduce", "--release", release().toString(), "--format", "json").json();

        JsonNode analysis = json.path("release");
        assertThat(analysis.path("conditions").toString()).isEqualTo("[\"human\",\"gpt-4\",\"gpt-4-plain\"]");
        assertThat(analysis.path("emotions")).hasSize(32);
        assertThat(analysis.path("overall").path("dialogues").asInt()).isEqualTo(2000);
        JsonNode gpt4 = find(analysis.path("overall").path("comparisons"), "condition", "gpt-4");
        assertThat(gpt4.path("yates").path("statistic").asDouble()).isCloseTo(96.77, within(0.005));
        assertThat(json.path("releaseFile").asText()).endsWith("dataset_and_ratings.csv");
    }

    @Test
    void theReleaseAddsThePairedTestsEffectSizesAndRaterAwareEstimates() {
        Cli.Outcome text = Cli.run("reproduce", "--release", release().toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("Paired on the same dialogues, against human", "Paired across all conditions",
                "Effect sizes against human (95% CI)", "Association with human", "Power against human",
                "Rater-aware estimates against human, overall (6,000 ratings, 600 raters)",
                "logit, clustered by rater", "mixed model (cumulative logit)", "Why the clustered interval is wider")
                // McNemar on the release: R mcnemar.test, 94.58 (empathy-stats' study-design/release-paired.out)
                .containsPattern("overall +gpt-4 +2,000 +656 +347 +94\\.58")
                // the rater-clustered standard error is 25% above the naive one (0.0806 / 0.0647, sandwich::vcovCL)
                .contains("by 25%");

        JsonNode json = Cli.run("reproduce", "--release", release().toString(), "--format", "json").json();
        JsonNode analysis = json.path("release");
        JsonNode gpt4 = find(analysis.path("overall").path("comparisons"), "condition", "gpt-4");
        // R: mcnemar.test(table(gpt4 == 3, human == 3)) paired by dialogue
        assertThat(gpt4.path("paired").path("mcNemar").path("statistic").asDouble())
                .isCloseTo(94.580259222332998, within(1e-9));
        assertThat(gpt4.path("effects").path("riskDifference").path("value").asDouble()).isCloseTo(0.1545,
                within(1e-12));
        JsonNode aware = analysis.path("raterAware");
        assertThat(aware.path("clusteredBy").asText()).isEqualTo("rater");
        // R: coeftest(glm, vcov. = vcovCL(fit, cluster = ~ rater)) (empathy-stats' clustered-logit/release.R)
        assertThat(aware.path("clustered").get(0).path("standardError").asDouble())
                .isCloseTo(0.08063667547677715, within(1e-9));
        // R ordinal::clmm on the release (empathy-stats' clmm/release.out), always fitted by reproduce
        assertThat(aware.path("mixedModel").path("effects").get(0).path("estimate").asDouble())
                .isCloseTo(0.791251757460584, within(1e-4));
    }

    @Test
    void aMissingReleaseIsOneLine() {
        Cli.Outcome outcome = Cli.run("reproduce", "--release", "no/such/release.csv");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: ").contains("no/such/release.csv").doesNotContain("\tat ");
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no " + field + " = " + value + " in " + array);
    }
}
