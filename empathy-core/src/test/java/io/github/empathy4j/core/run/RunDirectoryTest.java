package io.github.empathy4j.core.run;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunDirectoryTest {

    @TempDir
    Path dir;

    private static Rating rating(String dialogue, String rater, int value) {
        return new Rating("c", dialogue, rater, "study", "empathy", value, null, null);
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    @Test
    void aSecondWriterInThisProcessIsRefusedWithTheFolderAndPidAndTheLockIsFreeAfterwards() throws Exception {
        RunDirectory run = RunDirectory.create(dir);
        String busy = "another empathy writer in this process (pid " + ProcessHandle.current().pid() + ") is writing "
                + dir + "; wait for it to finish, or use another folder";
        try (RunDirectory.Lock lock = run.lock()) {
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try {
                    RatingJournal.append(dir.resolve(RunDirectory.RATINGS), List.of(rating("d1", "r", 2)));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(other.get(30, TimeUnit.SECONDS)).isInstanceOf(ConfigurationException.class).hasMessage(busy);
            assertThat(Files.readString(dir.resolve(RunDirectory.LOCK)).trim())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
        CompletableFuture<Integer> after = CompletableFuture.supplyAsync(() ->
                RatingJournal.append(dir.resolve(RunDirectory.RATINGS), List.of(rating("d1", "r", 2))));
        assertThat(after.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    @Test
    void theThreadHoldingTheLockMayWriteAndALaterReaderDoesNotReleaseIt() throws Exception {
        RunDirectory run = RunDirectory.create(dir);
        try (RunDirectory.Lock lock = run.lock()) {
            assertThat(RatingJournal.append(dir.resolve(RunDirectory.RATINGS), List.of(rating("d1", "r", 2))))
                    .isEqualTo(1);
            assertThat(run.ratings()).hasSize(1);
            // the writer inside closed its taking and the journal was re-read: the lock is still held
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try {
                    run.lock().close();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(other.get(30, TimeUnit.SECONDS)).isInstanceOf(ConfigurationException.class);
        }
    }

    @Test
    void aCorruptMiddleLineNamesTheFileTheLineAndTheRepairCommand() throws Exception {
        RatingJournal.append(dir.resolve(RunDirectory.RATINGS), List.of(rating("d1", "a", 1), rating("d2", "a", 2),
                rating("d3", "a", 3)));
        List<String> lines = Files.readAllLines(dir.resolve(RunDirectory.RATINGS));
        Files.writeString(dir.resolve(RunDirectory.RATINGS), lines.get(0) + "\n{\"condition\":\"c\",\"dialo"
                + lines.get(1) + "\n" + lines.get(2) + "\n");

        assertThatThrownBy(() -> RunDirectory.open(dir).ratings()).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(dir.resolve(RunDirectory.RATINGS) + ":2: ")
                .hasMessageEndingWith("run: empathy repair " + dir);
        assertThatThrownBy(() -> RatingJournal.append(dir.resolve(RunDirectory.RATINGS), List.of(rating("d4", "a", 3))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("empathy repair " + dir);
    }

    @Test
    void repairMovesEveryBadLineAsideByteForByteAndKeepsTheRest() throws Exception {
        List<Rating> ratings = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ratings.add(rating("d" + i, "a", 1 + i % 3));
        }
        RatingJournal.append(dir.resolve(RunDirectory.RATINGS), ratings);
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(RunDirectory.RATINGS)));
        String spliced = lines.get(1).substring(0, 30) + lines.get(2);
        String badField = lines.get(4).replace("\"value\":", "\"value\":\"x\",\"was\":");
        lines.set(1, spliced);
        lines.set(4, badField);
        lines.add(lines.get(0));
        lines.add("{\"condition\":\"c\",\"dia");
        Files.writeString(dir.resolve(RunDirectory.RATINGS), String.join("\n", lines));
        Files.writeString(dir.resolve(RunDirectory.RESPONSES), new String(ReplyJournal.line(Reply.recorded("c",
                "d0", "fine")), StandardCharsets.UTF_8));

        List<RunDirectory.Repaired> repaired = RunDirectory.open(dir).repair();

        Path side = dir.resolve("ratings.rejected.jsonl");
        assertThat(repaired).containsExactly(new RunDirectory.Repaired(dir.resolve(RunDirectory.RATINGS), side,
                List.of(2L, 5L, 7L, 8L), 4));
        assertThat(Files.readAllLines(side)).containsExactly(spliced, badField, lines.get(0), "{\"condition\":\"c\",\"dia");
        assertThat(RunDirectory.open(dir).ratings()).extracting(Rating::dialogueId)
                .containsExactly("d0", "d2", "d3", "d5");
        assertThat(RunDirectory.open(dir).replies()).hasSize(1);
        assertThat(RunDirectory.open(dir).repair()).isEmpty();
        assertThat(Files.exists(dir.resolve("responses.rejected.jsonl"))).isFalse();
    }

    @Test
    void readsTheManifestAndTheFailuresOfARun() {
        Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(3)).dataset("three")
                .condition(Condition.of("c", d -> {
                    if (d.id().equals("d001")) {
                        throw new IllegalStateException("boom");
                    }
                    return Answer.of("ok", "m");
                })).build().execute();

        RunDirectory run = RunDirectory.open(dir);
        RunDirectory.Manifest manifest = run.manifest();
        assertThat(manifest.datasetDescription()).isEqualTo("three");
        assertThat(manifest.dialogues()).isEqualTo(3);
        assertThat(manifest.conditions()).containsExactly(java.util.Map.entry("c", "c"));
        assertThat(run.dialogues().size()).isEqualTo(3);
        assertThat(run.replies()).hasSize(2);
        assertThat(run.ratings()).isEmpty();
        assertThat(run.failures()).singleElement().satisfies(f -> {
            assertThat(f.dialogueId()).isEqualTo("d001");
            assertThat(f.error()).contains("boom");
        });
        assertThat(run.ratingFailures()).isEmpty();
        assertThatThrownBy(() -> RunDirectory.open(dir.resolve("nowhere"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("no run folder " + dir.resolve("nowhere"));
    }
}
