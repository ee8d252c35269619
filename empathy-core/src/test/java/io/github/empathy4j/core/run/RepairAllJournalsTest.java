package io.github.empathy4j.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.batch.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RunDirectory#repair()} on every journal of a run folder: spliced lines (two objects on one line, as two
 * writers without the lock make), a line with an invalid field and a torn last line are moved byte for byte, the
 * rest stays byte-identical, and the journal's reader reads it afterwards.
 */
class RepairAllJournalsTest {

    @TempDir
    Path dir;

    @TempDir
    Path fake;

    /**
     * One journal: its file, its {@code n}th valid line (newline included), how a valid line is made invalid in one
     * field, and how its reader counts its entries (throwing at a bad line).
     */
    record Kind(String file, IntFunction<String> line, UnaryOperator<String> invalid,
            ToIntFunction<RunDirectory> entries) {

        @Override
        public String toString() {
            return file;
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The {@code n}th batch event: intent, submitted and collected of b1, then of b2, and so on. */
    private static String batchEvent(int n) {
        String batch = "b" + (1 + n / 3);
        return switch (n % 3) {
            case 0 -> "{\"event\":\"intent\",\"batch\":\"" + batch + "\",\"client\":\"gpt-4o\",\"items\":{\"a1b2\":\"c"
                    + "\\u0000d" + n + "\"},\"time\":\"2026-11-27T10:00:00Z\"}\n";
            case 1 -> "{\"event\":\"submitted\",\"batch\":\"" + batch + "\",\"batchId\":\"batch_" + n
                    + "\",\"time\":\"2026-11-27T10:00:01Z\"}\n";
            default -> "{\"event\":\"collected\",\"batch\":\"" + batch + "\",\"time\":\"2026-11-27T10:05:00Z\"}\n";
        };
    }

    private static int batchEvents(RunDirectory run, String name) {
        BatchMode.pending(run.file(name)); // what run --batch and rate --batch read first
        return JsonLines.read(run.file(name), Batching.FORMAT, LoggerFactory.getLogger(RepairAllJournalsTest.class))
                .size();
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind(RunDirectory.RESPONSES, n -> text(ReplyJournal.line(Reply.recorded("c", "d" + n,
                        "reply " + n))),
                        l -> l.replace("\"finishReason\":\"STOP\"", "\"finishReason\":\"MAYBE\""),
                        run -> run.replies().size()),
                new Kind(RunDirectory.RATINGS, n -> text(RatingJournal.line(new Rating("c", "d" + n, "a", "study",
                        "empathy", 1 + n % 3, null, null))), l -> l.replace("\"value\":", "\"value\":\"x\",\"was\":"),
                        run -> run.ratings().size()),
                new Kind(RunDirectory.PAIRWISE, n -> text(PairwiseJournal.line(new PairwiseJudgement("d" + n, "human",
                        "m", "j", Preference.Choice.A, "why", "echo", "human", "echo", 3, 4, 0,
                        new BigDecimal("0.001")))),
                        l -> l.replace("\"verdict\":\"A\"", "\"verdict\":\"C\""),
                        run -> PairwiseJournal.read(run.file(RunDirectory.PAIRWISE)).size()),
                new Kind(RunDirectory.BATCHES, RepairAllJournalsTest::batchEvent,
                        l -> l.replaceFirst("\"event\":\"[a-z]+\"", "\"event\":\"cancelled\""),
                        run -> batchEvents(run, RunDirectory.BATCHES)),
                new Kind(RunDirectory.RATING_BATCHES, RepairAllJournalsTest::batchEvent,
                        l -> l.replaceFirst("\"event\":\"[a-z]+\"", "\"event\":\"cancelled\""),
                        run -> batchEvents(run, RunDirectory.RATING_BATCHES)),
                new Kind(RunDirectory.FAILURES, n -> text(JsonLines.failureLine(new RunResult.Failure("c", "d" + n,
                        "boom", 1), Instant.EPOCH)), l -> l.replace("\"attempts\":1", "\"attempts\":-1"),
                        run -> run.failures().size()),
                new Kind(RunDirectory.RATING_FAILURES, n -> text(JsonLines.failureLine(new RatingResult.Failure("c",
                        "d" + n, "r", "empathy", "boom", null, 1), Instant.EPOCH)),
                        l -> l.replace("\"rater\":\"r\"", "\"rater\":7"), run -> run.ratingFailures().size()),
                new Kind(RunDirectory.PAIRWISE_FAILURES, n -> text(JsonLines.failureLine(new PairwiseResult.Failure(
                        "d" + n, "human", "m", "j", "boom", "maybe", 2), Instant.EPOCH)),
                        l -> l.replace("\"judge\":\"j\"", "\"judge\":5"), run -> run.pairwiseFailures().size()));
    }

    @Test
    void everyJournalOfARunFolderIsListedOnce() {
        assertThat(RunDirectory.journals()).containsExactlyInAnyOrderElementsOf(kinds().map(Kind::file).toList())
                .startsWith(RunDirectory.RESPONSES, RunDirectory.RATINGS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSplicedLineAnInvalidFieldAndATornLastLineAreMovedByteForByteAndTheReaderWorksAgain(Kind kind)
            throws Exception {
        List<String> valid = IntStream.range(0, 9).mapToObj(kind.line()).toList();
        valid.forEach(l -> assertThat(kind.invalid().apply(l)).as("the invalid field changes %s", l).isNotEqualTo(l));
        String spliced = valid.get(1).strip() + valid.get(2); // two whole objects on one line
        String badField = kind.invalid().apply(valid.get(4));
        String cut = valid.get(5).substring(0, 30) + valid.get(6); // a writer's line cut by another's
        String torn = valid.get(8).substring(0, 25); // the last line of a killed writer, no newline
        Path file = dir.resolve(kind.file());
        Files.writeString(file, valid.get(0) + spliced + valid.get(3) + badField + cut + valid.get(7) + torn);
        byte[] other = ReplyJournal.line(Reply.recorded("c", "d0", "fine"));
        if (!kind.file().equals(RunDirectory.RESPONSES)) {
            Files.write(dir.resolve(RunDirectory.RESPONSES), other);
        }
        RunDirectory run = RunDirectory.open(dir);
        assertThatThrownBy(() -> kind.entries().applyAsInt(run)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":2: ").hasMessageEndingWith("run: empathy repair " + dir);

        List<RunDirectory.Repaired> repaired = run.repair();

        Path side = dir.resolve(kind.file().replace(".jsonl", ".rejected.jsonl"));
        assertThat(repaired).singleElement().satisfies(r -> {
            assertThat(r.file()).isEqualTo(file);
            assertThat(r.rejectedFile()).isEqualTo(side);
            assertThat(r.lines()).containsExactly(2L, 4L, 5L, 7L);
            assertThat(r.kept()).isEqualTo(3);
            if (kind.file().contains("batches")) {
                assertThat(r.note()).contains("paid twice").contains(kind.file().startsWith("rating")
                        ? "rate --batch" : "run --batch");
            } else {
                assertThat(r.note()).isNull();
            }
        });
        assertThat(text(Files.readAllBytes(side))).isEqualTo(spliced + badField + cut + torn + "\n");
        assertThat(text(Files.readAllBytes(file))).isEqualTo(valid.get(0) + valid.get(3) + valid.get(7));
        assertThat(kind.entries().applyAsInt(run)).isEqualTo(3);
        if (!kind.file().equals(RunDirectory.RESPONSES)) {
            assertThat(Files.readAllBytes(dir.resolve(RunDirectory.RESPONSES))).isEqualTo(other);
        }

        assertThat(run.repair()).isEmpty();
        assertThat(text(Files.readAllBytes(side))).isEqualTo(spliced + badField + cut + torn + "\n");
    }

    @Test
    void aSecondRepairAppendsToTheSideFileAndRepeatedEntriesOfAKeyedJournalAreMoved() throws Exception {
        Path file = dir.resolve(RunDirectory.PAIRWISE);
        List<String> valid = new ArrayList<>(IntStream.range(0, 3).mapToObj(n -> text(PairwiseJournal.line(
                new PairwiseJudgement("d" + n, "human", "m", "j", Preference.Choice.B, null, null, null, null, 1, 1,
                        0)))).toList());
        Files.writeString(file, valid.get(0) + valid.get(1) + valid.get(0));
        assertThat(RunDirectory.open(dir).repair()).singleElement().satisfies(r -> assertThat(r.lines())
                .containsExactly(3L));
        Files.writeString(file, valid.get(2) + "{}\n", StandardOpenOption.APPEND);

        assertThat(RunDirectory.open(dir).repair()).singleElement().satisfies(r -> assertThat(r.lines())
                .containsExactly(4L));

        assertThat(Files.readString(dir.resolve("pairwise.rejected.jsonl"))).isEqualTo(valid.get(0) + "{}\n");
        assertThat(PairwiseJournal.read(file)).extracting(PairwiseJudgement::dialogueId)
                .containsExactly("d0", "d1", "d2");
    }

    @Test
    void blankLinesAndAJournalTheFolderDoesNotHaveAreLeftAlone() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int n = 0; n < 3; n++) {
            bytes.write(batchEvent(n).getBytes(StandardCharsets.UTF_8));
            bytes.write("  \n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve(RunDirectory.BATCHES), bytes.toByteArray());

        assertThat(RunDirectory.open(dir).repair()).isEmpty();

        assertThat(Files.readAllBytes(dir.resolve(RunDirectory.BATCHES))).isEqualTo(bytes.toByteArray());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(RunDirectory.LOCK)))
                    .containsExactly(RunDirectory.BATCHES);
        }
        assertThat(RunDirectory.journals()).doesNotContain(RunDirectory.DIALOGUES,
                RunDirectory.MANIFEST);
    }

    private static List<String> events(Path file) throws Exception {
        List<String> events = new ArrayList<>();
        for (String line : Fixtures.lines(file)) {
            JsonNode node = ReplyJournal.JSON.readTree(line);
            events.add(node.get("event").asText() + " " + node.get("batch").asText());
        }
        return events;
    }

    /** Runs 5 dialogues, condition {@code batched} through the fake batch API, {@code sync} synchronously. */
    private RunResult batchRun(boolean await) {
        return BatchMain.run(dir, 5, BatchMain.mode(fake, "batched", FileBatchClient.ANSWER).await(await),
                d -> Answer.of("never called", "x"), d -> Answer.of("sync " + d.id(), "sync-1")).execute();
    }

    private static void assertEachBatchedItemJournaledOnce(Path responses) {
        List<Reply> replies = ReplyJournal.read(responses);
        assertThat(Fixtures.uniqueKeys(replies)).hasSize(replies.size());
        assertThat(replies).filteredOn(r -> r.condition().equals("batched")).hasSize(5)
                .allSatisfy(r -> assertThat(r.text()).startsWith("batched "));
    }

    @Test
    void aMovedIntentOfAPendingBatchMakesTheNextRunSubmitItsItemsAgainJournaledOnceAsTheNoteSays() throws Exception {
        batchRun(false);
        Path batches = dir.resolve(RunDirectory.BATCHES);
        List<String> lines = Fixtures.lines(batches);
        assertThat(events(batches)).containsExactly("intent b1", "submitted b1");
        Files.writeString(batches, lines.get(0) + lines.get(0) + "\n" + lines.get(1) + "\n"); // intent spliced

        assertThat(RunDirectory.open(dir).repair()).singleElement().satisfies(r -> {
            assertThat(r.lines()).containsExactly(1L);
            assertThat(r.note()).contains("submit that batch's items again", "paid twice", "never collected");
        });
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);
        batchRun(true);

        assertThat(FileBatchClient.creates(fake)).as("the items of b1 in a second batch").isEqualTo(2);
        assertThat(events(batches)).containsExactly("submitted b1", "intent b2", "submitted b2", "collected b2");
        assertEachBatchedItemJournaledOnce(dir.resolve(RunDirectory.RESPONSES));
    }

    @Test
    void aMovedSubmittedEventOfABatchTheProviderFindsByItsLabelIsResumedNotSubmittedAgain() throws Exception {
        batchRun(false);
        Path batches = dir.resolve(RunDirectory.BATCHES);
        List<String> lines = Fixtures.lines(batches);
        Files.writeString(batches, lines.get(0) + "\n" + lines.get(1).substring(0, 20)); // submitted torn

        assertThat(RunDirectory.open(dir).repair()).singleElement().satisfies(r -> assertThat(r.lines())
                .containsExactly(2L));
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);
        batchRun(true);

        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
        assertThat(events(batches)).containsExactly("intent b1", "submitted b1", "collected b1");
        assertEachBatchedItemJournaledOnce(dir.resolve(RunDirectory.RESPONSES));
    }

    @Test
    void aMovedCollectedEventMakesTheNextRunPollItsBatchOnceMoreAndSubmitNothing() throws Exception {
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);
        batchRun(true);
        Path batches = dir.resolve(RunDirectory.BATCHES);
        List<String> lines = Fixtures.lines(batches);
        assertThat(events(batches)).containsExactly("intent b1", "submitted b1", "collected b1");
        byte[] responses = Files.readAllBytes(dir.resolve(RunDirectory.RESPONSES));
        Files.writeString(batches, lines.get(0) + "\n" + lines.get(1) + "\n"
                + lines.get(2).replace("\"batch\":\"b1\"", "\"batch\":7") + "\n");

        assertThat(RunDirectory.open(dir).repair()).singleElement().satisfies(r -> assertThat(r.lines())
                .containsExactly(3L));
        assertThat(BatchMode.pending(batches)).isEqualTo(1);
        batchRun(true);

        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
        assertThat(events(batches)).containsExactly("intent b1", "submitted b1", "collected b1");
        assertThat(Files.readAllBytes(dir.resolve(RunDirectory.RESPONSES))).isEqualTo(responses);
    }
}
