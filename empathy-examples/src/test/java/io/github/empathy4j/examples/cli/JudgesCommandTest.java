package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ModelSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.Rating;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of twelve dialogues (human and echo, {@link TestRuns}) with crowd ratings, two per reply for t00..t05, and
 * two judges: "openai:gpt-4o", which rates echo's replies one level above the crowd's majority (at most Good) and
 * human replies as the crowd, and "anthropic:claude-sonnet-4", which rates every reply as the crowd's majority.
 * Crowd: human i 1 + i % 3, echo i 3 - i % 2; the second rating of t00..t05 is the first plus i % 2 (at most 3);
 * a majority of two different ratings is the lower.
 */
class JudgesCommandTest {

    @TempDir
    Path run;

    private static int majority(String condition, int i) {
        return condition.equals("human") ? 1 + i % 3 : 3 - i % 2;
    }

    private void write() {
        TestRuns.create(run);
        List<Rating> ratings = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = String.format(Locale.ROOT, "t%02d", i);
            for (String c : List.of("human", "echo")) {
                int a = majority(c, i);
                ratings.add(new Rating(c, id, "p1", "study", "empathy", a, null, "b1"));
                if (i < 6) {
                    ratings.add(new Rating(c, id, "p2", "study", "empathy", Math.min(3, a + i % 2), null, "b2"));
                }
                ratings.add(new Rating(c, id, "openai:gpt-4o", "study", "empathy",
                        c.equals("echo") ? Math.min(3, a + 1) : a, null, null));
                ratings.add(new Rating(c, id, "anthropic:claude-sonnet-4", "study", "empathy", a, null, null));
            }
        }
        Cli.writeRatings(run.resolve("ratings.jsonl"), ratings);
    }

    @Test
    void comparesEveryJudgeWithTheCrowdAndTheCeiling() {
        write();
        Cli.Outcome o = Cli.run("judges", run.toString(), "--family", "echo=openai", "--bootstrap", "200",
                "--format", "json");

        assertThat(o.exitCode()).as(o.err()).isZero();
        JsonNode judges = o.json().path("judges");
        assertThat(judges).hasSize(2);
        JsonNode fond = judges.get(0);
        JsonNode fair = judges.get(1);
        assertThat(fond.path("judge").asText()).isEqualTo("openai:gpt-4o");
        assertThat(fond.path("family").asText()).isEqualTo("openai");
        assertThat(fair.path("family").asText()).isEqualTo("anthropic");
        assertThat(fond.path("crowdReplies").asInt()).isEqualTo(24);
        // the fair judge is the crowd's majority: perfect agreement
        assertThat(fair.path("alphaOrdinal").path("value").asDouble()).isCloseTo(1, within(1e-12));
        assertThat(fair.path("quadraticKappa").path("value").asDouble()).isCloseTo(1, within(1e-12));
        // python: alpha_ordinal (itertools.permutations coincidences) of the 12 replies with two crowd ratings
        //   -> 0.4996265172735761
        assertThat(fond.path("ceiling").path("replies").asInt()).isEqualTo(12);
        assertThat(fond.path("ceiling").path("alphaOrdinal").path("value").asDouble())
                .isCloseTo(0.4996265172735761, within(1e-12));
        // echo (family openai): the fond judge is one level above the crowd on the 6 echo replies the crowd rated
        // Okay (i odd), equal on the 6 rated Good: mean difference 6 / 12 = 0.5; the LLM-human gap grows as much
        JsonNode self = fond.path("selfPreference");
        assertThat(self.path("ownReplies").asInt()).isEqualTo(12);
        assertThat(self.path("meanDifference").path("value").asDouble()).isCloseTo(0.5, within(1e-15));
        assertThat(self.path("gapDifference").path("value").asDouble()).isCloseTo(0.5, within(1e-15));
        assertThat(self.path("meanDifference").path("interval").path("lower").asDouble()).isPositive();
        assertThat(fair.path("selfPreference").path("ownReplies").asInt()).isZero();
        assertThat(fond.path("judgeLength").path("n").asInt()).isEqualTo(24);
    }

    @Test
    void printsTheTablesAndNamesAMissingJudge() {
        write();
        Cli.Outcome text = Cli.run("judges", run.toString(), "--bootstrap", "50");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("Judges against the crowd", "ceiling alpha", "tau length judge",
                "Against the baseline, with and without reply length", "openai:gpt-4o", "anthropic:claude-sonnet-4");

        Cli.Outcome missing = Cli.run("judges", run.toString(), "--judge", "google:gemini");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--judge 'google:gemini' has no rating").contains("openai:gpt-4o");
    }

    @Test
    void theRunsReportShowsTheJudgesAgainstTheCrowd() throws java.io.IOException {
        write();
        Cli.Outcome o = Cli.run("report", run.toString(), "--rater", "openai:gpt-4o", "--bootstrap", "100");
        assertThat(o.exitCode()).as(o.err()).isZero();
        String md = java.nio.file.Files.readString(run.resolve("report").resolve("report.md"));
        assertThat(md).contains("## LLM judges against the crowd", "Judges against the crowd",
                "| openai:gpt-4o | openai |", "| anthropic:claude-sonnet-4 | anthropic |");
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                run.resolve("report").resolve("report.json").toFile());
        assertThat(json.path("judges")).hasSize(2);
        assertThat(json.path("judges").get(1).path("alphaOrdinal").path("value").asDouble()).isCloseTo(1,
                within(1e-12));
    }

    @Test
    void modelFamiliesComeFromTheSpecs() {
        assertThat(ModelSpec.family("openai:gpt-4o")).isEqualTo("openai");
        assertThat(ModelSpec.family("azure:o3-mini?endpoint=x")).isEqualTo("openai");
        assertThat(ModelSpec.family("ollama:llama3.1:8b")).isEqualTo("meta");
        assertThat(ModelSpec.family("anthropic:claude-sonnet-4")).isEqualTo("anthropic");
        assertThat(ModelSpec.family("openrouter:google/gemma-2-9b")).isEqualTo("google");
        assertThat(ModelSpec.family("mystery:model-x")).isEqualTo("mystery");
        assertThat(JudgeInputs.words("  one two\nthree  ")).isEqualTo(3);
    }
}
