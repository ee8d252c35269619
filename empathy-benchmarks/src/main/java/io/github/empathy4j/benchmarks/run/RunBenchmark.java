package io.github.empathy4j.benchmarks.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.ReplyJournal;
import io.github.empathy4j.core.run.Respondent;
import io.github.empathy4j.core.run.RetryPolicy;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Measures the run engine with fake respondents (no network): throughput against the ideal at a
 * simulated 100 ms latency, the engine's own cost per call at zero latency (journal included), and
 * exactly-once answering when a share of calls are rate-limited.
 *
 * <p>Run: {@code java -Xmx512m -cp empathy-benchmarks/target/benchmarks.jar
 * io.github.empathy4j.benchmarks.run.RunBenchmark}. Exits with status 1 when a run answers an item
 * twice or misses one; timing targets are reported, not enforced (machines differ).
 */
public final class RunBenchmark {

    private static boolean correct = true;

    private RunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "run engine benchmark: %d cores, max heap %d MB, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        latency();
        overhead();
        rateLimited();
        if (!correct) {
            System.out.println("FAILED: an item was answered more or less than once");
            System.exit(1);
        }
    }

    /**
     * 2,000 dialogues, 100 ms a call, concurrency 64: target 1.15 x (2,000 x 0.1 s / 64) and heap < 512 MB.
     * Measured twice: first in this fresh JVM (class loading and JIT included), then warmed up.
     */
    private static void latency() throws IOException {
        int items = 2_000;
        int concurrency = 64;
        long latencyMs = 100;
        double ideal = items * latencyMs / 1000.0 / concurrency;
        System.out.printf(Locale.ROOT, "%nlatency scenario: %d calls x %d ms at concurrency %d, ideal %.3f s%n", items,
                latencyMs, concurrency, ideal);
        resetPeaks();
        for (String label : new String[] {"first run (cold JVM)", "second run (warm)"}) {
            double seconds = measureLatency(items, concurrency, latencyMs);
            System.out.printf(Locale.ROOT, "  %s: %.3f s, ratio %.3f (target <= 1.15): %s%n", label, seconds,
                    seconds / ideal, seconds / ideal <= 1.15 ? "met" : "NOT met");
        }
        long peak = peakHeapMb();
        System.out.printf(Locale.ROOT, "  peak heap %d MB (sum of heap pool peaks; target < 512): %s%n", peak,
                peak < 512 ? "met" : "NOT met");
    }

    private static double measureLatency(int items, int concurrency, long latencyMs) throws IOException {
        Respondent slow = d -> {
            sleep(latencyMs);
            return Answer.of("I hear you about " + d.id(), "fake-100ms");
        };
        Path dir = Files.createTempDirectory("empathy-run-bench");
        try {
            long start = System.nanoTime();
            RunResult result = Run.builder().outputDirectory(dir).dialogues(dialogues(items)).concurrency(concurrency)
                    .condition(Condition.of("slow", slow)).build().execute();
            double seconds = (System.nanoTime() - start) / 1e9;
            verify(dir, result, items);
            return seconds;
        } finally {
            delete(dir);
        }
    }

    /** Zero-latency respondent: wall time / calls is the engine's own cost, journal writes included. */
    private static void overhead() throws IOException {
        int items = 20_000;
        Respondent instant = d -> Answer.of("I hear you about " + d.id(), "fake-0ms");
        System.out.printf(Locale.ROOT, "%noverhead scenario: %d calls, zero-latency respondent%n", items);
        for (int concurrency : new int[] {1, 8}) {
            measureOverhead(items, concurrency, instant); // warm-up
            double perCall = measureOverhead(items, concurrency, instant);
            System.out.printf(Locale.ROOT, "  concurrency %d: %.1f us per call, each item exactly once in the journal "
                    + "(target < 1000 us): %s%n", concurrency,
                    perCall, perCall < 1000 ? "met" : "NOT met");
        }
    }

    private static double measureOverhead(int items, int concurrency, Respondent respondent) throws IOException {
        Path dir = Files.createTempDirectory("empathy-run-bench");
        try {
            long start = System.nanoTime();
            RunResult result = Run.builder().outputDirectory(dir).dialogues(dialogues(items)).concurrency(concurrency)
                    .condition(Condition.of("instant", respondent)).build().execute();
            double micros = (System.nanoTime() - start) / 1e3 / items;
            verify(dir, result, items);
            return micros;
        } finally {
            delete(dir);
        }
    }

    /**
     * 2,000 dialogues at 20 ms a call: every 4th dialogue's first attempt is refused with HTTP 429 and
     * {@code Retry-After: 200 ms}, every 20th dialogue's second attempt too. Expected: 600 retries, every
     * item answered exactly once.
     */
    private static void rateLimited() throws IOException {
        int items = 2_000;
        ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Respondent throttled = d -> {
            int attempt = attempts.computeIfAbsent(d.id(), k -> new AtomicInteger()).incrementAndGet();
            int index = Integer.parseInt(d.id().substring(1));
            sleep(20);
            if ((attempt == 1 && index % 4 == 0) || (attempt == 2 && index % 20 == 0)) {
                throw new RateLimitException("HTTP 429 (simulated)", null, Duration.ofMillis(200));
            }
            return Answer.of("I hear you about " + d.id(), "fake-429");
        };
        Path dir = Files.createTempDirectory("empathy-run-bench");
        try {
            long start = System.nanoTime();
            RunResult result = Run.builder().outputDirectory(dir).dialogues(dialogues(items)).concurrency(64)
                    .retryPolicy(new RetryPolicy(5, Duration.ofMillis(50), Duration.ofSeconds(1),
                            RetryPolicy.Jitter.FULL))
                    .condition(Condition.of("throttled", throttled)).build().execute();
            double seconds = (System.nanoTime() - start) / 1e9;
            int calls = attempts.values().stream().mapToInt(AtomicInteger::get).sum();
            verify(dir, result, items);
            long retriedReplies = result.replies().filter(r -> r.attempts() > 1).count();
            boolean retriesRight = result.retries() == 600 && calls == 2_600 && retriedReplies == 500;
            correct &= retriesRight;
            System.out.printf(Locale.ROOT, "%nrate-limit scenario: %d items, 25%% of first and 5%% of second attempts "
                    + "refused with Retry-After 200 ms, concurrency 64%n", items);
            System.out.printf(Locale.ROOT, "  %.3f s, %d calls, %d retries, %d replies needed a retry, %d failures, "
                    + "each item exactly once in the journal: %s%n",
                    seconds, calls, result.retries(), retriedReplies, result.failed(),
                    retriesRight ? "as expected" : "UNEXPECTED (expected 2600 calls, 600 retries, 500 retried)");
        } finally {
            delete(dir);
        }
    }

    /** Checks the journal: every item exactly once, and the result agrees; reports only a violation. */
    private static void verify(Path dir, RunResult result, int items) {
        List<Reply> journal = ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME));
        Set<String> ids = new HashSet<>();
        journal.forEach(r -> ids.add(r.dialogueId()));
        boolean ok = journal.size() == items && ids.size() == items && result.answered() == items
                && result.failures().isEmpty();
        if (!ok) {
            System.out.printf(Locale.ROOT, "  WRONG journal: %d lines, %d distinct items of %d, %d failures%n",
                    journal.size(), ids.size(), items, result.failed());
        }
        correct &= ok;
    }

    static List<Dialogue> dialogues(int n) {
        Emotion[] emotions = Emotion.values();
        List<Dialogue> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Dialogue.opening("d" + i, emotions[i % emotions.length], "A situation numbered " + i,
                    "Something happened to me today, number " + i + ", and I keep thinking about it.", "Oh no!"));
        }
        return list;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
