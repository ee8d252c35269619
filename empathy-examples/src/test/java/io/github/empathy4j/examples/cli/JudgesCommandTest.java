package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ModelSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.Rating;
import java.io.IOException;
import java.nio.file.Files;
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
        write(12);
    }

    /** The run with crowd ratings of the dialogues before {@code crowded} only. */
    private void write(int crowded) {
        TestRuns.create(run);
        List<Rating> ratings = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = String.format(Locale.ROOT, "t%02d", i);
            for (String c : List.of("human", "echo")) {
                int a = majority(c, i);
                if (i < crowded) {
                    ratings.add(new Rating(c, id, "p1", "study", "empathy", a, null, "b1"));
                }
                if (i < 6 && i < crowded) {
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

    /**
     * Pairwise verdicts of human against echo (family openai, as the journal records) in both orders: judge
     * "openai:gpt-4o" prefers echo in both orders on t00..t06 and t10, t11, flips with the order on t07 (a tie), ties
     * on t08 and prefers human on t09; "anthropic:claude-sonnet-4" ties everywhere.
     */
    private void writePairwise() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            String id = String.format(Locale.ROOT, "t%02d", i);
            // the reply shown first (A) and the verdict in each order: human first, then echo first
            String humanFirst = i == 8 ? "tie" : i == 9 || i == 7 ? "A" : "B";
            String echoFirst = i == 8 ? "tie" : i == 9 ? "B" : "A";
            lines.append(verdict(id, "human", "echo", "openai:gpt-4o", "openai", humanFirst))
                    .append(verdict(id, "echo", "human", "openai:gpt-4o", "openai", echoFirst))
                    .append(verdict(id, "human", "echo", "anthropic:claude-sonnet-4", "anthropic", "tie"))
                    .append(verdict(id, "echo", "human", "anthropic:claude-sonnet-4", "anthropic", "tie"));
        }
        Files.writeString(run.resolve("pairwise.jsonl"), lines);
    }

    private static String verdict(String id, String a, String b, String judge, String family, String choice) {
        return String.format(Locale.ROOT, "{\"dialogueId\":\"%s\",\"conditionA\":\"%s\",\"conditionB\":\"%s\","
                + "\"judge\":\"%s\",\"verdict\":\"%s\",\"judgeFamily\":\"%s\",\"authorA\":\"%s\","
                + "\"authorB\":\"%s\",\"wordsA\":3,\"wordsB\":5,\"maxWords\":0}%n", id, a, b, judge, choice,
                family, a.equals("human") ? "human" : "openai", b.equals("human") ? "human" : "openai");
    }

    @Test
    void pairwiseJudgesSelfPreferenceAgainstTheCrowdIsShownInEveryFormat() throws IOException {
        write(10); // t10, t11 without crowd ratings: their pairs do not enter
        writePairwise();
        // By hand, echo the focal reply (openai, the LLM) on t00..t09; crowd majority human 1 + i % 3, echo
        // 3 - i % 2: crowd scores 1, .5, .5, 1, 1, 0, 1, .5, .5, 1; gpt-4o's 1 (t00..t06), .5 (t07 flipped), .5, 0.
        // R: mean(c(1,1,1,1,1,1,1,.5,.5,0)) - mean(c(1,.5,.5,1,1,0,1,.5,.5,1)) -> 0.8 - 0.7 = 0.1;
        //    claude (always a tie): 0.5 - 0.7 = -0.2
        Cli.Outcome o = Cli.run("judges", run.toString(), "--bootstrap", "200", "--format", "json");
        assertThat(o.exitCode()).as(o.err()).isZero();
        JsonNode self = o.json().path("pairwiseSelfPreference");
        assertThat(self).hasSize(2);
        JsonNode claude = self.get(0);
        JsonNode gpt = self.get(1);
        assertThat(gpt.path("judge").asText()).isEqualTo("openai:gpt-4o");
        assertThat(gpt.path("family").asText()).isEqualTo("openai");
        assertThat(List.of(gpt.path("pairs").asInt(), gpt.path("crowdPairs").asInt(), gpt.path("dialogues").asInt()))
                .containsExactly(12, 10, 10);
        for (String kind : List.of("ownFamily", "llmOverHuman")) {
            JsonNode p = gpt.path(kind);
            assertThat(p.path("pairs").asInt()).isEqualTo(10);
            assertThat(p.path("judgeScore").asDouble()).isCloseTo(0.8, within(1e-12));
            assertThat(p.path("crowdScore").asDouble()).isCloseTo(0.7, within(1e-12));
            assertThat(p.path("difference").path("value").asDouble()).isCloseTo(0.1, within(1e-12));
            assertThat(p.path("difference").path("interval").path("lower").asDouble()).isLessThan(0.1);
            assertThat(p.path("difference").path("interval").path("upper").asDouble()).isGreaterThan(0.1);
        }
        assertThat(claude.path("llmOverHuman").path("difference").path("value").asDouble()).isCloseTo(-0.2,
                within(1e-12));
        assertThat(claude.path("ownFamily").path("pairs").asInt()).isZero();
        assertThat(claude.path("ownFamily").path("unavailable").asText())
                .isEqualTo("no pair of a reply of the judge's family (anthropic) with another author's reply");

        Cli.Outcome text = Cli.run("judges", run.toString(), "--bootstrap", "200", "--format", "markdown");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("Self-preference in pairwise verdicts",
                "| openai:gpt-4o | own family (openai) | 10 | 0.800 | 0.700 | +0.100 [",
                "| openai:gpt-4o | LLM over human | 10 | 0.800 | 0.700 | +0.100 [",
                "| anthropic:claude-sonnet-4 | LLM over human | 10 | 0.500 | 0.700 | -0.200 [",
                "not available: no pair of a reply of the judge's family (anthropic)",
                "Positive judge - crowd: the judge favours its family (or LLMs) more than the crowd did.");

        Cli.Outcome report = Cli.run("report", run.toString(), "--rater", "openai:gpt-4o", "--bootstrap", "100");
        assertThat(report.exitCode()).as(report.err()).isZero();
        Path dir = run.resolve("report");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Pairwise verdicts",
                "Self-preference in pairwise verdicts", "| openai:gpt-4o | own family (openai) | 10 | 0.800 | 0.700 |"
                        + " +0.100 [");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("Self-preference in pairwise verdicts")
                .containsPattern("<td[^>]*>openai:gpt-4o</td>\\s*<td[^>]*>own family \\(openai\\)</td>\\s*<td[^>]*>10"
                        + "</td>\\s*<td[^>]*>0.800</td>\\s*<td[^>]*>0.700</td>\\s*<td[^>]*>\\+0.100 \\[");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.path("pairwiseSelfPreference").get(1).path("ownFamily").path("difference").path("value")
                .asDouble()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void withoutCrowdRatingsTheReportSaysThePairwiseSelfPreferenceIsNotAvailable() throws IOException {
        write(0);
        writePairwise();
        Cli.Outcome report = Cli.run("report", run.toString(), "--rater", "openai:gpt-4o", "--bootstrap", "50");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readString(run.resolve("report").resolve("report.md"))).contains(
                "| openai:gpt-4o | LLM over human | 0 | n/a | n/a | not available: no pair with crowd ratings on both"
                        + " replies |");
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
