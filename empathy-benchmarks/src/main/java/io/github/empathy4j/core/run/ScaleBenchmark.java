package io.github.empathy4j.core.run;

import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The run engine at scale, through the engine's own code paths (hence this package): a 500,000-reply journal
 * written line by line as {@link Engine} writes it, then scanned as a resume scans it (keys only); and a response
 * cache of 1,000,000 replies, filled one transaction each as a run fills it, then looked up at random.
 *
 * <p>Run: {@code java -Xmx256m -cp empathy-benchmarks/target/benchmarks.jar
 * io.github.empathy4j.core.run.ScaleBenchmark [ITEMS [ENTRIES [FOLDER]]]}. Targets (issue 11): the resume scan faster
 * than the writing, within the 256 MB heap; the cache a handful of files with lookups under 50 us median. Figures
 * are printed, not enforced (machines differ); exits with 1 when a scan or lookup returns a wrong answer.
 */
public final class ScaleBenchmark {

    private static final String TEXT = "That sounds really hard, and it makes sense that you feel this way. Losing"
            + " something you cared about so much can leave a big empty space, and there is no right way to grieve"
            + " it. Is there someone close to you that you can talk to about it? Sometimes sharing a favourite"
            + " memory helps a little. I am here if you want to tell me more about what happened.";

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path folder = args.length > 2 ? Files.createDirectories(Path.of(args[2]))
                : Files.createTempDirectory("empathy-scale-bench");
        System.out.printf(Locale.ROOT, "scale benchmark: %d cores, max heap %d MB, Java %s, folder %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), folder);
        boolean correct;
        try {
            correct = journal(folder.resolve("run"), items) & cache(folder.resolve("cache"), entries);
        } finally {
            delete(folder);
        }
        if (!correct) {
            System.out.println("FAILED: a scan or a lookup returned a wrong answer");
            System.exit(1);
        }
    }

    private static Reply reply(String condition, int i) {
        return new Reply(condition, String.format(Locale.ROOT, "hit:%d_conv:%d", i / 2, i), TEXT + " (" + i + ")",
                FinishReason.STOP, "gpt-4-0613", Map.of("temperature", "0.7", "seed", "42"), new TokenUsage(120, 85),
                Duration.ofMillis(900 + i % 500), 1, Instant.parse("2026-11-27T06:00:00Z").plusMillis(i));
    }

    /** Writes {@code items} replies as a run does (one write each), then scans them as a resume does. */
    private static boolean journal(Path run, int items) throws IOException {
        Files.createDirectories(run);
        Path file = run.resolve(ReplyJournal.FILE_NAME);
        System.out.printf(Locale.ROOT, "%njournal: %,d replies of ~%d characters%n", items, TEXT.length());
        long start = System.nanoTime();
        try (AppendOnlyFile journal = AppendOnlyFile.open(file)) {
            for (int i = 0; i < items; i++) {
                journal.append(ReplyJournal.line(reply(i % 2 == 0 ? "gpt-4" : "llama", i)));
            }
        }
        double write = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "  write: %.2f s (%,d bytes)%n", write, Files.size(file));
        boolean correct = true;
        for (String label : new String[] {"resume scan (cold JVM)", "resume scan (warm)"}) {
            resetPeaks();
            start = System.nanoTime();
            JsonLines.Scan scanned;
            try (AppendOnlyFile journal = AppendOnlyFile.open(file)) {
                // as the engine resumes: the entries are dropped, the scan's keys are what is kept
                scanned = JsonLines.reopen(journal, file, ReplyJournal.FORMAT, LoggerFactory.getLogger(
                        ScaleBenchmark.class), r -> { });
            }
            double scan = (System.nanoTime() - start) / 1e9;
            long peak = peakHeapMb();
            System.gc();
            long live = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
            Set<String> keys = scanned.keys();
            correct &= scanned.entries() == items && keys.size() == items;
            System.out.printf(Locale.ROOT, "  %s: %.2f s, %.2f x the write (target < 1): %s; heap: peak %d MB (garbage"
                    + " included), %d MB live after a GC holding the %,d keys, of %d MB (target < 256): %s%n", label,
                    scan, scan / write, scan < write ? "met" : "NOT met", peak, live, keys.size(),
                    Runtime.getRuntime().maxMemory() >> 20, peak < 256 ? "met" : "NOT met");
        }
        return correct;
    }

    /** Fills a cache with {@code entries} replies, one transaction each, then looks keys up at random. */
    private static boolean cache(Path folder, int entries) throws IOException {
        System.out.printf(Locale.ROOT, "%ncache: %,d replies%n", entries);
        String[] keys = new String[entries];
        for (int i = 0; i < entries; i++) {
            keys[i] = ResponseCache.sha256(("question " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        long start = System.nanoTime();
        try (ResponseCache cache = ResponseCache.open(folder)) {
            for (int i = 0; i < entries; i++) {
                cache.put(keys[i], i % 2 == 0 ? "openai:gpt-4" : "together:llama-2-70b-chat", reply("c", i));
            }
        }
        double fill = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "  fill: %.1f s (%.1f us a reply)%n", fill, fill * 1e6 / entries);
        boolean correct = true;
        try (ResponseCache cache = ResponseCache.open(folder)) {
            Random random = new Random(11);
            for (String label : new String[] {"warm-up", "hits", "misses"}) {
                int n = 100_000;
                long[] nanos = new long[n];
                for (int j = 0; j < n; j++) {
                    int i = random.nextInt(entries);
                    String key = label.equals("misses") ? ResponseCache.sha256(("absent " + j).getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)) : keys[i];
                    long t = System.nanoTime();
                    Reply hit = cache.get(key, "c", "d", Map.of());
                    nanos[j] = System.nanoTime() - t;
                    correct &= label.equals("misses") ? hit == null : hit != null && hit.text().equals(TEXT + " ("
                            + i + ")");
                }
                Arrays.sort(nanos);
                if (!label.equals("warm-up")) {
                    System.out.printf(Locale.ROOT, "  %s: median %.1f us, 90th %.1f us, 99th %.1f us (target median"
                            + " < 50 us): %s%n", label, nanos[n / 2] / 1e3, nanos[n * 9 / 10] / 1e3,
                            nanos[n * 99 / 100] / 1e3, nanos[n / 2] < 50_000 ? "met" : "NOT met");
                }
            }
            ResponseCache.Stats stats = cache.stats();
            correct &= stats.entries() == entries;
            System.out.printf(Locale.ROOT, "  %,d replies in %.0f MB%n", stats.entries(), stats.bytes() / 1e6);
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            System.out.printf(Locale.ROOT, "  files in the cache folder after closing: %d %s (target: a handful)%n",
                    names.size(), names);
        }
        return correct;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
