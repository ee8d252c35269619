package io.github.empathy4j.benchmarks;

import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.dataset.EmpatheticDialogues;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.dataset.ReleaseDataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Measures the dataset readers: the study's release CSV and synthetic raw EmpatheticDialogues files of
 * 25,000 to 200,000 utterances (conversations of 4 to 8 utterances with realistic line lengths). Each
 * file is read at least 3 times and 2 s to warm up, then timed 5 times; prints rows per second, the median time per read, the
 * peak heap of the measured reads and the time ratio per doubling of size (2.0 is linear).
 *
 * <p>Target: 100,000 utterances in under 1 s with under 256 MB of heap. Run from the project root:
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl empathy-benchmarks -am
 * java -Xmx256m -cp empathy-benchmarks/target/benchmarks.jar io.github.empathy4j.benchmarks.ReadBenchmark [release.csv]
 * </pre>
 * The release CSV defaults to {@code ../shared/data/welivita-pu-2024/dataset_and_ratings.csv}.
 */
public final class ReadBenchmark {

    private static final int[] SIZES = {25_000, 50_000, 100_000, 200_000};
    private static final int WARM_UP = 3;
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final int MEASURED = 5;
    private static final int TARGET_SIZE = 100_000;
    private static final double TARGET_MS = 1000;
    private static final double TARGET_MB = 256;
    private static final String[] WORDS = ("i my the a to and was it that so of in for me have had he she we they"
            + " you really just felt when about last week day night friend family dog work job home time got"
            + " never always finally today yesterday happy sad scared proud excited nervous car house school test"
            + " mother father brother sister wife husband kids party trip money new old little big good bad").split(" ");

    private ReadBenchmark() {
    }

    /** Runs the benchmark; the optional argument is the release CSV's path. */
    public static void main(String[] args) throws IOException {
        Path release = Path.of(args.length > 0 ? args[0] : "../shared/data/welivita-pu-2024/dataset_and_ratings.csv");
        System.out.printf(Locale.ROOT, "Java %s, max heap %.0f MB, %d processors%n", Runtime.version(),
                Runtime.getRuntime().maxMemory() / 1e6, Runtime.getRuntime().availableProcessors());
        System.out.println("peak heap = sum of the heap pools' peak usage during the read (an upper bound)");
        System.out.printf(Locale.ROOT, "%-28s %10s %10s %12s %10s %8s%n", "input", "rows", "ms/read", "rows/s",
                "peak MB", "ratio");
        if (Files.isRegularFile(release)) {
            Result r = measure(() -> ReleaseDataset.read(release, ErrorPolicy.STRICT).report().records());
            print("release CSV", r, Double.NaN);
        } else {
            System.out.println("release CSV not found at " + release.toAbsolutePath() + "; skipped");
        }
        Path dir = Files.createTempDirectory("empathy-read-benchmark");
        try {
            double previous = Double.NaN;
            Result target = null;
            for (int size : SIZES) {
                Path file = dir.resolve("ed-" + size + ".csv");
                generate(file, size, new Random(size));
                Result r = measure(() -> EmpatheticDialogues.read(file, EmpatheticDialogues.Options.DEFAULT)
                        .report().records());
                print(String.format(Locale.ROOT, "EmpatheticDialogues %,d", size), r, r.medianMs() / previous);
                previous = r.medianMs();
                if (size == TARGET_SIZE) {
                    target = r;
                }
                Files.delete(file);
            }
            if (target != null) {
                boolean met = target.medianMs() < TARGET_MS && target.peakMb() < TARGET_MB;
                System.out.printf(Locale.ROOT, "target (%,d utterances < %.0f ms, < %.0f MB heap): %s%n", TARGET_SIZE,
                        TARGET_MS, TARGET_MB, met ? "met" : "NOT met");
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private record Result(long rows, double medianMs, double peakMb) {
    }

    private static Result measure(LongSupplier read) {
        long warmUpStart = System.nanoTime();
        for (int i = 0; i < WARM_UP || System.nanoTime() - warmUpStart < WARM_UP_NANOS; i++) {
            read.getAsLong();
        }
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        double[] ms = new double[MEASURED];
        long peak = 0;
        long rows = 0;
        for (int i = 0; i < MEASURED; i++) {
            System.gc();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            rows = read.getAsLong();
            ms[i] = (System.nanoTime() - start) / 1e6;
            peak = Math.max(peak, heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
        }
        Arrays.sort(ms);
        return new Result(rows, ms[MEASURED / 2], peak / 1e6);
    }

    private static void print(String input, Result r, double ratio) {
        System.out.printf(Locale.ROOT, "%-28s %,10d %10.1f %,12.0f %10.1f %8s%n", input, r.rows(), r.medianMs(),
                r.rows() / (r.medianMs() / 1000), r.peakMb(),
                Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio));
    }

    /** Writes a raw EmpatheticDialogues file of exactly {@code utterances} lines after the header. */
    private static void generate(Path file, int utterances, Random random) throws IOException {
        Emotion[] emotions = Emotion.values();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("conv_id,utterance_idx,context,prompt,speaker_idx,utterance,selfeval,tags\n");
            int written = 0;
            for (int conv = 0; written < utterances; conv++) {
                int length = Math.min(4 + random.nextInt(5), utterances - written);
                String id = "hit:" + conv + "_conv:" + (2 * conv);
                String emotion = emotions[random.nextInt(emotions.length)].label();
                String prompt = sentence(random, 12 + random.nextInt(16));
                for (int idx = 1; idx <= length; idx++) {
                    out.write(id + "," + idx + "," + emotion + "," + prompt + "," + (idx % 2 == 1 ? 100 : 200) + ","
                            + sentence(random, 6 + random.nextInt(20)) + "," + (idx == 1 ? "5|5|5_2|2|5" : "") + ",\n");
                }
                written += length;
            }
        }
    }

    private static String sentence(Random random, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(random.nextInt(12) == 0 ? "_comma_ " : " ");
            }
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.append(random.nextInt(10) == 0 ? " \"really\"." : ".").toString();
    }
}
