package io.github.empathy4j.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.batch.BatchResult;
import io.github.empathy4j.core.batch.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs and ratings in batch mode against a fake batch API kept in a folder ({@link FileBatchClient}): results
 * journaled exactly once, failures retried, expiry, {@code await(false)} then collect, and processes killed (a real
 * SIGKILL of a child JVM, or the files a kill leaves) at each step.
 */
class BatchRunTest {

    private static final int N = 20;

    @TempDir
    Path dir;

    @TempDir
    Path fake;

    private final AtomicInteger batchedCalls = new AtomicInteger();
    private final AtomicInteger syncCalls = new AtomicInteger();

    private Respondent batched() {
        return d -> {
            batchedCalls.incrementAndGet();
            return Answer.of("sync retry " + d.id(), "batched-1");
        };
    }

    private Respondent sync() {
        return d -> {
            syncCalls.incrementAndGet();
            return Answer.of(Fixtures.answerText(d), "sync-1");
        };
    }

    private RunResult run(FileBatchClient.Outcome outcome, BatchMode.Retry retry, boolean await) {
        return BatchMain.run(dir, N, BatchMain.mode(fake, "batched", outcome).retry(retry).await(await), batched(),
                sync()).execute();
    }

    private Map<String, Reply> replies(String condition) {
        List<Reply> all = ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME));
        assertThat(Fixtures.uniqueKeys(all)).as("each item journaled once").hasSize(all.size());
        return all.stream().filter(r -> r.condition().equals(condition)).collect(Collectors.toMap(Reply::dialogueId,
                r -> r));
    }

    private List<String> events() throws Exception {
        return events(BatchMode.FILE_NAME);
    }

    /** The events of a file of batches, such as {@code intent b1}. */
    private List<String> events(String file) throws Exception {
        List<String> events = new ArrayList<>();
        for (String line : Fixtures.lines(dir.resolve(file))) {
            JsonNode node = ReplyJournal.JSON.readTree(line);
            events.add(node.get("event").asText() + " " + node.get("batch").asText());
        }
        return events;
    }

    private void assertAllBatchedAnswered() {
        Map<String, Reply> batched = replies("batched");
        assertThat(batched).hasSize(N);
        for (Dialogue d : Fixtures.dialogues(N)) {
            assertThat(batched.get(d.id()).text()).isEqualTo("batched " + BatchMain.prompt(d));
            assertThat(batched.get(d.id()).model()).isEqualTo("fake-batch-1");
            assertThat(batched.get(d.id()).usage().inputTokens()).isEqualTo(10);
            assertThat(batched.get(d.id()).cost()).as("at the batch price").isEqualByComparingTo("0.50");
        }
        assertThat(replies("sync")).hasSize(N);
    }

    /** The dialogue's number in a prompt of {@link Fixtures#dialogues}. */
    private static int index(String prompt) {
        Matcher m = Pattern.compile("thing number (\\d+)").matcher(prompt);
        assertThat(m.find()).as(prompt).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aBatchRunAnswersTheBatchedConditionThroughOneBatchAndTheOtherSynchronously() throws Exception {
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);

        RunResult result = run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, true);

        assertThat(result.answered()).isEqualTo(2 * N);
        assertThat(result.failed()).isZero();
        assertAllBatchedAnswered();
        assertThat(batchedCalls).hasValue(0);
        assertThat(syncCalls).hasValue(N);
        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
        String intent = Fixtures.lines(dir.resolve(BatchMode.FILE_NAME)).get(0);
        String label = ReplyJournal.JSON.readTree(intent).get("label").asText();
        assertThat(label).matches("empathy4j " + Pattern.quote(dir.getFileName().toString()) + " b1 [0-9a-f]{8}");
        assertThat(Files.readString(fake.resolve("creates.txt"))).isEqualTo("batch_1 " + label + "\n");
        assertThat(events()).containsExactly("intent b1", "submitted b1", "collected b1");
        Dialogue first = Fixtures.dialogues(1).get(0);
        assertThat(ReplyJournal.JSON.readTree(intent).get("items").get(Batching.customId(ReplyJournal.key("batched",
                first.id()))).asText()).isEqualTo("batched\u0000" + first.id());
        assertThat(ReplyJournal.JSON.readTree(intent).get("client").asText()).isEqualTo("batched");
        assertThat(BatchMode.pending(dir.resolve(BatchMode.FILE_NAME))).isZero();

        RunResult again = run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, true);
        assertThat(again.skipped()).isEqualTo(2 * N);
        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
    }

    /** Batch 1 fails d000 for good, d001 to d004 retriably and returns nothing for d005; later batches answer all. */
    private static final FileBatchClient.Outcome PARTIAL = (id, prompt, batch) -> {
        int i = index(prompt);
        if (batch == 1 && i == 0) {
            return new BatchResult.Failed(id, "invalid_request: bad", false);
        }
        if (batch == 1 && i >= 1 && i <= 4) {
            return new BatchResult.Failed(id, "server_error: try later", true);
        }
        return batch == 1 && i == 5 ? null : FileBatchClient.ANSWER.of(id, prompt, batch);
    };

    @Test
    void itemsABatchFailsRetriablyGoInANewBatchAndTheOthersToTheFailures() throws Exception {
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);

        RunResult result = run(PARTIAL, BatchMode.Retry.BATCH, true);

        assertThat(FileBatchClient.creates(fake)).isEqualTo(2);
        assertThat(Files.readAllLines(fake.resolve("batch_2.jsonl"))).hasSize(5);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.failures().get(0).dialogueId()).isEqualTo("d000");
        assertThat(result.failures().get(0).error()).contains("invalid_request: bad");
        assertThat(Fixtures.lines(dir.resolve(Run.FAILURES_FILE))).singleElement().asString().contains("d000");
        Map<String, Reply> batched = replies("batched");
        assertThat(batched).hasSize(N - 1).doesNotContainKey("d000");
        assertThat(batched.get("d003").attempts()).isEqualTo(2);
        assertThat(batchedCalls).hasValue(0);
        assertThat(events()).containsExactly("intent b1", "submitted b1", "collected b1", "intent b2", "submitted b2",
                "collected b2");
    }

    @Test
    void itemsABatchFailsRetriablyCanBeRetriedSynchronously() throws Exception {
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);

        RunResult result = run(PARTIAL, BatchMode.Retry.SYNC, true);

        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
        assertThat(batchedCalls).hasValue(5);
        assertThat(result.failed()).isEqualTo(1);
        Map<String, Reply> batched = replies("batched");
        assertThat(batched).hasSize(N - 1);
        assertThat(batched.get("d005").text()).isEqualTo("sync retry d005");
        assertThat(batched.get("d005").cost()).as("at the synchronous price").isEqualByComparingTo("1");
        assertThat(batched.get("d006").cost()).isEqualByComparingTo("0.50");
        assertThat(batched.get("d006").text()).startsWith("batched ");
    }

    @Test
    void anExpiredBatchsUnansweredItemsGoInNewBatchesUpToThreeThenFail() throws Exception {
        FileBatchClient.release(fake, BatchStatus.State.EXPIRED);
        // batch 1 reaches d000 to d009; batch 2 all but d019; batch 3 none
        FileBatchClient.Outcome expiring = (id, prompt, batch) -> {
            int i = index(prompt);
            boolean reached = batch == 1 ? i < 10 : batch == 2 && i != 19;
            return reached ? FileBatchClient.ANSWER.of(id, prompt, batch) : null;
        };

        RunResult result = run(expiring, BatchMode.Retry.BATCH, true);

        assertThat(FileBatchClient.creates(fake)).isEqualTo(3);
        assertThat(Files.readAllLines(fake.resolve("batch_2.jsonl"))).hasSize(10);
        assertThat(Files.readAllLines(fake.resolve("batch_3.jsonl"))).hasSize(1);
        assertThat(replies("batched")).hasSize(N - 1).doesNotContainKey("d019");
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.dialogueId()).isEqualTo("d019");
            assertThat(f.error()).contains("3 times").contains("no result (the batch expired)");
            assertThat(f.attempts()).isEqualTo(3);
        });
    }

    @Test
    void withoutWaitingTheRunReturnsOnceSubmittedAndRunningAgainCollects() throws Exception {
        RunResult submitted = run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, false);

        assertThat(submitted.answered()).isEqualTo(N);
        assertThat(replies("batched")).isEmpty();
        assertThat(replies("sync")).hasSize(N);
        assertThat(BatchMode.pending(dir.resolve(BatchMode.FILE_NAME))).isEqualTo(1);
        assertThat(events()).containsExactly("intent b1", "submitted b1");

        // running again while the batch is pending submits nothing
        run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, false);
        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);

        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);
        RunResult collected = run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, false);

        assertThat(collected.answered()).isEqualTo(N);
        assertThat(collected.skipped()).isEqualTo(N);
        assertAllBatchedAnswered();
        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
        assertThat(syncCalls).hasValue(N);
        assertThat(BatchMode.pending(dir.resolve(BatchMode.FILE_NAME))).isZero();
    }

    @Test
    void aKillBetweenCollectingAndTheMarkerJournalsOnlyWhatIsMissing() throws Exception {
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);
        run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, true);
        // what a kill while journaling the batch's results leaves: some of them journaled, no marker
        Path responses = dir.resolve(ReplyJournal.FILE_NAME);
        List<String> kept = Fixtures.lines(responses).stream().filter(l -> !l.contains("\"batched\"")).toList();
        List<String> batchedLines = Fixtures.lines(responses).stream().filter(l -> l.contains("\"batched\"")).toList();
        List<String> left = new ArrayList<>(kept);
        left.addAll(batchedLines.subList(0, 7));
        Files.write(responses, left);
        Path batches = dir.resolve(BatchMode.FILE_NAME);
        Files.write(batches, Fixtures.lines(batches).subList(0, 2));

        RunResult resumed = run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, true);

        assertThat(resumed.answered()).isEqualTo(N - 7);
        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
        assertThat(Fixtures.lines(responses).subList(0, left.size())).isEqualTo(left);
        assertAllBatchedAnswered();
        assertThat(events()).containsExactly("intent b1", "submitted b1", "collected b1");
    }

    @Test
    void anIntentWithoutBatchIdIsResumedWhenTheProviderFindsItsBatchByLabel() throws Exception {
        run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, false);
        // what a kill after the provider created the batch, before its answer, leaves
        Path batches = dir.resolve(BatchMode.FILE_NAME);
        Files.write(batches, Fixtures.lines(batches).subList(0, 1));
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);

        run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, true);

        assertThat(FileBatchClient.creates(fake)).as("no second batch of the same items").isEqualTo(1);
        assertAllBatchedAnswered();
        assertThat(events()).containsExactly("intent b1", "submitted b1", "collected b1");
        assertThat(Fixtures.lines(batches).get(1)).contains("\"batchId\":\"batch_1\"");
    }

    @Test
    void anIntentWithoutBatchIdIsClosedAndItsItemsSubmittedAgainWhenTheProviderHasNoSuchBatch() throws Exception {
        run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, false);
        // what a kill after the intent, before the provider created the batch, leaves
        Path batches = dir.resolve(BatchMode.FILE_NAME);
        Files.write(batches, Fixtures.lines(batches).subList(0, 1));
        Files.writeString(fake.resolve("creates.txt"), "batch_1 empathy4j another b1 0123abcd\n");
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);

        run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, true);

        assertThat(FileBatchClient.creates(fake)).as("the other batch and the new one").isEqualTo(2);
        assertAllBatchedAnswered();
        assertThat(events()).containsExactly("intent b1", "collected b1", "intent b2", "submitted b2",
                "collected b2");
    }

    @Test
    void aRunKilledWhileItsBatchIsPendingResumesPollingItAndAnswersEachItemOnce() throws Exception {
        kill("run");
        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);

        RunResult resumed = run(FileBatchClient.ANSWER, BatchMode.Retry.BATCH, true);

        assertThat(FileBatchClient.creates(fake)).as("no second batch of the same items").isEqualTo(1);
        assertThat(resumed.answered()).isEqualTo(N + N - syncLinesAtKill);
        assertAllBatchedAnswered();
        assertThat(batchedCalls).hasValue(0);
        assertThat(events()).containsExactly("intent b1", "submitted b1", "collected b1");
    }

    @Test
    void aRatingKilledWhileItsBatchIsPendingResumesAndRatesEachItemOnce() throws Exception {
        kill("rate");
        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
        FileBatchClient.release(fake, BatchStatus.State.COMPLETED);
        // the judge answers "2 ...", but "garbage" for d003's reply
        FileBatchClient.Outcome judge = (id, prompt, batch) -> FileBatchClient.answered(id,
                prompt.endsWith("d003") ? "garbage" : "2 because " + prompt);
        AtomicInteger syncRatings = new AtomicInteger();

        RatingResult resumed = BatchMain.rating(dir, N, BatchMain.mode(fake, "judge", judge), (d, r, dim) -> {
            syncRatings.incrementAndGet();
            return new Score(dim.levels().get(0).code(), "sync");
        }).execute();

        assertThat(FileBatchClient.creates(fake)).isEqualTo(1);
        List<Rating> ratings = RatingJournal.read(dir.resolve(RatingJournal.FILE_NAME));
        assertThat(ratings.stream().map(RatingJournal::key).distinct()).hasSize(ratings.size());
        Map<String, Long> byRater = ratings.stream().collect(Collectors.groupingBy(Rating::rater,
                Collectors.counting()));
        assertThat(byRater).containsOnly(Map.entry("judge", (long) N - 1), Map.entry("sync", (long) N),
                Map.entry("panel", (long) N - 1));
        assertThat(ratings).filteredOn(r -> r.rater().equals("judge")).allSatisfy(r -> {
            assertThat(r.value()).isEqualTo(2);
            assertThat(r.rationale()).isEqualTo("2 because rate I hear you about " + r.dialogueId());
            assertThat(r.cost()).isEqualByComparingTo("0.50");
        });
        assertThat(resumed.failures()).singleElement().satisfies(f -> {
            assertThat(f.dialogueId()).isEqualTo("d003");
            assertThat(f.rater()).isEqualTo("judge");
            assertThat(f.rawAnswer()).isEqualTo("garbage");
        });
        assertThat(syncRatings.get()).isEqualTo(N - (int) syncLinesAtKill);
        assertThat(events(BatchMode.RATING_FILE_NAME)).containsExactly("intent b1", "submitted b1", "collected b1");
        assertThat(dir.resolve(BatchMode.FILE_NAME)).doesNotExist();
    }

    private long syncLinesAtKill;

    /**
     * Starts {@link BatchMain} in a child JVM, kills it (SIGKILL) once its batch is submitted and polled, and counts
     * the lines its synchronous condition or rater journaled.
     */
    private void kill(String kind) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-cp", classpath, BatchMain.class.getName(), dir.toString(),
                fake.toString(), kind, Integer.toString(N)).redirectErrorStream(true)
                .redirectOutput(fake.resolve("child.log").toFile()).start();
        String file = kind.equals("run") ? BatchMode.FILE_NAME : BatchMode.RATING_FILE_NAME;
        Path batches = dir.resolve(file);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(batches) && Files.readString(batches).contains("\"submitted\"")) && child.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(200); // polling
            assertThat(child.isAlive()).as("child still running; its log: %s", Files.readString(
                    fake.resolve("child.log"))).isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(events(file)).containsExactly("intent b1", "submitted b1");
        Path journal = dir.resolve(kind.equals("run") ? ReplyJournal.FILE_NAME : RatingJournal.FILE_NAME);
        syncLinesAtKill = Files.exists(journal) ? Fixtures.lines(journal).stream().filter(l -> l.contains("sync"))
                .count() : 0;
        assertThat(Fixtures.lines(journal)).noneMatch(l -> l.contains("\"condition\":\"batched\"")
                || l.contains("\"rater\":\"judge\""));
    }
}
