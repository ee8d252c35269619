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
