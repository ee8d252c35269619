package io.github.empathy4j.benchmarks.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.ReplyJournal;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunResult;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Measures the run engine with the real LangChain4j OpenAI client ({@code openai-compatible}) against an
 * in-process OpenAI-compatible server on 127.0.0.1 ({@link FakeOpenAiServer}).
 *
 * <p>Scenarios: 2,000 dialogues at concurrency 64 against a server that answers after 100 ms (target:
 * wall time at most 1.15 x the ideal 2,000 x 0.1 s / 64, heap under 512 MB), measured once cold (a small
 * warm-up run in the fresh JVM) and once warm; the cost per call against a server that answers at once,
 * at concurrency 1 and 8, beside a bare JDK client's round trip (the difference is the engine's, the
 * adapter's and LangChain4j's share); and 2,000 dialogues where the server refuses the
 * first request of every 5th dialogue with HTTP 429 and {@code Retry-After: 1} (sporadic refusals, not a used-up
 * quota): the run must answer every item exactly once, with exactly 400 refusals, each retried once
 * ({@link RunResult#retries()} counts a 429's retry too), and no failure; its wall time is reported beside what it
 * would be if only the refused items waited (the calls at full concurrency plus at most one {@code Retry-After}).
 * The server runs in the same JVM and shares the machine's cores, so the figures include its cost.
 *
 * <p>Run from the project root:
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl empathy-benchmarks -am
 * java -Xmx512m -cp empathy-benchmarks/target/benchmarks.jar io.github.empathy4j.benchmarks.run.HttpRunBenchmark \
 *     [latency] [overhead] [rate-limit]
 * </pre>
 * (the scenarios named, all by default).
 * Exits with status 1 when an item is answered more or less than once or the calls and retries differ
 * from what the server's rule implies; timing targets are reported, not enforced.
 */
public final class HttpRunBenchmark {

    private static final int ITEMS = 2_000;
    private static final int WARM_UP_ITEMS = 256;
    private static final int CONCURRENCY = 64;
    private static final long LATENCY_MS = 100;
    /** Every n-th dialogue's first request is refused with 429 in the rate-limit scenario. */
    private static final int THROTTLE_EVERY = 5;
    private static final PromptTemplate TEMPLATE = PromptTemplate.defaultTemplate();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean correct = true;

    private HttpRunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Real servers (uvicorn, nginx) send with TCP_NODELAY; without it the JDK server's separate writes of
        // headers and body meet the client's delayed ACK and every call waits about 40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.out.printf(Locale.ROOT, "HTTP run benchmark: %d cores, max heap %d MB, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        List<String> scenarios = args.length == 0 ? List.of("latency", "overhead", "rate-limit") : List.of(args);
        for (String scenario : scenarios) {
            switch (scenario) {
                case "latency" -> latency();
                case "overhead" -> overhead();
                case "rate-limit" -> rateLimited();
                default -> {
                    System.err.println("usage: HttpRunBenchmark [latency] [overhead] [rate-limit]; was " + scenario);
                    System.exit(2);
                }
            }
        }
        if (!correct) {
            System.out.println("FAILED: see the lines marked WRONG");
            System.exit(1);
        }
    }

    /** A small cold run first (JVM start-up, class loading, JIT), then the measured 2,000 dialogues. */
    private static void latency() throws IOException {
        System.out.printf(Locale.ROOT, "%nlatency scenario: server answers after %d ms, concurrency %d%n", LATENCY_MS,
                CONCURRENCY);
        try (FakeOpenAiServer server = new FakeOpenAiServer(LATENCY_MS)) {
            Measured cold = measure(server, WARM_UP_ITEMS, CONCURRENCY);
            report("cold (warm-up run in a fresh JVM)", cold, WARM_UP_ITEMS);
            server.resetPeak();
            RunBenchmark.resetPeaks();
            Measured warm = measure(server, ITEMS, CONCURRENCY);
            long peakHeap = RunBenchmark.peakHeapMb();
            report("warm", warm, ITEMS);
            System.out.printf(Locale.ROOT, "  requests in flight at the server at most: %d (of %d allowed)%n",
                    server.peakInFlight(), CONCURRENCY);
            System.out.printf(Locale.ROOT, "  peak heap of the warm run %d MB (sum of heap pool peaks; target < 512):"
                    + " %s%n", peakHeap, peakHeap < 512 ? "met" : "NOT met");
        }
    }

    private static void report(String label, Measured run, int items) {
        double ideal = items * LATENCY_MS / 1000.0 / CONCURRENCY;
        double ratio = run.seconds() / ideal;
        System.out.printf(Locale.ROOT, "  %s: %d calls in %.3f s, ideal %.3f s, ratio %.3f (target <= 1.15): %s%n",
                label, items, run.seconds(), ideal, ratio, ratio <= 1.15 ? "met" : "NOT met");
    }

    /**
     * A server that answers at once: wall time / calls is the cost of engine, adapter, LangChain4j, HTTP
     * client and server together; a bare JDK client's round trip to the same server, one at a time, shows
     * how much of it is HTTP.
     */
    private static void overhead() throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "%noverhead scenario: %d calls, server answers at once%n", ITEMS);
        try (FakeOpenAiServer server = new FakeOpenAiServer(0)) {
            for (int concurrency : new int[] {1, 8}) {
                measure(server, ITEMS / 4, concurrency); // warm-up
                Measured run = measure(server, ITEMS, concurrency);
                System.out.printf(Locale.ROOT, "  concurrency %d: %.0f us per call (wall time / calls, server "
                        + "included)%n", concurrency, run.seconds() * 1e6 / ITEMS);
            }
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\": \"" + "x".repeat(800) + "\"}"))
                    .build();
            double micros = 0;
            for (int round = 0; round < 2; round++) { // the first round warms up
                long start = System.nanoTime();
                for (int i = 0; i < ITEMS; i++) {
                    client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                }
                micros = (System.nanoTime() - start) / 1e3 / ITEMS;
            }
            System.out.printf(Locale.ROOT, "  bare JDK HttpClient round trip to the same server, one at a time: %.0f us"
                    + " per call%n", micros);
        }
    }

    /**
     * Every 5th dialogue's first request gets 429 with Retry-After: 1: expected 2,400 calls, 400 refusals, 400 retries
     * and no failure; only the refused items should wait.
     */
    private static void rateLimited() throws IOException {
        System.out.printf(Locale.ROOT, "%nrate-limit scenario: %d dialogues, the first request of every %dth refused "
                + "with 429 and Retry-After: 1, else answered after %d ms, concurrency %d, default retry policy%n",
                ITEMS, THROTTLE_EVERY, LATENCY_MS, CONCURRENCY);
        try (FakeOpenAiServer server = new FakeOpenAiServer(LATENCY_MS, THROTTLE_EVERY)) {
            Measured run = measure(server, ITEMS, CONCURRENCY);
            int refused = ITEMS / THROTTLE_EVERY;
            boolean expected = run.calls() == ITEMS + refused && server.refused() == refused
                    && run.result().retries() == refused && run.result().failures().isEmpty();
            correct &= expected;
            System.out.printf(Locale.ROOT, "  %.3f s, %d calls, %d refused with 429, %d retries, %d failures: %s%n",
                    run.seconds(), run.calls(), server.refused(), run.result().retries(), run.result().failed(),
                    expected ? "as expected" : "WRONG (expected " + (ITEMS + refused) + " calls, " + refused
                            + " refused, " + refused + " retries, no failure)");
            // Waits hold neither a thread nor a slot, and a sporadic refusal delays only its own item: the calls take
            // what they take at full concurrency, and the last refused items' wait adds at most one Retry-After.
            double calls = ITEMS * LATENCY_MS / 1000.0 / CONCURRENCY;
            System.out.printf(Locale.ROOT, "  expected between %.1f s (the calls at full concurrency, %d x %.1f s / %d)"
                    + " and %.1f s (plus one Retry-After, when only the refused items wait): ratio to the latter"
                    + " %.2f%n",
                    calls, ITEMS, LATENCY_MS / 1000.0, CONCURRENCY, calls + 1.0, run.seconds() / (calls + 1.0));
        }
    }

    private record Measured(double seconds, int calls, RunResult result) {
    }

    /** One run into a fresh folder; checks its journal, then deletes the folder. */
    private static Measured measure(FakeOpenAiServer server, int items, int concurrency) throws IOException {
        Condition condition = ModelProviders.load(Environment.of(Map.of()))
                .condition("openai-compatible:bench-model?baseUrl=" + server.baseUrl(), TEMPLATE);
        Path dir = Files.createTempDirectory("empathy-http-bench");
        try {
            int callsBefore = server.calls();
            long start = System.nanoTime();
            RunResult result = Run.builder().outputDirectory(dir).dialogues(RunBenchmark.dialogues(items))
                    .condition(condition).concurrency(concurrency).build().execute();
            double seconds = (System.nanoTime() - start) / 1e9;
            checkJournal(dir.resolve(ReplyJournal.FILE_NAME), items, result);
            return new Measured(seconds, server.calls() - callsBefore, result);
        } finally {
            RunBenchmark.delete(dir);
        }
    }

    /** Reads responses.jsonl line by line: every (condition, dialogue) exactly once, every item answered. */
    private static void checkJournal(Path journal, int items, RunResult result) throws IOException {
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        Set<String> unique = new HashSet<>();
        for (String line : lines) {
            JsonNode reply = JSON.readTree(line);
            unique.add(reply.path("condition").asText() + '\u0000' + reply.path("dialogueId").asText());
        }
        int duplicates = lines.size() - unique.size();
        boolean ok = unique.size() == items && duplicates == 0 && result.answered() == items && result.complete();
        if (!ok) {
            System.out.printf(Locale.ROOT, "  WRONG journal: %d lines, %d distinct items of %d, %d duplicates, "
                    + "%d failures%n", lines.size(), unique.size(), items, duplicates, result.failed());
        }
        correct &= ok;
    }
}
