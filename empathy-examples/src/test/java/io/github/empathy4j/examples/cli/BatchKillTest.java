package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.core.run.ReplyJournal;
import io.github.empathy4j.core.run.ResponseCache;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.examples.FakeBatchApi;
import io.github.empathy4j.examples.FakeBatchApi.Outcome;
import io.github.empathy4j.examples.FakeOpenAi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code empathy run --batch} and {@code empathy rate --batch} in a child JVM, with the real batch clients (OpenAI's
 * and Anthropic's, the key in the child's environment) against {@link FakeBatchApi} in this JVM, killed (SIGKILL)
 * while their batch is in flight or while its results are being journaled, then run again: the same batch is polled
 * and collected, no item is submitted twice, each is journaled once at the batch price, and the items the batch
 * failed are tried again as {@code --batch-retry} says.
 */
class BatchKillTest {

    private static final String KEY = "sk-kill-FAKE-5d1c9e07a3b24f68";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SIGKILL_EXIT = 128 + 9;

    // each reply has 30 input and 10 output tokens (FakeBatchApi); prices per million tokens from prices.csv; the
    // sums checked with python3 -c "from decimal import Decimal as D; print(D(30)*D('1.25')/10**6+D(10)*D('5')/10**6)"
    // gpt-4o batch $1.25 / $5.00: 30 * 1.25 / 1e6 + 10 * 5.00 / 1e6 = 0.0000375 + 0.00005
    private static final BigDecimal GPT_4O_BATCH = new BigDecimal("0.0000875");
    // gpt-4o at once $2.50 / $10.00: 30 * 2.50 / 1e6 + 10 * 10.00 / 1e6 = 0.000075 + 0.0001
    private static final BigDecimal GPT_4O_SYNC = new BigDecimal("0.000175");
    // claude-sonnet-4-5 batch $1.50 / $7.50: 30 * 1.50 / 1e6 + 10 * 7.50 / 1e6 = 0.000045 + 0.000075
    private static final BigDecimal CLAUDE_BATCH = new BigDecimal("0.00012");
    // gemini-2.5-flash batch $0.15 / $1.25: 30 * 0.15 / 1e6 + 10 * 1.25 / 1e6 = 0.0000045 + 0.0000125
    private static final BigDecimal GEMINI_BATCH = new BigDecimal("0.000017");

    private final FakeBatchApi fake = new FakeBatchApi();

    @RegisterExtension
    final WireMockExtension server = fake.server();

    @TempDir
    Path dir;

    private final List<Path> logs = new ArrayList<>();

    @BeforeEach
    void stub() {
        FakeBatchApi.stub(server);
    }

    private String base() {
        return server.baseUrl() + "/v1";
    }

    /** Starts the command line in a child JVM with {@code variable} set to the fake key, its output to a log. */
    private Process start(String variable, List<String> args) throws IOException {
        Path log = dir.resolve("child-" + (logs.size() + 1) + ".log");
        logs.add(log);
        // the test classpath's simplelogger.properties logs errors only; the command's own logs warnings and info
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.github.empathy4j=info", "-cp", System.getProperty(
                "surefire.test.class.path", System.getProperty("java.class.path")), EmpathyCli.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(variable, KEY);
        return builder.start();
    }

    /** Runs the command line in a child JVM to its end; returns its exit code. */
    private int complete(String variable, List<String> args) throws Exception {
        Process child = start(variable, args);
        try {
            assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("the child ended").isTrue();
        } finally {
            child.destroyForcibly();
        }
        return child.exitValue();
    }

    /** Waits until {@code condition} holds while the child runs; kills the child if it does not. */
    private void await(Process child, String what, BooleanSupplier condition) throws Exception {
        Path log = logs.get(logs.size() - 1);
        boolean held = false;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!condition.getAsBoolean()) {
                assertThat(child.isAlive()).as("the child ended before %s; its output:%n%s", what,
                        Files.readString(log)).isTrue();
                assertThat(System.nanoTime() < deadline).as("%s within 3 minutes", what).isTrue();
                Thread.sleep(10);
            }
            held = true;
        } finally {
            if (!held) {
                child.destroyForcibly();
            }
        }
    }

    /** Kills the child (SIGKILL). */
    private static void kill(Process child) throws Exception {
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(SIGKILL_EXIT);
    }

    /** Waits until {@code condition} holds while the child runs, then kills it (SIGKILL). */
    private void killWhen(Process child, String what, BooleanSupplier condition) throws Exception {
        await(child, what, condition);
        kill(child);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a journal, each parsed. */
    private static List<JsonNode> lines(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : read(file).split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return lines;
    }

    /** How many lines of a journal hold each key, the key being these fields' values. */
    private static Map<String, Long> linesPerKey(Path file, String... fields) {
        return lines(file).stream().collect(Collectors.groupingBy(l -> {
            List<String> key = new ArrayList<>();
            for (String f : fields) {
                key.add(l.path(f).asText());
            }
            return String.join("/", key);
        }, Collectors.counting()));
    }

    /** The events of a file of batches, such as {@code intent b1}. */
    private static List<String> events(Path file) {
        return lines(file).stream().map(l -> l.path("event").asText() + " " + l.path("batch").asText()).toList();
    }

    /** No call went out without the fake key, and no output of any child shows it. */
    private void assertKeyUsedAndNeverShown() {
        assertThat(fake.keys()).isNotEmpty().containsOnly(KEY);
        for (Path log : logs) {
            assertThat(read(log)).as(log.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(8));
        }
    }

    private Path dataset() {
        return Cli.writeDialogues(dir.resolve("dialogues.jsonl"), Cli.dialogues(1));
    }

    /**
     * Kills {@code run --batch} while its batch is in flight, lets the batch end with one item failed by a server
     * error, and runs again: the same batch is collected, the failed item alone goes in a second batch, and each of
     * the 32 items is answered once, at the batch price.
     */
    private void runKilledWhileItsBatchIsInFlight(String spec, String variable, String batchPrefix,
            BigDecimal batchCost) throws Exception {
        Path out = dir.resolve("run");
        List<Dialogue> dialogues = Cli.dialogues(1).dialogues();
        Dialogue failing = dialogues.get(3);
        fake.answers((batch, prompt) -> batch == 1 && prompt.contains(failing.speakerUtterance())
                ? Outcome.error(500) : Outcome.answer("answer from batch " + batch));
        List<String> args = List.of("run", dataset().toString(), "--model", "m=" + spec, "--no-include-human",
                "--batch", "--out", out.toString());
        Path batches = out.resolve(RunDirectory.BATCHES);
        String first = batchPrefix + "1";

        killWhen(start(variable, args), "the batch is submitted and polled", () -> fake.batches().size() == 1
                && read(batches).contains("\"submitted\"") && fake.polls(first) >= 1);

        assertThat(events(batches)).containsExactly("intent b1", "submitted b1");
        assertThat(read(batches)).contains("\"batchId\":\"" + first + "\"");
        assertThat(lines(out.resolve(RunDirectory.RESPONSES))).isEmpty();
        fake.release();

        assertThat(complete(variable, args)).as(read(logs.get(1))).isZero();

        assertThat(read(logs.get(1))).contains("resuming batch b1 (" + first + ") of m: 32 items")
                .contains("empathy: batch " + first + " completed");
        List<FakeBatchApi.Batch> created = fake.batches();
        assertThat(created).as("the batch resumed, and one for the failed item").hasSize(2);
        assertThat(created.get(0).prompts()).hasSize(32);
        String failedId = created.get(0).prompts().entrySet().stream().filter(e -> e.getValue().contains(
                failing.speakerUtterance())).map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(created.get(1).prompts().keySet()).containsExactly(failedId);
        assertThat(fake.synchronous()).isEmpty();
        assertThat(events(batches)).containsExactly("intent b1", "submitted b1", "collected b1", "intent b2",
                "submitted b2", "collected b2");

        Path responses = out.resolve(RunDirectory.RESPONSES);
        assertThat(linesPerKey(responses, "condition", "dialogueId")).hasSize(32).allSatisfy((key, n) ->
                assertThat(n).as(key).isEqualTo(1));
        Map<String, Reply> replies = ReplyJournal.read(responses).stream().collect(Collectors.toMap(
                Reply::dialogueId, Function.identity()));
        assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(dialogues.stream().map(Dialogue::id)
                .toList());
        replies.values().forEach(r -> {
            boolean retried = r.dialogueId().equals(failing.id());
            assertThat(r.text()).as(r.dialogueId()).isEqualTo("answer from batch " + (retried ? 2 : 1));
            assertThat(r.attempts()).as(r.dialogueId()).isEqualTo(retried ? 2 : 1);
            assertThat(r.cost()).as(r.dialogueId()).isEqualByComparingTo(batchCost);
        });
        assertKeyUsedAndNeverShown();
    }

    @Test
    void anOpenAiBatchRunKilledInFlightResumesItsBatchAndAnswersEachItemOnceAtTheBatchPrice() throws Exception {
        runKilledWhileItsBatchIsInFlight("openai:gpt-4o?baseUrl=" + base(), "OPENAI_API_KEY", "batch_",
                GPT_4O_BATCH);

        assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/v1/files")))).as("one upload per batch")
                .hasSize(2);
        assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/v1/batches")))).hasSize(2);
    }

    @Test
    void anAnthropicBatchRunKilledInFlightResumesItsBatchAndAnswersEachItemOnceAtTheBatchPrice() throws Exception {
        runKilledWhileItsBatchIsInFlight("anthropic:claude-sonnet-4-5?baseUrl=" + base(), "ANTHROPIC_API_KEY",
                "msgbatch_", CLAUDE_BATCH);

        assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/v1/messages/batches")))).hasSize(2);
    }

    @Test
    void aGeminiBatchRunKilledInFlightResumesItsBatchAndAnswersEachItemOnceAtTheBatchPrice() throws Exception {
        runKilledWhileItsBatchIsInFlight("gemini:gemini-2.5-flash?baseUrl=" + server.baseUrl() + "/v1beta",
                "GEMINI_API_KEY", "batches/", GEMINI_BATCH);
    }

    @Test
    void aRatingKilledInFlightResumesItsBatchRatesEachReplyOnceAndRetriesSynchronously() throws Exception {
        Path run = dir.resolve("run");
        TestRuns.create(run);
        // the judge's batch fails t03's human reply with a server error and t05's with an invalid request
        fake.answers((batch, prompt) -> {
            String reply = FakeOpenAi.ratedReply(prompt);
            if (batch == 0) {
                return Outcome.answer(FakeOpenAi.rating("Good"));
            }
            return reply.equals("human reply 3") ? Outcome.error(500) : reply.equals("human reply 5")
                    ? Outcome.error(400) : Outcome.answer(FakeOpenAi.rating("Okay"));
        });
        String judge = "openai:gpt-4o?baseUrl=" + base();
        List<String> args = List.of("rate", "--run", run.toString(), "--judge", judge, "--batch", "--batch-retry",
                "sync");
        Path batches = run.resolve(RunDirectory.RATING_BATCHES);

        killWhen(start("OPENAI_API_KEY", args), "the batch is submitted and polled", () -> fake.batches().size()
                == 1 && read(batches).contains("\"submitted\"") && fake.polls("batch_1") >= 1);

        assertThat(events(batches)).containsExactly("intent b1", "submitted b1");
        assertThat(lines(run.resolve(RunDirectory.RATINGS))).isEmpty();
        fake.release();

        assertThat(complete("OPENAI_API_KEY", args)).as("t05 failed: %s", read(logs.get(1))).isEqualTo(1);

        assertThat(fake.batches()).singleElement().satisfies(b -> assertThat(b.prompts()).hasSize(24));
        assertThat(fake.synchronous()).singleElement().satisfies(p -> assertThat(FakeOpenAi.ratedReply(p))
                .isEqualTo("human reply 3"));
        assertThat(events(batches)).containsExactly("intent b1", "submitted b1", "collected b1");
        Path ratings = run.resolve(RunDirectory.RATINGS);
        assertThat(linesPerKey(ratings, "condition", "dialogueId", "rater", "dimension")).hasSize(23)
                .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        List<Rating> rated = RatingJournal.read(ratings);
        assertThat(rated).noneMatch(r -> r.condition().equals("human") && r.dialogueId().equals("t05"));
        rated.forEach(r -> {
            boolean retried = r.condition().equals("human") && r.dialogueId().equals("t03");
            assertThat(r.value()).as(r.toString()).isEqualTo(retried ? 3 : 2);
            assertThat(r.cost()).as(r.toString()).isEqualByComparingTo(retried ? GPT_4O_SYNC : GPT_4O_BATCH);
        });
        assertThat(lines(run.resolve(RunDirectory.RATING_FAILURES))).singleElement().satisfies(f -> {
            assertThat(f.path("dialogueId").asText()).isEqualTo("t05");
            assertThat(f.toString()).contains("HTTP 400");
        });
        assertKeyUsedAndNeverShown();
    }

    /**
     * Kills {@code run --batch --judge} once its replies' batch is collected and its judge's batch is in flight, and
     * runs it again: the replies are not asked again, the judge's batch is collected, and the report is written.
     */
    @Test
    void aRunWithAJudgeKilledWhileTheJudgesBatchIsInFlightResumesItAndRatesEachReplyOnce() throws Exception {
        fake.answers((batch, prompt) -> Outcome.answer(prompt.contains("The listener's response to rate:")
                ? FakeOpenAi.rating("Okay") : "answer from batch " + batch));
        fake.releaseUpTo(1);
        Path out = dir.resolve("run");
        List<String> args = List.of("run", dataset().toString(), "--model", "m=openai:gpt-4o?baseUrl=" + base(),
                "--judge", "openai:gpt-4o?baseUrl=" + base(), "--batch", "--out", out.toString());
        Path ratingBatches = out.resolve(RunDirectory.RATING_BATCHES);

        killWhen(start("OPENAI_API_KEY", args), "the judge's batch is submitted and polled", () -> fake.batches()
                .size() == 2 && read(ratingBatches).contains("\"submitted\"") && fake.polls("batch_2") >= 1);

        assertThat(events(ratingBatches)).containsExactly("intent b1", "submitted b1");
        assertThat(lines(out.resolve(RunDirectory.RATINGS))).isEmpty();
        fake.release();

        assertThat(complete("OPENAI_API_KEY", args)).as(read(logs.get(1))).isZero();

        assertThat(fake.batches()).as("the replies' batch and the judge's").hasSize(2);
        assertThat(fake.batches().get(1).prompts()).hasSize(64); // the human reply and m's, of 32 dialogues
        assertThat(events(out.resolve(RunDirectory.BATCHES))).containsExactly("intent b1", "submitted b1",
                "collected b1");
        assertThat(events(ratingBatches)).containsExactly("intent b1", "submitted b1", "collected b1");
        assertThat(linesPerKey(out.resolve(RunDirectory.RESPONSES), "condition", "dialogueId")).hasSize(64)
                .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        Path ratings = out.resolve(RunDirectory.RATINGS);
        assertThat(linesPerKey(ratings, "condition", "dialogueId", "rater", "dimension")).hasSize(64)
                .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        assertThat(RatingJournal.read(ratings)).allSatisfy(r -> {
            assertThat(r.value()).isEqualTo(2);
            assertThat(r.cost()).isEqualByComparingTo(GPT_4O_BATCH);
        });
        assertThat(out.resolve(RunDirectory.REPORT)).isDirectory();
        assertKeyUsedAndNeverShown();
    }

    /**
     * Kills {@code run --batch} after it journaled the first of its batch's results and before the rest: the
     * response cache ({@code --cache}) is locked by this JVM, so the child waits ({@link ResponseCache#BUSY_TIMEOUT})
     * to cache the first answer it journaled. Running again journals only the others.
     */
    @Test
    void aRunKilledWhileJournalingItsBatchsResultsJournalsOnlyTheRestWhenRunAgain() throws Exception {
        Path out = dir.resolve("run");
        Path cache = dir.resolve("cache");
        try (ResponseCache created = ResponseCache.open(cache)) {
            created.put("a key", "openai:other", Reply.recorded("x", "d", "cached"));
        }
        List<String> args = List.of("run", dataset().toString(), "--model", "m=openai:gpt-4o?baseUrl=" + base(),
                "--no-include-human", "--batch", "--cache", cache.toString(), "--out", out.toString());
        Path batches = out.resolve(RunDirectory.BATCHES);
        Path responses = out.resolve(RunDirectory.RESPONSES);
        Process child = start("OPENAI_API_KEY", args);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + cache.resolve(
                ResponseCache.FILE_NAME)); Statement lock = connection.createStatement()) {
            await(child, "the batch is submitted and polled", () -> fake.batches().size() == 1
                    && read(batches).contains("\"submitted\"") && fake.polls("batch_1") >= 1);
            lock.execute("BEGIN IMMEDIATE");
            fake.release();
            await(child, "the first result is journaled", () -> !lines(responses).isEmpty());
            Thread.sleep(500); // the child waits to cache it
            kill(child);
            lock.execute("ROLLBACK");
        } finally {
            child.destroyForcibly();
        }
        assertThat(lines(responses)).as("killed after the first result, before the others").hasSize(1);
        assertThat(events(batches)).containsExactly("intent b1", "submitted b1");

        assertThat(complete("OPENAI_API_KEY", args)).as(read(logs.get(1))).isZero();

        assertThat(fake.batches()).singleElement().satisfies(b -> assertThat(b.prompts()).hasSize(32));
        assertThat(events(batches)).containsExactly("intent b1", "submitted b1", "collected b1");
        assertThat(linesPerKey(responses, "condition", "dialogueId")).hasSize(32).allSatisfy((key, n) ->
                assertThat(n).as(key).isEqualTo(1));
        assertThat(ReplyJournal.read(responses)).allSatisfy(r -> {
            assertThat(r.text()).isEqualTo("answer from batch 1");
            assertThat(r.cost()).isEqualByComparingTo(GPT_4O_BATCH);
        });
        assertKeyUsedAndNeverShown();
    }

    /**
     * Kills {@code run --batch} after the provider created its batch and before the answer came back: the run
     * folder has the intent but not the batch id. Runs again; each item is journaled once, at the batch price.
     *
     * @return the second child's output
     */
    private String runKilledWhileTheProviderCreatesItsBatch(String spec, String variable) throws Exception {
        fake.holdCreateOf(1);
        Path out = dir.resolve("run");
        List<String> args = List.of("run", dataset().toString(), "--model", "m=" + spec, "--no-include-human",
                "--batch", "--out", out.toString());
        try {
            killWhen(start(variable, args), "the batch is created", fake::createHeld);
        } finally {
            fake.answerCreate();
        }
        assertThat(events(out.resolve(RunDirectory.BATCHES))).containsExactly("intent b1");
        fake.release();

        assertThat(complete(variable, args)).as(read(logs.get(1))).isZero();

        Path responses = out.resolve(RunDirectory.RESPONSES);
        assertThat(linesPerKey(responses, "condition", "dialogueId")).hasSize(32).allSatisfy((key, n) ->
                assertThat(n).as(key).isEqualTo(1));
        assertKeyUsedAndNeverShown();
        return read(logs.get(1));
    }

    /** OpenAI's batches carry their label: the run finds the batch it was creating and resumes it. */
    @Test
    void anOpenAiRunKilledWhileTheProviderCreatesItsBatchFindsItByItsLabelAndResumesIt() throws Exception {
        String output = runKilledWhileTheProviderCreatesItsBatch("openai:gpt-4o?baseUrl=" + base(),
                "OPENAI_API_KEY");

        assertThat(output).contains("batch b1 of m was being submitted when the run stopped; the provider has it"
                + " (batch_1): resuming it, 32 items");
        assertThat(fake.batches()).as("no second batch of the same items").singleElement().satisfies(b ->
                assertThat(b.label()).matches("empathy4j run b1 [0-9a-f]{8}"));
        Path out = dir.resolve("run");
        assertThat(events(out.resolve(RunDirectory.BATCHES))).containsExactly("intent b1", "submitted b1",
                "collected b1");
        assertThat(ReplyJournal.read(out.resolve(RunDirectory.RESPONSES))).allSatisfy(r -> {
            assertThat(r.text()).isEqualTo("answer from batch 1");
            assertThat(r.cost()).isEqualByComparingTo(GPT_4O_BATCH);
        });
    }

    /** So do Gemini's (their display name). */
    @Test
    void aGeminiRunKilledWhileTheProviderCreatesItsBatchFindsItByItsLabelAndResumesIt() throws Exception {
        String output = runKilledWhileTheProviderCreatesItsBatch("gemini:gemini-2.5-flash?baseUrl="
                + server.baseUrl() + "/v1beta", "GEMINI_API_KEY");

        assertThat(output).contains("the provider has it (batches/1): resuming it");
        assertThat(fake.batches()).hasSize(1);
        assertThat(ReplyJournal.read(dir.resolve("run").resolve(RunDirectory.RESPONSES))).allSatisfy(r ->
                assertThat(r.cost()).isEqualByComparingTo(GEMINI_BATCH));
    }

    /**
     * Anthropic's Message Batches have no label: the run submits the items again and says so; the provider's first
     * batch is an orphan, never polled nor collected.
     */
    @Test
    void anAnthropicRunKilledWhileTheProviderCreatesItsBatchSubmitsItsItemsAgain() throws Exception {
        String output = runKilledWhileTheProviderCreatesItsBatch("anthropic:claude-sonnet-4-5?baseUrl=" + base(),
                "ANTHROPIC_API_KEY");

        assertThat(output).contains("batch b1 of m was being submitted when the run stopped; submitting its 32 items"
                + " again");
        List<FakeBatchApi.Batch> created = fake.batches();
        assertThat(created).hasSize(2);
        assertThat(created.get(1).prompts()).isEqualTo(created.get(0).prompts());
        assertThat(fake.polls("msgbatch_1")).as("the orphan").isZero();
        Path out = dir.resolve("run");
        assertThat(events(out.resolve(RunDirectory.BATCHES))).containsExactly("intent b1", "collected b1",
                "intent b2", "submitted b2", "collected b2");
        assertThat(ReplyJournal.read(out.resolve(RunDirectory.RESPONSES))).allSatisfy(r -> {
            assertThat(r.text()).isEqualTo("answer from batch 2");
            assertThat(r.cost()).isEqualByComparingTo(CLAUDE_BATCH);
        });
    }
}
