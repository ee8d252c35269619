package io.github.empathy4j.examples.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.examples.FakeOpenAi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RateCommandTest {

    static final FakeOpenAi FAKE = new FakeOpenAi();

    @RegisterExtension
    static final WireMockExtension SERVER = FAKE.server();

    @TempDir
    Path run;

    @BeforeEach
    void setUp() {
        FakeOpenAi.stub(SERVER);
        TestRuns.create(run);
        FAKE.model("judge-a", prompt -> FakeOpenAi.rating("Good"));
        FAKE.model("judge-b", prompt -> FakeOpenAi.ratedReply(prompt).startsWith(TestRuns.ECHO) ? "Rating: Okay"
                : "Bad");
        FAKE.model("judge-c", prompt -> "```json\n" + FakeOpenAi.rating("Okay") + "\n```");
    }

    private String judge(String model) {
        return "openai-compatible:" + model + "?baseUrl=" + SERVER.baseUrl() + "/v1";
    }

    @Test
    void ratesEveryReplyWithEachJudgeAndThePanelAndResumes() {
        Cli.Outcome first = Cli.run("rate", "--run", run.toString(), "--judge",
                judge("judge-a"), "--judge", judge("judge-b"), "--judge", judge("judge-c"), "--combine", "majority",
                "--seed", "3", "--concurrency", "2");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("96 new ratings, 0 already rated");
        List<Rating> ratings = RatingJournal.read(run.resolve(RatingJournal.FILE_NAME));
        assertThat(ratings).hasSize(96);
        // human replies: Good, Bad, Okay tie and go to the median, Okay; echo replies: Good, Okay, Okay
        assertThat(ratings).filteredOn(r -> r.rater().equals("panel-majority")).hasSize(24)
                .extracting(Rating::value).containsOnly(2);
        assertThat(ratings).filteredOn(r -> r.rater().startsWith("openai-compatible:judge-b"))
                .allSatisfy(r -> assertThat(r.value()).isEqualTo(r.condition().equals("echo") ? 2 : 1));
        assertThat(ratings).filteredOn(r -> r.rater().startsWith("openai-compatible:judge-a"))
                .allSatisfy(r -> assertThat(r.rationale()).isEqualTo("fake judge"));
        assertThat(first.out()).containsPattern("panel-majority\\s+echo\\s+empathy\\s+0\\s+12\\s+0");
        int calls = SERVER.getAllServeEvents().size();

        Cli.Outcome again = Cli.run("rate", "--run", run.toString(), "--judge",
                judge("judge-a"), "--judge", judge("judge-b"), "--judge", judge("judge-c"), "--combine", "majority");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("0 new ratings, 24 already rated");
        assertThat(SERVER.getAllServeEvents()).hasSize(calls);
    }

    @Test
    void reportsBadOptionsAndUnparseableAnswers() {
        Cli.Outcome combine = Cli.run("rate", "--run", run.toString(), "--judge",
                judge("judge-a"), "--judge", judge("judge-b"), "--combine", "best");
        assertThat(combine.exitCode()).isEqualTo(1);
        assertThat(combine.err()).contains("--combine 'best' is not valid; expected majority or mean");

        Cli.Outcome noDialogues = Cli.run("rate", "--run", run.resolve("none").toString(),
                "--judge", judge("judge-a"));
        assertThat(noDialogues.exitCode()).isEqualTo(1);
        assertThat(noDialogues.err()).contains("no run folder " + run.resolve("none"));

        FAKE.model("judge-d", prompt -> "I like it.");
        Cli.Outcome garbled = Cli.run("rate", "--run", run.toString(), "--judge",
                judge("judge-d"));
        assertThat(garbled.exitCode()).isEqualTo(1);
        assertThat(garbled.out()).contains("24 failed (24 unparseable answers)");
    }

    @Test
    void emptyRepliesAndRefusalsAreNotRatedAndCounted(@TempDir Path dir) {
        List<Dialogue> dialogues = Cli.dialogues(1).dialogues();
        // emotions starting with "a" answer nothing, with "s" are refused
        Run.builder().outputDirectory(dir).dialogues(dialogues).condition(Condition.of("quiet", d -> new Answer(
                d.id().startsWith("a") ? "" : "ok", d.id().startsWith("s") ? FinishReason.CONTENT_FILTER
                : FinishReason.STOP, "m", TokenUsage.NONE))).build().execute();
        long empty = dialogues.stream().filter(d -> d.id().startsWith("a")).count();
        long refused = dialogues.stream().filter(d -> d.id().startsWith("s")).count();

        Cli.Outcome outcome = Cli.run("rate", "--run", dir.toString(), "--judge", judge("judge-a"), "--format",
                "json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.json().path("empty").asLong()).isEqualTo(empty).isPositive();
        assertThat(outcome.json().path("refused").asLong()).isEqualTo(refused).isPositive();
        assertThat(outcome.json().path("rated").asLong()).isEqualTo(32 - empty - refused);
        Cli.Outcome text = Cli.run("rate", "--run", dir.toString(), "--judge", judge("judge-a"));
        assertThat(text.out()).contains("Not rated: " + empty + " empty and " + refused + " refused replies");
    }

    @Test
    void runWithAJudgeAnswersRatesAndWritesTheReport(@TempDir Path dir) {
        Path dataset = Cli.writeDialogues(dir.resolve("dialogues.jsonl"), Cli.dialogues(1));
        Path out = dir.resolve("judged");

        Cli.Outcome outcome = Cli.run("run", dataset.toString(), "--model", "echo:v1", "--judge", judge("judge-a"),
                "--out", out.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        List<Rating> ratings = RatingJournal.read(out.resolve(RatingJournal.FILE_NAME));
        assertThat(ratings).hasSize(64).allMatch(r -> r.value() == 3);
        assertThat(ratings).extracting(Rating::condition).containsOnly("human", "v1");
        assertThat(out.resolve("report").resolve("report.md")).exists();
        assertThat(outcome.out()).contains("Report: ");
    }

    @Test
    void threeJudgesAndTheirPanelGiveOneRatingPerDialogueAndConditionInCompare() {
        Cli.Outcome rated = Cli.run("rate", "--run", run.toString(), "--judge", judge("judge-a"), "--judge",
                judge("judge-b"), "--judge", judge("judge-c"), "--combine", "majority");
        assertThat(rated.exitCode()).as(rated.err()).isZero();

        // 12 dialogues (TestRuns), each answered by human and echo: the panel's rating, one per reply, by default
        Cli.Outcome compare = Cli.run("compare", run.toString(), "--bootstrap", "0", "--format", "json");
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode json = compare.json();
        assertThat(json.path("overall").path("conditions").get(0).path("n").asInt()).isEqualTo(12);
        assertThat(json.path("overall").path("conditions").get(1).path("n").asInt()).isEqualTo(12);
        // the panel: Good, Bad, Okay -> Okay (human); Good, Okay, Okay -> Okay (echo)
        assertThat(json.path("overall").path("conditions").get(1).path("counts").toString()).isEqualTo("[0,12,0]");
        assertThat(json.path("raters").get(0).path("source").asText()).isEqualTo("panel-majority");
        assertThat(json.path("raters").get(0).path("kind").asText()).isEqualTo("panel");

        com.fasterxml.jackson.databind.JsonNode judgeA = Cli.run("compare", run.toString(), "--bootstrap", "0",
                "--rater", judge("judge-a"), "--format", "json").json();
        assertThat(judgeA.path("overall").path("conditions").get(1).path("counts").toString()).isEqualTo("[0,0,12]");
    }

    @Test
    void runWithSeveralJudgesNeedsThePanelOrAChosenJudge(@TempDir Path dir) {
        Cli.Outcome outcome = Cli.run("run", dir.resolve("none.jsonl").toString(), "--model", "echo:v1", "--judge",
                judge("judge-a"), "--judge", judge("judge-b"), "--out", dir.resolve("out").toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("2 judges without --combine are 2 sources; add --combine majority|mean");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
