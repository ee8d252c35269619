package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.run.PairwiseJournal;
import io.github.empathy4j.core.run.PairwiseJudgement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code empathy pairwise} on a small run (human and echo, 12 dialogues) with the offline judge. */
class PairwiseCommandTest {

    @TempDir
    Path run;

    @Test
    void judgesBothOrdersThenResumesWithNothingLeftAndRecordsFamiliesAndLengths() {
        TestRuns.create(run);

        Cli.Outcome first = Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge", "--max-words", "3",
                "--bootstrap", "100", "--format", "json");

        assertThat(first.exitCode()).as(first.err()).isZero();
        List<PairwiseJudgement> verdicts = PairwiseJournal.read(run.resolve("pairwise.jsonl"));
        assertThat(verdicts).hasSize(24);
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.judge()).isEqualTo("echo:judge?seed=42&temperature=0");
            assertThat(v.judgeFamily()).isEqualTo("echo");
            assertThat(v.maxWords()).isEqualTo(3);
            assertThat(v.conditionA().equals("human") ? v.authorA() : v.authorB()).isEqualTo("human");
        });
        PairwiseJudgement v = verdicts.stream().filter(x -> x.conditionA().equals("human")).findFirst().orElseThrow();
        assertThat(v.wordsA()).isEqualTo(3); // "human reply N"
        JsonNode json = first.json();
        assertThat(json.path("judged").asInt()).isEqualTo(24);
        assertThat(json.path("maxWords").asInt()).isEqualTo(3);
        JsonNode versus = json.path("analyses").get(0).path("versusBaseline").get(0);
        assertThat(versus.path("condition").asText()).isEqualTo("echo");
        assertThat(versus.path("wins").asInt() + versus.path("ties").asInt() + versus.path("losses").asInt())
                .isEqualTo(12);

        Cli.Outcome again = Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge", "--max-words", "3",
                "--bootstrap", "100");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 new verdicts, 12 pairs already judged", "Pairwise against human",
                "each reply cut to its first 3 words",
                "Bradley-Terry strengths", "Position bias of echo:judge");
        assertThat(PairwiseJournal.read(run.resolve("pairwise.jsonl"))).hasSize(24);

        Cli.Outcome otherLimit = Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge");
        assertThat(otherLimit.exitCode()).isEqualTo(1);
        assertThat(otherLimit.err()).contains("cut to 3 words", "no limit");
    }

    @Test
    void badOptionsAreUsageErrorsAndAMissingBaselineIsNamed() {
        TestRuns.create(run);
        assertThat(Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge", "--pairs", "some")
                .exitCode()).isEqualTo(2);
        Cli.Outcome negative = Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge", "--max-words",
                "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("--max-words must be 0 (no limit) or more");
        Cli.Outcome baseline = Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge", "--baseline",
                "crowd");
        assertThat(baseline.exitCode()).isEqualTo(1);
        assertThat(baseline.err()).contains("'crowd' has no replies", "[echo, human]");
        assertThat(Cli.run("pairwise", "--help").out()).contains("empathy pairwise --run runs/first --judge");
    }
}
