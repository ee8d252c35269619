package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code compare} and {@code report} on a run folder with synthetic ratings. */
class CompareAndReportTest {

    @TempDir
    Path run;

    private final List<Rating> ratings = new ArrayList<>();

    /** Four dialogues per emotion; human rated 1, 2, 3, 3 and model m rated 3, 3, 3, 2 in every emotion. */
    @BeforeEach
    void writeRun() {
        DialogueSet dialogues = Cli.dialogues(4);
        Cli.writeDialogues(run.resolve("dialogues.jsonl"), dialogues);
        int[] human = {1, 2, 3, 3};
        int[] model = {3, 3, 3, 2};
        for (Dialogue d : dialogues.dialogues()) {
            int i = Integer.parseInt(d.id().substring(d.id().lastIndexOf('-') + 1));
            ratings.add(Cli.rating("human", d.id(), human[i]));
            ratings.add(Cli.rating("m", d.id(), model[i]));
        }
        Cli.writeRatings(run.resolve("ratings.jsonl"), ratings);
    }

    @Test
    void conditionsKeepTheRunsOrderNotTheShuffledOrderOfTheRatings() throws IOException {
        Path ordered = Files.createDirectories(run.resolve("ordered"));
        DialogueSet dialogues = Cli.dialogues(2);
        Cli.writeDialogues(ordered.resolve("dialogues.jsonl"), dialogues);
        Files.writeString(ordered.resolve("run.json"), "{\"started\": \"2026-01-01T00:00:00Z\", \"dataset\":"
                + " {\"description\": \"test\", \"dialogues\": 64}, \"conditions\": [{\"name\": \"human\"},"
                + " {\"name\": \"zeta\"}, {\"name\": \"alpha\"}, {\"name\": \"mid\"}]}");
        List<Rating> shuffled = new ArrayList<>();
        for (Dialogue d : dialogues.dialogues()) {
            for (String condition : List.of("mid", "alpha", "human", "zeta")) {
                shuffled.add(Cli.rating(condition, d.id(), 1 + Math.floorMod(d.id().hashCode(), 3)));
            }
        }
        Cli.writeRatings(ordered.resolve("ratings.jsonl"), shuffled);

        JsonNode json = Cli.run("compare", ordered.toString(), "--format", "json", "--bootstrap", "0").json();
        Cli.Outcome report = Cli.run("report", ordered.toString(), "--bootstrap", "0");

        assertThat(json.path("conditions").toString()).isEqualTo("[\"human\",\"zeta\",\"alpha\",\"mid\"]");
        assertThat(report.exitCode()).as(report.err()).isZero();
        String markdown = Files.readString(ordered.resolve("report").resolve("report.md"));
        assertThat(markdown).contains("conditions human, zeta, alpha, mid (baseline human)");
    }

    @Test
    void compareCountsEveryConditionAgainstTheBaseline() {
        JsonNode json = Cli.run("compare", run.toString(), "--format", "json", "--bootstrap", "200").json();

        assertThat(json.path("baseline").asText()).isEqualTo("human");
        assertThat(json.path("conditions").toString()).isEqualTo("[\"human\",\"m\"]");
        assertThat(json.path("bootstrapResamples").asInt()).isEqualTo(200);
        JsonNode overall = json.path("overall");
        assertThat(overall.path("dialogues").asInt()).isEqualTo(128);
        assertThat(overall.path("conditions").get(0).path("counts").toString()).isEqualTo("[32,32,64]");
        assertThat(overall.path("conditions").get(1).path("counts").toString()).isEqualTo("[0,32,96]");
        assertThat(overall.path("comparisons").get(0).path("relativeIncrease").asDouble()).isEqualTo(0.5);
        assertThat(json.path("emotions")).hasSize(32);
    }

    @Test
    void compareInTextHasEveryTable() {
        Cli.Outcome outcome = Cli.run("compare", run.toString(), "--bootstrap", "0");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("Comparison against human", "Overall (128 dialogues)",
                "Positive emotions (56 dialogues)", "By emotion: m vs human", "Across all conditions")
                .containsPattern("m +128 +0 +32 +96 +75\\.00% .* \\+50\\.0%");
    }

    @Test
    void anotherBaselineComesFirst() {
        JsonNode json = Cli.run("compare", run.toString(), "--baseline", "m", "--bootstrap", "0", "--format", "json")
                .json();

        assertThat(json.path("conditions").toString()).isEqualTo("[\"m\",\"human\"]");
        assertThat(json.path("overall").path("comparisons").get(0).path("relativeIncrease").asDouble())
                .isEqualTo(64.0 / 96 - 1);
    }

    @Test
    void publishedCountsJoinAsCountBasedConditions() {
        JsonNode json = Cli.run("compare", run.toString(), "--published", "--format", "json").json();

        assertThat(json.path("conditions").toString()).isEqualTo("[\"human\",\"m\",\"published:human\","
                + "\"published:gpt-4\",\"published:llama-2-70b-chat\",\"published:mixtral-8x7b-instruct\","
                + "\"published:gemini-1.0-pro\"]");
        assertThat(json.path("emotions")).isEmpty();
        assertThat(json.path("valences")).hasSize(2);
        assertThat(json.path("bootstrapResamples").asInt()).isZero();
        JsonNode gpt4 = ReproduceCommandTest.find(json.path("overall").path("conditions"), "condition",
                "published:gpt-4");
        assertThat(gpt4.path("successes").asLong()).isEqualTo(1295);
    }

    @Test
    void theReleasesRatingsOfTheSameDialoguesJoinTheComparison() {
        ReleaseDataset release = ReleaseDataset.read(ReproduceCommandTest.release());
        DialogueSet sample = release.dialogues().sample(64, 11);
        Cli.writeDialogues(run.resolve("dialogues.jsonl"), sample);
        List<Rating> judged = sample.dialogues().stream().map(d -> Cli.rating("human", d.id(), 2)).toList();
        Cli.writeRatings(run.resolve("ratings.jsonl"), judged);
        Set<String> ids = Set.copyOf(sample.ids());
        long good = release.ratings(ReleaseDataset.GPT_4).stream()
                .filter(r -> ids.contains(r.dialogueId()) && r.value() == 3).count();

        JsonNode json = Cli.run("compare", run.toString(), "--release", ReproduceCommandTest.release().toString(),
                "--bootstrap", "0", "--format", "json").json();

        assertThat(json.path("conditions").toString())
                .isEqualTo("[\"human\",\"release:human\",\"release:gpt-4\",\"release:gpt-4-plain\"]");
        JsonNode gpt4 = ReproduceCommandTest.find(json.path("overall").path("conditions"), "condition",
                "release:gpt-4");
        assertThat(gpt4.path("n").asInt()).isEqualTo(64);
        assertThat(gpt4.path("successes").asLong()).isEqualTo(good);
    }

    @Test
    void marginAddsEquivalenceAndNonInferiorityForACheck() {
        // m: 96 Good of 128; human: 64 of 128
        Cli.Outcome shown = Cli.run("compare", run.toString(), "--bootstrap", "0", "--margin", "0.05",
                "--require-non-inferior");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("Power and equivalence against human", "TOST p", "non-inferior");

        Cli.Outcome notShown = Cli.run("compare", run.toString(), "--bootstrap", "0", "--baseline", "m", "--margin",
                "0.05", "--require-non-inferior", "--format", "json");
        assertThat(notShown.exitCode()).isEqualTo(CompareCommand.NOT_NON_INFERIOR);
        assertThat(notShown.err()).startsWith("empathy: human is not shown non-inferior to m with margin 0.05:"
                + " difference -0.2500");
        JsonNode equivalence = notShown.json().path("overall").path("comparisons").get(0).path("equivalence");
        assertThat(equivalence.path("margin").asDouble()).isEqualTo(0.05);
        assertThat(equivalence.path("lowerP").asDouble()).isGreaterThan(0.5);
        assertThat(notShown.json().path("margin").asDouble()).isEqualTo(0.05);
    }

    @Test
    void marginOptionsAreChecked() {
        Cli.Outcome withoutMargin = Cli.run("compare", run.toString(), "--require-non-inferior");
        assertThat(withoutMargin.exitCode()).isEqualTo(2);
        assertThat(withoutMargin.err()).contains("--require-non-inferior needs --margin M");
        Cli.Outcome outside = Cli.run("compare", run.toString(), "--margin", "1.5");
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err()).contains("--margin 1.5 must lie in (0, 1)");
    }

    @Test
    void aJudgesRatingsAreClusteredByDialogueAndHaveNoMixedModel() {
        JsonNode json = Cli.run("compare", run.toString(), "--bootstrap", "0", "--mixed-model", "--format", "json")
                .json();
        JsonNode aware = json.path("raterAware");
        assertThat(aware.path("clusteredBy").asText()).isEqualTo("dialogue");
        assertThat(aware.path("clusters").asInt()).isEqualTo(128);
        assertThat(aware.path("mixedModel").isNull()).isTrue();
        assertThat(aware.path("notes").get(0).asText()).contains("no rater identity");
        JsonNode paired = json.path("overall").path("comparisons").get(0).path("paired");
        // every dialogue: human 1,2,3,3 and m 3,3,3,2 -> m alone Good on 2 of 4, human alone on 1 of 4
        assertThat(paired.path("pairs").asInt()).isEqualTo(128);
        assertThat(paired.path("conditionOnly").asInt()).isEqualTo(64);
        assertThat(paired.path("baselineOnly").asInt()).isEqualTo(32);
        // exact: (|64 - 32| - 1)^2 / (64 + 32), R mcnemar.test(matrix(c(64, 32, 64, 0), 2))
        assertThat(paired.path("mcNemar").path("statistic").asDouble()).isCloseTo(961.0 / 96, within(1e-12));
    }

    @Test
    void reportShowsTheDesignSectionAndItsJson() throws IOException {
        Cli.Outcome outcome = Cli.run("report", run.toString(), "--bootstrap", "0", "--margin", "0.1");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        Path report = run.resolve("report");
        assertThat(Files.readString(report.resolve("report.md"))).contains(
                "## The study's design: paired dialogues, effect sizes, raters", "Paired on the same dialogues",
                "Effect sizes against human", "Power and equivalence against human", "Rater-aware estimates");
        assertThat(Files.readString(report.resolve("report.html"))).contains("Paired across all conditions");
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.resolve("report.json")
                .toFile());
        assertThat(json.path("raterAware").path("clustered").isArray()).isTrue();
        assertThat(json.path("overall").path("comparisons").get(0).path("equivalence").path("margin").asDouble())
                .isEqualTo(0.1);
        assertThat(json.path("overall").path("omnibus").path("cochranQ").path("p").path("family").asText())
                .isEqualTo("overall, cochranQ across conditions");
    }

    @Test
    void reportWritesTheFolderAndListsItsFiles() {
        JsonNode json = Cli.run("report", run.toString(), "--bootstrap", "100", "--format", "json").json();

        Path report = run.resolve("report");
        assertThat(json.path("directory").asText()).isEqualTo(report.toString());
        List<String> files = new ArrayList<>();
        json.path("files").forEach(f -> files.add(f.asText()));
        assertThat(files).startsWith(report.resolve("report.md").toString(), report.resolve("report.html").toString(),
                report.resolve("report.json").toString()).contains(report.resolve("emotions-m.png").toString());
        assertThat(files).allMatch(f -> Files.isRegularFile(Path.of(f)));
    }

    @Test
    void withoutRatingsCompareSaysWhatToDo() throws IOException {
        Files.delete(run.resolve("ratings.jsonl"));

        Cli.Outcome outcome = Cli.run("compare", run.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: " + run + " has no ratings yet (ratings.jsonl)");
    }

    @Test
    void withoutDialoguesReportSaysWhatToDo() throws IOException {
        Files.delete(run.resolve("dialogues.jsonl"));

        Cli.Outcome outcome = Cli.run("report", run.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: " + run + " has no dialogues.jsonl");
    }

    @Test
    void aMissingFolderIsNamed() {
        Cli.Outcome outcome = Cli.run("report", run.resolve("nope").toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("empathy: no run folder " + run.resolve("nope") + System.lineSeparator());
    }

    @Test
    void ratingsOnSeveralScalesNeedAChoice() throws IOException {
        Files.writeString(run.resolve("ratings.jsonl"), "{\"condition\":\"m\",\"dialogueId\":\"sad-0\","
                + "\"rater\":\"j\",\"scale\":\"likert5\",\"dimension\":\"empathy\",\"value\":4}\n",
                StandardOpenOption.APPEND);

        Cli.Outcome outcome = Cli.run("compare", run.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("has ratings on the scales [likert5, study]; choose one with --scale");
    }

    @Test
    void aBadRatingLineIsNamed() throws IOException {
        String lines = ratings.stream().limit(2).map(r -> "{\"condition\":\"" + r.condition() + "\"}")
                .collect(Collectors.joining("\n"));
        Files.writeString(run.resolve("ratings.jsonl"), "\n" + lines + "\n");

        Cli.Outcome outcome = Cli.run("compare", run.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: " + run.resolve("ratings.jsonl") + ":2: ")
                .contains("column 'value'");
    }

    /** The crowd's ratings of every reply: human Okay, m Good, one participant per condition and emotion. */
    private List<Rating> crowd() {
        return ratings.stream().map(r -> new Rating(r.condition(), r.dialogueId(), "p-" + r.condition(), "study",
                "empathy", r.condition().equals("human") ? 2 : 3, null, "batch-" + r.condition())).toList();
    }

    @Test
    void aJudgeAndTheCrowdAreTwoSourcesToChooseFrom() {
        List<Rating> both = new ArrayList<>(ratings);
        both.addAll(crowd());
        Cli.writeRatings(run.resolve("ratings.jsonl"), both);

        Cli.Outcome pooled = Cli.run("compare", run.toString(), "--bootstrap", "0");
        assertThat(pooled.exitCode()).isEqualTo(2);
        // 128 dialogues x 2 conditions, rated once by the judge and once by the crowd
        assertThat(pooled.err()).contains("the ratings come from 2 rater sources and an analysis is of one; choose"
                + " with --rater (repeat it to compare sources one after another): crowd (256 ratings), judge (256"
                + " ratings)");
        assertThat(Cli.run("report", run.toString()).exitCode()).isEqualTo(2);

        JsonNode crowd = Cli.run("compare", run.toString(), "--rater", "crowd", "--bootstrap", "0", "--format", "json")
                .json();
        assertThat(crowd.path("overall").path("conditions").get(0).path("counts").toString()).isEqualTo("[0,128,0]");
        assertThat(crowd.path("raters").get(0).path("description").asText())
                .isEqualTo("the crowd (all participants together)");

        Cli.Outcome sideBySide = Cli.run("compare", run.toString(), "--rater", "judge", "--rater", "crowd",
                "--bootstrap", "0");
        assertThat(sideBySide.exitCode()).as(sideBySide.err()).isZero();
        assertThat(sideBySide.out().replaceAll("\\s+", " ")).contains("rated by judge", "rated by crowd",
                "Rated by LLM judge judge (human, m), one rating per reply.",
                "Rated by the crowd (all participants together) (human, m), one rating per reply.");

        Cli.Outcome unknown = Cli.run("compare", run.toString(), "--rater", "gpt-4");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--rater 'gpt-4' has no rating; the rater sources are: crowd (256"
                + " ratings), judge (256 ratings)");
    }

    @Test
    void aGroupWithoutRatingsOfAConditionIsUntestableAndTheRestIsComputed() {
        List<Rating> gap = ratings.stream()
                .filter(r -> !(r.condition().equals("m") && r.dialogueId().startsWith("afraid-"))).toList();
        Cli.writeRatings(run.resolve("ratings.jsonl"), gap);

        Cli.Outcome compare = Cli.run("compare", run.toString(), "--bootstrap", "0", "--format", "json");
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.err()).contains("empathy: warning: group 'afraid': condition 'm' has no ratings; shown"
                + " untestable, with its counts");
        JsonNode json = compare.json();
        JsonNode afraid = ReproduceCommandTest.find(json.path("emotions"), "group", "afraid");
        assertThat(afraid.path("untestable").asText()).isEqualTo("condition 'm' has no ratings");
        assertThat(afraid.path("conditions").get(0).path("n").asInt()).isEqualTo(4);
        assertThat(afraid.path("conditions").get(1).path("n").asInt()).isZero();
        // the other 31 emotions are tested, and afraid is not in their families
        JsonNode joyful = ReproduceCommandTest.find(json.path("emotions"), "group", "joyful");
        assertThat(joyful.path("comparisons").get(0).path("yates").path("p").path("familySize").asInt()).isEqualTo(31);
        assertThat(joyful.path("comparisons").get(0).path("yates").path("p").path("family").asText())
                .isEqualTo("emotions, yates, m vs human");
        // m: 31 emotions x 4 dialogues
        assertThat(json.path("overall").path("conditions").get(1).path("n").asInt()).isEqualTo(124);

        Cli.Outcome report = Cli.run("report", run.toString(), "--bootstrap", "0");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.err()).contains("group 'afraid': condition 'm' has no ratings");
        assertThat(Cli.run("compare", run.toString(), "--published").exitCode()).isZero();
    }

    @Test
    void emptyRepliesAndRefusalsFollowTheChosenPolicy() throws IOException {
        // m's reply to joyful-0 was refused (its Good rating is not used); joyful-1 answered
        Files.writeString(run.resolve("responses.jsonl"), """
                {"condition":"m","dialogueId":"joyful-0","text":"","finishReason":"CONTENT_FILTER"}
                {"condition":"m","dialogueId":"joyful-1","text":"I see.","finishReason":"STOP"}
                """);

        JsonNode lowest = Cli.run("compare", run.toString(), "--bootstrap", "0", "--format", "json").json();
        JsonNode m = lowest.path("overall").path("conditions").get(1);
        assertThat(m.path("refused").asInt()).isEqualTo(1);
        assertThat(m.path("n").asInt()).isEqualTo(128);
        // m rated 3, 3, 3, 2 per emotion; joyful-0's Good becomes Bad: 1 Bad, 32 Okay, 95 Good
        assertThat(m.path("counts").toString()).isEqualTo("[1,32,95]");
        assertThat(lowest.path("unanswered").asText()).isEqualTo("lowest");

        JsonNode excluded = Cli.run("compare", run.toString(), "--bootstrap", "0", "--unanswered", "exclude",
                "--format", "json").json();
        assertThat(excluded.path("overall").path("conditions").get(1).path("counts").toString())
                .isEqualTo("[0,32,95]");
    }
}
