package io.github.empathy4j.benchmarks.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.benchmarks.run.FakeOpenAiServer.LimitHeaders;
import io.github.empathy4j.benchmarks.run.FakeOpenAiServer.Quota;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.core.run.RatingResult;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.ReplyJournal;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Issue 11's scenarios: the run engine at a provider's quota, per provider, with the real LangChain4j clients
 * against in-process OpenAI-compatible servers ({@link FakeOpenAiServer}) that answer after 100 ms.
 * <ol>
 * <li>Quota unknown to the client: 1,000 dialogues at concurrency 64, no rate limit given, against a server
 * allowing 6,000 requests a minute with one second's burst (a bucket of 100 refilled at 100/s), refusing the rest
 * with 429 and OpenAI's {@code x-ratelimit-*} headers and {@code retry-after-ms}. Targets: wall time within
 * 1.15 x what the quota allows (the first 100 at once, then 100 a second, plus one call), under 5 % of the
 * requests refused, no item failed.</li>
 * <li>The same server sending only {@code Retry-After} (whole seconds) on a 429: within 1.3 x, under 15 %
 * refused, no item failed.</li>
 * <li>Two providers in one run: {@code openai} at 600 requests a minute (set with {@code rateLimit} and enforced
 * by its server) beside an unlimited {@code openai-compatible}, 1,000 dialogues each: the unlimited one's last
 * reply (by its server's clock) within 1.15 x of its time alone.</li>
 * <li>Answering 2,000 dialogues, then a panel of three judges ({@code openai}, {@code mistral} and
 * {@code openai-compatible}, each on its own server with its own quota: 12,000, 9,000 and 6,000 requests a
 * minute, low enough for two shared cores to keep up, OpenAI's headers, no rate limit given): the rating's wall
 * time within 1.15 x the slowest judge's quota-implied time, under 5 % of each judge's requests refused; each judge
 * server had requests in flight at once (more than one), and all three judges were active at once for over 90 % of
 * the quickest judge's active time (judges one after another would give about 0 %).</li>
 * <li>2,000 dialogues x 100 ms at concurrency 64, the engine against hand-written LangChain4j (a fixed pool of
 * 64 threads calling one {@code OpenAiChatModel}) on the same server, both warmed up alike (256 calls each), then
 * alternately, five times each: the engine's median no slower.</li>
 * </ol>
 * The 500,000-item journal and 1,000,000-entry cache are {@code io.github.empathy4j.core.run.ScaleBenchmark}'s.
 *
 * <p>Run from the project root (the scenario numbers are optional, all by default; scenario 3 takes about 100 s,
 * the limited provider's quota):
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl empathy-benchmarks -am
 * java -Xmx1g -cp empathy-benchmarks/target/benchmarks.jar io.github.empathy4j.benchmarks.run.QuotaBenchmark [1 2 3 4 5]
 * </pre>
 * Concurrency 64 is the run's default, which the engine applies to each provider's lane. Prints a table of figures,
 * each beside its target, with the load average and how busy the machine's cores were in the timed phase (near
 * 100 %: other processes competed and the times are distorted; rerun that scenario). Exits with status 1 only for
 * a correctness violation (an item lost, journaled twice, or failed where none may fail); timing targets are
 * reported, never enforced. The servers run in the same JVM and share the machine's cores.
 */
public final class QuotaBenchmark {

    private static final long LATENCY_MS = 100;
    private static final int CONCURRENCY = 64;
    /** Rounds of scenario 5, each side once a round. */
    private static final int ROUNDS = 5;
    private static final PromptTemplate TEMPLATE = PromptTemplate.defaultTemplate();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelProviders PROVIDERS = ModelProviders.load(Environment.of(Map.of(
            "OPENAI_API_KEY", "sk-bench", "MISTRAL_API_KEY", "bench")));

    private static final List<Row> ROWS = new ArrayList<>();
    private static boolean correct = true;
    /** The machine's CPU ticks when the current timed phase started, see {@link #startClock()}. */
    private static long[] clock = new long[2];

    private QuotaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Real servers send with TCP_NODELAY; without it the JDK server's separate writes of headers and body
        // meet the client's delayed ACK and every call waits about 40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Set<Integer> scenarios = new TreeSet<>();
        for (String arg : args) {
            if (!arg.matches("[1-5]")) {
                System.err.println("usage: QuotaBenchmark [SCENARIO...], scenarios 1 to 5 (all by default); was " + arg);
                System.exit(2);
            }
            scenarios.add(Integer.parseInt(arg));
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(List.of(1, 2, 3, 4, 5));
        }
        System.out.printf(Locale.ROOT, "quota benchmark: %d cores, max heap %d MB, Java %s, load %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), load());
        warmUp();
        for (int scenario : scenarios) {
            switch (scenario) {
                case 1 -> quotaUnknown(1, LimitHeaders.OPENAI, 1.15, 0.05);
                case 2 -> quotaUnknown(2, LimitHeaders.RETRY_AFTER, 1.3, 0.15);
                case 3 -> twoProviders();
                case 4 -> panel();
                case 5 -> handWritten();
                default -> throw new IllegalStateException("no scenario " + scenario);
            }
        }
        System.out.printf(Locale.ROOT, "%n%-3s %-58s %-12s %-12s %-8s %s%n", "#", "figure", "value", "target",
                "verdict", "load");
        for (Row row : ROWS) {
            System.out.printf(Locale.ROOT, "%-3s %-58s %-12s %-12s %-8s %s%n", row.scenario(), row.figure(),
                    row.value(), row.target(), row.verdict(), row.load());
        }
        if (!correct) {
            System.out.println("FAILED: an item was lost, journaled twice, or failed (see the rows marked WRONG)");
            System.exit(1);
        }
    }

    /** One line of the closing table. */
    private record Row(int scenario, String figure, String value, String target, String verdict, String load) {
    }

    /** A ratio of times, met at or below its target. */
    private static void timing(int scenario, String figure, double ratio, double target, String load) {
        ROWS.add(new Row(scenario, figure, String.format(Locale.ROOT, "%.3fx", ratio),
                String.format(Locale.ROOT, "<= %.2fx", target), ratio <= target ? "met" : "NOT met", load));
    }

    /** A share, met below its target. */
    private static void share(int scenario, String figure, double value, double target, String load) {
        ROWS.add(new Row(scenario, figure, String.format(Locale.ROOT, "%.1f%%", value * 100),
                String.format(Locale.ROOT, "< %.0f%%", target * 100), value < target ? "met" : "NOT met", load));
    }

    /** A figure without a target. */
    private static void info(int scenario, String figure, String value, String load) {
        ROWS.add(new Row(scenario, figure, value, "", "", load));
    }

    /** A correctness figure: its violation makes the benchmark fail. */
    private static void exact(int scenario, String figure, long value, long expected, String load) {
        boolean ok = value == expected;
        correct &= ok;
        ROWS.add(new Row(scenario, figure, Long.toString(value), "= " + expected, ok ? "ok" : "WRONG", load));
    }

    /**
     * The 1, 5 and 15 minute load averages, as {@code uptime} shows them, and how busy the machine's cores were since
     * the last {@link #startClock()} (near 100 %: other processes competed for the cores, and times are distorted).
     */
    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            long[] now = cpuTicks();
            double busy = (now[0] - clock[0]) / (double) Math.max(1, now[1] - clock[1]);
            return String.format(Locale.ROOT, "%s %s %s, cores %.0f%% busy", fields[0], fields[1], fields[2],
                    busy * 100);
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
        }
    }

    /** The machine's busy and total CPU ticks so far, from {@code /proc/stat}. */
    private static long[] cpuTicks() throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/stat"), StandardCharsets.US_ASCII)) {
            String[] fields = reader.readLine().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        }
    }

    /** Starts a timed phase: {@link #load()} reports how busy the cores were from now on. */
    private static long startClock() {
        try {
            clock = cpuTicks();
        } catch (IOException e) {
            clock = new long[2];
        }
        return System.nanoTime();
    }

    /** JVM start-up, class loading and JIT, outside the figures: a small run and a small panel, unmeasured. */
    private static void warmUp() throws IOException {
        try (FakeOpenAiServer server = new FakeOpenAiServer(LATENCY_MS)) {
            Path dir = Files.createTempDirectory("empathy-quota-bench");
            try {
                List<Dialogue> dialogues = RunBenchmark.dialogues(256);
                answer(dir, dialogues, List.of(condition("bench", "openai-compatible:bench-model", server)), Map.of());
                List<Reply> replies = ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME));
                rate(dir, dialogues, replies, List.of(ChatModelJudge.of(PROVIDERS, "openai:judge?baseUrl="
                        + server.baseUrl()), ChatModelJudge.of(PROVIDERS, "mistral:judge?baseUrl=" + server.baseUrl())));
            } finally {
                RunBenchmark.delete(dir);
            }
        }
    }

    // ---- the engine's API: the only code that changes with it ----

    /** A condition named {@code name} for {@code spec} served by {@code server}. */
    private static Condition condition(String name, String spec, FakeOpenAiServer server) {
        return PROVIDERS.condition(name, spec + "?baseUrl=" + server.baseUrl(), TEMPLATE);
    }

    /** Answers every dialogue under every condition, at {@link #CONCURRENCY}, with the given requests a minute. */
    private static RunResult answer(Path dir, List<Dialogue> dialogues, List<Condition> conditions,
            Map<String, Integer> requestsPerMinute) {
        Run.Builder run = Run.builder().outputDirectory(dir).dialogues(dialogues).conditions(conditions)
                .concurrency(CONCURRENCY);
        requestsPerMinute.forEach((provider, rpm) -> run.rateLimit(provider, rpm, 0));
        return run.build().execute();
    }

    /** Rates the replies with a panel of the judges (a majority), at {@link #CONCURRENCY}. */
    private static RatingResult rate(Path dir, List<Dialogue> dialogues, List<Reply> replies,
            List<ChatModelJudge> judges) {
        RatingRun.Builder rating = RatingRun.builder().outputDirectory(dir).dialogues(dialogues).replies(replies)
                .scale(RatingScale.STUDY).concurrency(CONCURRENCY);
        judges.forEach(j -> rating.rater(j.name(), j));
        if (judges.size() > 1) {
            rating.combine(Combination.MAJORITY, "panel");
        }
        return rating.build().execute();
    }

    // ---- the scenarios ----

    /** Scenarios 1 and 2: 1,000 dialogues against 6,000 requests a minute that the client is not told. */
    private static void quotaUnknown(int scenario, LimitHeaders headers, double timeTarget, double refusedTarget)
            throws IOException {
        int items = 1_000;
        Quota quota = Quota.perMinute(6_000);
        double allowed = quota.seconds(items, LATENCY_MS);
        System.out.printf(Locale.ROOT, "%nscenario %d: %d dialogues, concurrency %d, no rate limit given; the server "
                + "allows %d a minute (%d at once, %.0f/s), %d ms each, 429 with %s; the quota allows %.2f s "
                + "(load %s)%n", scenario, items, CONCURRENCY, quota.perMinute(), quota.burst(), quota.perSecond(),
                LATENCY_MS, headers == LimitHeaders.OPENAI ? "OpenAI's x-ratelimit-* and retry-after-ms"
                        : "Retry-After only", allowed, load());
        try (FakeOpenAiServer server = new FakeOpenAiServer(LATENCY_MS, quota, headers)) {
            Path dir = Files.createTempDirectory("empathy-quota-bench");
            try {
                long start = startClock();
                RunResult result = answer(dir, RunBenchmark.dialogues(items),
                        List.of(condition("bench", "openai-compatible:bench-model", server)), Map.of());
                double seconds = (System.nanoTime() - start) / 1e9;
                String load = load();
                double refusedShare = server.refused() / (double) server.calls();
                System.out.printf(Locale.ROOT, "  %.3f s, %d requests, %d refused (%.1f%%), %d retries, %d failed%n",
                        seconds, server.calls(), server.refused(), refusedShare * 100, result.retries(),
                        result.failed());
                System.out.printf(Locale.ROOT, "  server busy from %.3f s to %.3f s after the run started; per second "
                        + "since the server started, accepted %s, refused %s%n", (server.firstRequestNanos() - start) / 1e9,
                        (server.lastReplyNanos() - start) / 1e9, Arrays.toString(server.acceptedPerSecond()),
                        Arrays.toString(server.refusedPerSecond()));
                timing(scenario, "wall time / quota-allowed time (" + String.format(Locale.ROOT, "%.3f s / %.2f s",
                        seconds, allowed) + ")", seconds / allowed, timeTarget, load);
                share(scenario, "refused / all requests (" + server.refused() + " / " + server.calls() + ")",
                        refusedShare, refusedTarget, load);
                exact(scenario, "failed items", result.failed(), 0, load);
                journalRows(scenario, "replies", replies(dir), items, result.failed(), load);
            } finally {
                RunBenchmark.delete(dir);
            }
        }
    }

    /** Scenario 3: an unlimited provider beside one limited to 600 requests a minute. */
    private static void twoProviders() throws IOException {
        int items = 1_000;
        Quota limited = Quota.perMinute(600);
        System.out.printf(Locale.ROOT, "%nscenario 3: %d dialogues under an unlimited openai-compatible server (%d ms)"
                + " and an openai server allowing %d a minute (rateLimit openai %d), concurrency %d (load %s)%n",
                items, LATENCY_MS, limited.perMinute(), limited.perMinute(), CONCURRENCY, load());
        List<Dialogue> dialogues = RunBenchmark.dialogues(items);
        double alone;
        try (FakeOpenAiServer fast = new FakeOpenAiServer(LATENCY_MS)) {
            Path dir = Files.createTempDirectory("empathy-quota-bench");
            try {
                long start = startClock();
                answer(dir, dialogues, List.of(condition("unlimited", "openai-compatible:bench-model", fast)),
                        Map.of());
                alone = (fast.lastReplyNanos() - start) / 1e9;
                System.out.printf(Locale.ROOT, "  unlimited alone: last reply after %.3f s%n", alone);
            } finally {
                RunBenchmark.delete(dir);
            }
        }
        try (FakeOpenAiServer fast = new FakeOpenAiServer(LATENCY_MS);
                FakeOpenAiServer slow = new FakeOpenAiServer(LATENCY_MS, limited, LimitHeaders.OPENAI)) {
            Path dir = Files.createTempDirectory("empathy-quota-bench");
            try {
                long start = startClock();
                RunResult result = answer(dir, dialogues, List.of(
                        condition("unlimited", "openai-compatible:bench-model", fast),
                        condition("limited", "openai:bench-limited", slow)), Map.of("openai", limited.perMinute()));
                double seconds = (System.nanoTime() - start) / 1e9;
                double together = (fast.lastReplyNanos() - start) / 1e9;
                String load = load();
                System.out.printf(Locale.ROOT, "  together: unlimited's last reply after %.3f s, run %.3f s (the limited"
                        + " quota allows %.2f s); limited server %d requests, %d refused; %d failed%n", together,
                        seconds, limited.seconds(items, LATENCY_MS), slow.calls(), slow.refused(), result.failed());
                System.out.printf(Locale.ROOT, "  per second, unlimited accepted %s; limited accepted %s, refused %s%n",
                        Arrays.toString(fast.acceptedPerSecond()), Arrays.toString(slow.acceptedPerSecond()),
                        Arrays.toString(slow.refusedPerSecond()));
                timing(3, "unlimited's finish together / alone (" + String.format(Locale.ROOT, "%.3f s / %.3f s",
                        together, alone) + ")", together / alone, 1.15, load);
                timing(3, "run / limited quota's time (" + String.format(Locale.ROOT, "%.1f s / %.1f s", seconds,
                        limited.seconds(items, LATENCY_MS)) + ")", seconds / limited.seconds(items, LATENCY_MS),
                        1.15, load);
                info(3, "limited server: refused / all requests", slow.refused() + " / " + slow.calls(), load);
                exact(3, "failed items", result.failed(), 0, load);
                journalRows(3, "replies", replies(dir), 2 * items, result.failed(), load);
            } finally {
                RunBenchmark.delete(dir);
            }
        }
    }

    /** Scenario 4: answering 2,000 dialogues, then a three-judge panel, each judge on its own quota. */
    private static void panel() throws IOException {
        int items = 2_000;
        Quota[] quotas = {Quota.perMinute(12_000), Quota.perMinute(9_000), Quota.perMinute(6_000)};
        String[] providers = {"openai", "mistral", "openai-compatible"};
        System.out.printf(Locale.ROOT, "%nscenario 4: %d dialogues answered (%d ms, concurrency %d), then rated by a "
                + "panel of %s judges allowing %d, %d and %d a minute (OpenAI's headers, no rate limit given) (load "
                + "%s)%n", items, LATENCY_MS, CONCURRENCY, String.join(", ", providers), quotas[0].perMinute(),
                quotas[1].perMinute(), quotas[2].perMinute(), load());
        List<Dialogue> dialogues = RunBenchmark.dialogues(items);
        List<FakeOpenAiServer> judges = new ArrayList<>();
        Path dir = Files.createTempDirectory("empathy-quota-bench");
        try (FakeOpenAiServer answering = new FakeOpenAiServer(LATENCY_MS)) {
            long start = startClock();
            RunResult answered = answer(dir, dialogues,
                    List.of(condition("bench", "openai-compatible:bench-model", answering)), Map.of());
            double answeringSeconds = (System.nanoTime() - start) / 1e9;
            String load = load();
            double ideal = items * LATENCY_MS / 1000.0 / CONCURRENCY;
            exact(4, "failed answers", answered.failed(), 0, load);
            journalRows(4, "replies", replies(dir), items, answered.failed(), load);
            timing(4, "answering / ideal (" + String.format(Locale.ROOT, "%.3f s / %.3f s", answeringSeconds, ideal)
                    + ")", answeringSeconds / ideal, 1.15, load);

            for (Quota q : quotas) { // started now, so that their seconds count from the rating's start
                judges.add(new FakeOpenAiServer(LATENCY_MS, q, LimitHeaders.OPENAI));
            }
            List<ChatModelJudge> panel = new ArrayList<>();
            for (int j = 0; j < providers.length; j++) {
                panel.add(ChatModelJudge.of(PROVIDERS, providers[j] + ":judge-" + (char) ('a' + j) + "?baseUrl="
                        + judges.get(j).baseUrl()));
            }
            List<Reply> replies = ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME));
            start = startClock();
            RatingResult rated = rate(dir, dialogues, replies, panel);
            double ratingSeconds = (System.nanoTime() - start) / 1e9;
            load = load();
            double slowest = Arrays.stream(quotas).mapToDouble(q -> q.seconds(items, LATENCY_MS)).max().orElseThrow();
            System.out.printf(Locale.ROOT, "  answering %.3f s; rating %.3f s (the slowest judge's quota allows %.2f s),"
                    + " %d retries, %d failed%n", answeringSeconds, ratingSeconds, slowest, rated.retries(),
                    rated.failures().size());
            timing(4, "rating / slowest judge's quota time (" + String.format(Locale.ROOT, "%.3f s / %.2f s",
                    ratingSeconds, slowest) + ")", ratingSeconds / slowest, 1.15, load);
            long latestFirst = Long.MIN_VALUE;
            long earliestLast = Long.MAX_VALUE;
            long shortest = Long.MAX_VALUE;
            for (int j = 0; j < judges.size(); j++) {
                FakeOpenAiServer s = judges.get(j);
                latestFirst = Math.max(latestFirst, s.firstRequestNanos());
                earliestLast = Math.min(earliestLast, s.lastReplyNanos());
                shortest = Math.min(shortest, s.lastReplyNanos() - s.firstRequestNanos());
                double perCall = Math.min(quotas[j].perSecond() * LATENCY_MS / 1000.0, CONCURRENCY);
                System.out.printf(Locale.ROOT, "  judge %s (%d/min): %d requests, %d refused, at most %d in flight, "
                        + "active %.3f s to %.3f s; per second accepted %s, refused %s%n", providers[j],
                        quotas[j].perMinute(), s.calls(), s.refused(), s.peakInFlight(),
                        (s.firstRequestNanos() - start) / 1e9, (s.lastReplyNanos() - start) / 1e9,
                        Arrays.toString(s.acceptedPerSecond()), Arrays.toString(s.refusedPerSecond()));
                ROWS.add(new Row(4, "judge " + providers[j] + ": most in flight (its quota needs ~" + Math.round(perCall)
                        + ")", Integer.toString(s.peakInFlight()), "> 1", s.peakInFlight() > 1 ? "met" : "NOT met",
                        load));
                share(4, "judge " + providers[j] + ": refused / all (" + s.refused() + " / " + s.calls() + ")",
                        s.refused() / (double) s.calls(), 0.05, load);
            }
            double overlap = Math.max(0, earliestLast - latestFirst) / (double) shortest;
            ROWS.add(new Row(4, "all three judges active, share of the quickest one's time", String.format(Locale.ROOT,
                    "%.0f%%", overlap * 100), "> 90%", overlap > 0.9 ? "met" : "NOT met", load));
            exact(4, "failed ratings", rated.failures().size(), 0, load);
            journalRows(4, "ratings", ratings(dir), items * (panel.size() + 1), rated.failures().size(), load);
        } finally {
            judges.forEach(FakeOpenAiServer::close);
            RunBenchmark.delete(dir);
        }
    }

    /** Scenario 5: the engine against a fixed pool calling one OpenAiChatModel, both warmed up, alternately. */
    private static void handWritten() throws IOException, InterruptedException, ExecutionException {
        int items = 2_000;
        System.out.printf(Locale.ROOT, "%nscenario 5: %d dialogues x %d ms at concurrency %d, the engine and "
                + "hand-written LangChain4j alternately on one server (load %s)%n", items, LATENCY_MS, CONCURRENCY,
                load());
        List<Dialogue> dialogues = RunBenchmark.dialogues(items);
        try (FakeOpenAiServer server = new FakeOpenAiServer(LATENCY_MS)) {
            OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey("sk-bench")
                    .modelName("bench-model").build();
            Condition condition = condition("bench", "openai-compatible:bench-model", server);
            double[] engine = new double[ROUNDS];
            double[] hand = new double[ROUNDS];
            double[] engineCpu = new double[ROUNDS];
            double[] handCpu = new double[ROUNDS];
            int failed = 0;
            int missing = 0;
            int duplicates = 0;
            int handMissing = 0;
            // warm-up of both sides alike: LangChain4j's own client, and the engine's code
            pool(model, dialogues.subList(0, 256));
            Path warm = Files.createTempDirectory("empathy-quota-bench");
            try {
                answer(warm, dialogues.subList(0, 256), List.of(condition), Map.of());
            } finally {
                RunBenchmark.delete(warm);
            }
            for (int round = 0; round < engine.length; round++) {
                Path dir = Files.createTempDirectory("empathy-quota-bench");
                String engineEdges;
                try {
                    server.resetPeak();
                    server.resetTimes();
                    long cpu = cpuNanos();
                    long start = startClock();
                    RunResult result = answer(dir, dialogues, List.of(condition), Map.of());
                    long end = System.nanoTime();
                    engine[round] = (end - start) / 1e9;
                    engineCpu[round] = (cpuNanos() - cpu) / 1e9;
                    engineEdges = edges(server, start, end);
                    Counts counts = replies(dir);
                    failed += result.failed();
                    missing += items - counts.distinct();
                    duplicates += counts.duplicates();
                } finally {
                    RunBenchmark.delete(dir);
                }
                int enginePeak = server.peakInFlight();
                server.resetPeak();
                server.resetTimes();
                long cpu = cpuNanos();
                long start = startClock();
                handMissing += items - pool(model, dialogues);
                long end = System.nanoTime();
                hand[round] = (end - start) / 1e9;
                handCpu[round] = (cpuNanos() - cpu) / 1e9;
                System.out.printf(Locale.ROOT, "  round %d: engine %.3f s (%s, process CPU %.2f s, at most %d in "
                        + "flight), hand-written %.3f s (%s, process CPU %.2f s, at most %d in flight) (load %s)%n",
                        round + 1, engine[round], engineEdges, engineCpu[round], enginePeak, hand[round],
                        edges(server, start, end), handCpu[round], server.peakInFlight(), load());
            }
            double engineMedian = median(engine);
            double handMedian = median(hand);
            String load = load();
            info(5, "engine, median of " + ROUNDS, String.format(Locale.ROOT, "%.3f s", engineMedian), load);
            info(5, "hand-written LangChain4j, median of " + ROUNDS, String.format(Locale.ROOT, "%.3f s", handMedian),
                    load);
            timing(5, "engine / hand-written", engineMedian / handMedian, 1.0, load);
            info(5, "process CPU (server included), engine / hand-written, medians", String.format(Locale.ROOT,
                    "%.2f / %.2f s", median(engineCpu), median(handCpu)), load);
            exact(5, "engine: failed items, " + ROUNDS + " rounds", failed, 0, load);
            exact(5, "engine: items missing from the journal, " + ROUNDS + " rounds", missing, 0, load);
            exact(5, "engine: duplicated replies in the journal, " + ROUNDS + " rounds", duplicates, 0, load);
            exact(5, "hand-written: calls without an answer, " + ROUNDS + " rounds", handMissing, 0, load);
        }
    }

    /** How long a timed phase took to its server's first request, and from its server's last reply to its end. */
    private static String edges(FakeOpenAiServer server, long start, long end) {
        return String.format(Locale.ROOT, "first call after %.0f ms, done %.0f ms after the last reply",
                (server.firstRequestNanos() - start) / 1e6, (end - server.lastReplyNanos()) / 1e6);
    }

    /** The CPU time this process (clients and servers) has used. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Hand-written LangChain4j: a fixed pool of {@link #CONCURRENCY} threads, one call per dialogue. */
    private static int pool(OpenAiChatModel model, List<Dialogue> dialogues)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (Dialogue d : dialogues) {
                answers.add(pool.submit(() -> model.chat(TEMPLATE.render(d).stream()
                        .map(m -> m.role() == io.github.empathy4j.core.prompt.ChatMessage.Role.SYSTEM
                                ? (dev.langchain4j.data.message.ChatMessage) SystemMessage.from(m.text())
                                : UserMessage.from(m.text()))
                        .toList()).aiMessage().text()));
            }
            int answered = 0;
            for (Future<String> answer : answers) {
                answered += answer.get().isEmpty() ? 0 : 1;
            }
            return answered;
        } finally {
            pool.shutdown();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The distinct items of a journal and its lines that repeat one. */
    private record Counts(int distinct, int duplicates) {
    }

    /** The run's replies by condition and dialogue. */
    private static Counts replies(Path dir) throws IOException {
        return count(dir.resolve(ReplyJournal.FILE_NAME),
                r -> r.path("condition").asText() + '\u0000' + r.path("dialogueId").asText());
    }

    /** The ratings by rater, condition, dialogue and dimension. */
    private static Counts ratings(Path dir) throws IOException {
        return count(dir.resolve(RatingJournal.FILE_NAME), r -> r.path("rater").asText() + '\u0000'
                + r.path("condition").asText() + '\u0000' + r.path("dialogueId").asText() + '\u0000'
                + r.path("dimension").asText());
    }

    private static Counts count(Path journal, Function<JsonNode, String> key) throws IOException {
        Set<String> distinct = new HashSet<>();
        int lines = 0;
        try (BufferedReader reader = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                distinct.add(key.apply(JSON.readTree(line)));
            }
        }
        return new Counts(distinct.size(), lines - distinct.size());
    }

    /**
     * Rows for a journal: its distinct items (all {@code expected} when nothing failed; when some failed, a panel's
     * combined rating may be missing too, so only shown) and its duplicates.
     */
    private static void journalRows(int scenario, String what, Counts counts, int expected, int failed,
            String load) {
        if (failed == 0) {
            exact(scenario, "distinct " + what + " in the journal", counts.distinct(), expected, load);
        } else {
            info(scenario, "distinct " + what + " in the journal (some failed)", counts.distinct() + " of "
                    + expected, load);
        }
        exact(scenario, "duplicated " + what + " in the journal", counts.duplicates(), 0, load);
    }
}
