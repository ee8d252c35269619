package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code empathy repair} after a corrupt line, and adding a model to a run with {@code empathy run}. */
class RunFolderCommandsTest {

    @TempDir
    Path dir;

    @Test
    void aCorruptMiddleLineNamesTheRepairCommandAndRepairMovesItAsideSoThatCompareWorksAgain() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        DialogueSet dialogues = Cli.dialogues(2);
        Cli.writeDialogues(run.resolve(RunDirectory.DIALOGUES), dialogues);
        List<Rating> ratings = new ArrayList<>();
        for (Dialogue d : dialogues.dialogues()) {
            ratings.add(Cli.rating("human", d.id(), 2));
            ratings.add(Cli.rating("m", d.id(), 3));
        }
        Cli.writeRatings(run.resolve(RunDirectory.RATINGS), ratings);
        List<String> lines = new ArrayList<>(Files.readAllLines(run.resolve(RunDirectory.RATINGS)));
        String spliced = lines.get(4).substring(0, 25) + lines.get(5);
        lines.set(4, spliced);
        lines.remove(5);
        Files.write(run.resolve(RunDirectory.RATINGS), lines);

        Cli.Outcome stuck = Cli.run("compare", run.toString());
        assertThat(stuck.exitCode()).isEqualTo(1);
        assertThat(stuck.err()).startsWith("empathy: " + run.resolve(RunDirectory.RATINGS) + ":5: ")
                .contains("run: empathy repair " + run);

        Cli.Outcome repaired = Cli.run("repair", run.toString());
        assertThat(repaired.exitCode()).as(repaired.err()).isZero();
        assertThat(repaired.out()).isEqualTo("Moved 1 bad line of " + run.resolve(RunDirectory.RATINGS) + " (line 5) to "
                + run.resolve("ratings.rejected.jsonl") + "; kept " + (ratings.size() - 2) + ".\n");
        assertThat(Files.readAllLines(run.resolve("ratings.rejected.jsonl"))).containsExactly(spliced);
        assertThat(Cli.run("compare", run.toString(), "--bootstrap", "0").exitCode()).isZero();

        Cli.Outcome again = Cli.run("repair", run.toString(), "--format", "json");
        assertThat(again.exitCode()).isZero();
        assertThat(again.json().path("moved").size()).isZero();
        assertThat(Cli.run("repair", dir.resolve("nowhere").toString()).err())
                .isEqualTo("empathy: no run folder " + dir.resolve("nowhere") + "\n");
    }

    @Test
    void repairHasHelpWithItsOwnExample() {
        Cli.Outcome help = Cli.run("repair", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: empathy repair").contains("Examples:\n  empathy repair runs/first");
        assertThat(Cli.run("--help").out()).contains("repair");
    }

    @Test
    void aModelAddedToARunIsAnsweredAndTheRepliesSoFarAreKept() throws IOException {
        Path dataset = Cli.writeDialogues(dir.resolve("dialogues.jsonl"), Cli.dialogues(1));
        Path out = dir.resolve("run");
        assertThat(Cli.run("run", dataset.toString(), "--model", "echo:v1", "--out", out.toString()).exitCode())
                .isZero();
        byte[] before = Files.readAllBytes(out.resolve(RunDirectory.RESPONSES));

        Cli.Outcome more = Cli.run("run", dataset.toString(), "--model", "echo:v1", "--model", "echo:v2", "--out",
                out.toString(), "--format", "json");

        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(more.json().path("answered").asInt()).isEqualTo(32);
        assertThat(more.json().path("skipped").asInt()).isEqualTo(64);
        byte[] after = Files.readAllBytes(out.resolve(RunDirectory.RESPONSES));
        assertThat(new String(after, 0, before.length, StandardCharsets.UTF_8))
                .isEqualTo(new String(before, StandardCharsets.UTF_8));
        assertThat(RunDirectory.open(out).replies()).extracting(Reply::condition)
                .containsOnly("human", "v1", "v2").hasSize(96);
        assertThat(RunDirectory.open(out).manifest().conditions()).containsKeys("human", "v1", "v2");

        Cli.Outcome otherSpec = Cli.run("run", dataset.toString(), "--model", "v1=echo:other", "--out",
                out.toString());
        assertThat(otherSpec.exitCode()).isEqualTo(1);
        assertThat(otherSpec.err()).contains("condition 'v1' has another spec");
    }
}
