package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.DialogueJsonl;
import io.github.empathy4j.core.dataset.DialogueSet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A run's folder: the names of its files, reading them, the lock its writers hold, and repairing a journal
 * with bad lines.
 *
 * <pre>{@code
 * RunDirectory run = RunDirectory.open(Path.of("runs/first"));
 * List<Reply> replies = run.replies();
 * List<Rating> ratings = run.ratings();
 * try (RunDirectory.Lock lock = run.lock()) {        // what every writer does
 *     run.repair().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>One writer at a time: {@link Run}, {@link RatingRun}, {@link RatingJournal#append} and {@link #repair()}
 * hold the folder's {@link #lock()} while they write, and a second writer, in another process or on another
 * thread of this one, is refused. Readers need no lock: journals are appended one whole line at a time, and
 * a last line still being written is ignored as incomplete.
 *
 * <p>Files are created readable by others ({@code rw-r--r--} under the usual umask 022).
 */
public final class RunDirectory {

    /** What repeats the run; see {@link Run}. */
    public static final String MANIFEST = "run.json";

    /** The run's dialogues, sorted by id, as {@link DialogueJsonl}; {@code sha256sum} of it is in the manifest. */
    public static final String DIALOGUES = "dialogues.jsonl";

    /** The replies; see {@link ReplyJournal}. */
    public static final String RESPONSES = "responses.jsonl";

    /** The items that failed in the latest execution of {@link Run}. */
    public static final String FAILURES = "failures.jsonl";

    /** The ratings; see {@link RatingJournal}. */
    public static final String RATINGS = "ratings.jsonl";

    /** The ratings that failed in the latest execution of {@link RatingRun}. */
    public static final String RATING_FAILURES = "rating-failures.jsonl";

    /** The batches of a {@link Run} in batch mode; see {@link BatchMode}. */
    public static final String BATCHES = "batches.jsonl";

    /** The batches of a {@link RatingRun} in batch mode; see {@link BatchMode}. */
    public static final String RATING_BATCHES = "rating-batches.jsonl";

    /** The pairwise verdicts; see {@link PairwiseJournal}. */
    public static final String PAIRWISE = "pairwise.jsonl";

    /** The verdicts that failed in the latest execution of {@link PairwiseRun}. */
    public static final String PAIRWISE_FAILURES = "pairwise-failures.jsonl";

    /** The writers' lock file; it holds the writing process's id. */
    public static final String LOCK = ".lock";

    /** The report's folder. */
    public static final String REPORT = "report";

    /** Where {@link #repair()} moves a journal's bad lines: {@code responses.jsonl} to {@code responses.rejected.jsonl}. */
    public static final String REJECTED_SUFFIX = ".rejected.jsonl";

    private static final JsonLines.Format<RunResult.Failure> FAILURE = new JsonLines.Format<>("failure",
            (json, source, line) -> {
                JsonLines.Fields f = JsonLines.object(json, source, line, "failure");
                return new RunResult.Failure(f.text("condition", null), f.text("dialogueId", null),
                        f.text("error", ""), (int) Math.min(Integer.MAX_VALUE, f.count("attempts", 1)));
            }, null, "");

    private static final JsonLines.Format<RatingResult.Failure> RATING_FAILURE = new JsonLines.Format<>("failure",
            (json, source, line) -> {
                JsonLines.Fields f = JsonLines.object(json, source, line, "failure");
                return new RatingResult.Failure(f.text("condition", null), f.text("dialogueId", null),
                        f.text("rater", null), f.text("dimension", null), f.text("error", ""),
                        f.optionalText("rawAnswer"), (int) Math.min(Integer.MAX_VALUE, f.count("attempts", 1)));
            }, null, "");

    private static final JsonLines.Format<PairwiseResult.Failure> PAIRWISE_FAILURE = new JsonLines.Format<>(
            "failure", (json, source, line) -> {
                JsonLines.Fields f = JsonLines.object(json, source, line, "failure");
                return new PairwiseResult.Failure(f.text("dialogueId", null), f.text("conditionA", null),
                        f.text("conditionB", null), f.text("judge", null), f.text("error", ""),
                        f.optionalText("rawAnswer"), (int) Math.min(Integer.MAX_VALUE, f.count("attempts", 1)));
            }, null, "");

    /** What a moved line of a file of batches means; {@code %1$s} is the command that resumes its batches. */
    private static final String BATCH_NOTE = "A moved intent event of a batch not collected yet (or a moved submitted"
            + " event, when the provider cannot find the batch by its label) makes the next %1$s submit that batch's"
            + " items again: each is still journaled once, but paid twice, and the first batch is never collected"
            + " (find its batchId in this file or the side file, or its label in the provider's console, and cancel"
            + " it). A moved collected event makes the next %1$s poll that batch once more.";

    /**
     * A journal of a run folder: its file name, its format (the one its readers parse it with), and what moving a
     * line of it aside means beyond the line's work being done again by the command that wrote it, or {@code null}.
     */
    private record Journaled<T>(String name, JsonLines.Format<T> format, String note) {
    }

    /** Every journal of a run folder, in the order {@link #repair()} checks them. */
    private static final List<Journaled<?>> JOURNALS = List.of(
            new Journaled<>(RESPONSES, ReplyJournal.FORMAT, null),
            new Journaled<>(RATINGS, RatingJournal.FORMAT, null),
            new Journaled<>(PAIRWISE, PairwiseJournal.FORMAT, null),
            new Journaled<>(BATCHES, Batching.FORMAT, batchNote("run --batch")),
            new Journaled<>(RATING_BATCHES, Batching.FORMAT, batchNote("rate --batch")),
            new Journaled<>(FAILURES, FAILURE, null),
            new Journaled<>(RATING_FAILURES, RATING_FAILURE, null),
            new Journaled<>(PAIRWISE_FAILURES, PAIRWISE_FAILURE, null));

    private static String batchNote(String command) {
        return String.format(Locale.ROOT, BATCH_NOTE, command);
    }

    /** The journals' file names. */
    private static final List<String> JOURNAL_NAMES = JOURNALS.stream().map(Journaled::name).toList();

    /** The locks this JVM holds, by lock file; guarded by itself. */
    private static final Map<Path, Holder> HELD = new HashMap<>();

    private static final FileAttribute<?>[] READABLE = FileSystems.getDefault().supportedFileAttributeViews()
            .contains("posix") ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))}
            : new FileAttribute<?>[0];

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * An existing run folder.
     *
     * @throws ConfigurationException when there is no such folder
     */
    public static RunDirectory open(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new ConfigurationException("no run folder " + directory);
        }
        return new RunDirectory(directory);
    }

    /**
     * A run folder, created with its parents when absent.
     *
     * @throws UncheckedIOException when it cannot be created
     */
    public static RunDirectory create(Path directory) {
        Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + directory, e);
        }
        return new RunDirectory(directory);
    }

    /** The folder. */
    public Path path() {
        return path;
    }

    /** A file of the folder, such as {@code file(RunDirectory.RATINGS)}. */
    public Path file(String name) {
        return path.resolve(name);
    }

    /**
     * What {@value #MANIFEST} records.
     *
     * @param library the library that started the run, such as {@code empathy4j 0.1.0}
     * @param started when the run started
     * @param datasetDescription where the dialogues come from
     * @param dialogues how many dialogues the run has
     * @param dialoguesSha256 the SHA-256 of {@value #DIALOGUES}, as {@code sha256sum} prints it
     * @param sampleSize the size of the sample drawn from the dataset, or {@code null} when the run took all of it
     * @param sampleSeed the sample's seed, or {@code null} when the run took the whole dataset
     * @param conditions each condition's spec by name, in the run's order (conditions added later last)
     */
    public record Manifest(String library, Instant started, String datasetDescription, int dialogues,
            String dialoguesSha256, Integer sampleSize, Long sampleSeed, Map<String, String> conditions) {

        public Manifest {
            conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
        }
    }

    /**
     * What the run's {@value #MANIFEST} records.
     *
     * @throws ConfigurationException when the folder has none (a run writes it when it starts)
     * @throws BadInputException when it is not a run description
     */
    public Manifest manifest() {
        Path file = file(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(path + " has no " + MANIFEST + ", which a run writes when it starts");
        }
        JsonNode root = RunManifest.read(file);
        Map<String, String> conditions = new LinkedHashMap<>();
        root.path("conditions").forEach(c -> conditions.put(c.path("name").asText(), c.path("spec").asText()));
        Instant started;
        try {
            started = Instant.parse(root.path("started").asText());
        } catch (DateTimeParseException e) {
            throw new BadInputException(file.toString(), 0, "started", root.path("started").asText(),
                    "an ISO-8601 instant such as 2024-05-01T12:00:00Z");
        }
        JsonNode dataset = root.path("dataset");
        return new Manifest(root.path("library").asText(), started, dataset.path("description").asText(),
                dataset.path("dialogues").asInt(), dataset.path("sha256").asText(),
                dataset.hasNonNull("sampleSize") ? dataset.get("sampleSize").asInt() : null,
                dataset.hasNonNull("sampleSeed") ? dataset.get("sampleSeed").asLong() : null, conditions);
    }

    /**
     * The run's dialogues, from {@value #DIALOGUES}.
     *
     * @throws ConfigurationException when the folder has none (a run writes it when it starts)
     * @throws BadInputException at a bad line
     */
    public DialogueSet dialogues() {
        Path file = file(DIALOGUES);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(path + " has no " + DIALOGUES + ", which a run writes when it starts");
        }
        return DialogueJsonl.read(file);
    }

    /**
     * The replies, from {@value #RESPONSES}, in file order; see {@link ReplyJournal#read}.
     *
     * @throws BadInputException when the file is missing or has a bad line before its last
     */
    public List<Reply> replies() {
        return ReplyJournal.read(file(RESPONSES));
    }

    /**
     * The ratings, from {@value #RATINGS}, in file order; empty when the folder has none yet. See
     * {@link RatingJournal#read}.
     *
     * @throws BadInputException when the file has a bad line before its last
     */
    public List<Rating> ratings() {
        Path file = file(RATINGS);
        return Files.exists(file) ? RatingJournal.read(file) : List.of();
    }

    /** Whether the folder holds at least one byte of ratings. */
    public boolean hasRatings() {
        try {
            return Files.isRegularFile(file(RATINGS)) && Files.size(file(RATINGS)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The items that failed in the latest execution of {@link Run}, from {@value #FAILURES}; empty when none.
     *
     * @throws BadInputException at a bad line
     */
    public List<RunResult.Failure> failures() {
        return readIfPresent(file(FAILURES), FAILURE);
    }

    /**
     * The ratings that failed in the latest execution of {@link RatingRun}, from {@value #RATING_FAILURES};
     * empty when none.
     *
     * @throws BadInputException at a bad line
     */
    public List<RatingResult.Failure> ratingFailures() {
        return readIfPresent(file(RATING_FAILURES), RATING_FAILURE);
    }

    /**
     * The verdicts that failed in the latest execution of {@link PairwiseRun}, from {@value #PAIRWISE_FAILURES};
     * empty when none.
     *
     * @throws BadInputException at a bad line
     */
    public List<PairwiseResult.Failure> pairwiseFailures() {
        return readIfPresent(file(PAIRWISE_FAILURES), PAIRWISE_FAILURE);
    }

    private static <T> List<T> readIfPresent(Path file, JsonLines.Format<T> format) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<T> entries = new ArrayList<>();
        JsonLines.scan(file, format, entries::add);
        return List.copyOf(entries);
    }

    /**
     * Takes the folder's writer lock, held until {@link Lock#close()}. A thread holding the lock may take it
     * again (a command holds it while the library writers it calls take it too); it is released when every
     * taking is closed.
     *
     * @throws ConfigurationException when another process, or another thread of this one, holds it: one line
     *         naming the folder and the holder's process id
     * @throws UncheckedIOException when the lock file cannot be opened
     */
    public Lock lock() {
        Path file;
        try {
            file = path.toRealPath().resolve(LOCK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run folder " + path, e);
        }
        synchronized (HELD) {
            Holder holder = HELD.get(file);
            if (holder != null) {
                if (holder.owner != Thread.currentThread()) {
                    throw busy("another empathy writer in this process", ProcessHandle.current().pid());
                }
                holder.count++;
                return new Lock(file, holder);
            }
            // No descriptor of the lock file is open in this JVM now, so closing one cannot drop a lock of ours.
            RandomAccessFile raf = null;
            try {
                raf = new RandomAccessFile(file.toFile(), "rw");
                FileLock lock;
                try {
                    lock = raf.getChannel().tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    raf.close();
                    throw busy("another empathy process", holderPid(file));
                }
                raf.setLength(0);
                raf.write((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
                holder = new Holder(Thread.currentThread(), raf, lock);
                HELD.put(file, holder);
                return new Lock(file, holder);
            } catch (IOException e) {
                if (raf != null) {
                    try {
                        raf.close();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw new UncheckedIOException("cannot lock the run folder " + path + " (" + LOCK + ")", e);
            }
        }
    }

    private ConfigurationException busy(String who, long pid) {
        return new ConfigurationException(who + (pid > 0 ? " (pid " + pid + ")" : "") + " is writing " + path
                + "; wait for it to finish, or use another folder");
    }

    private static long holderPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The lock's state in this JVM: the thread holding it and how often it took it. */
    private static final class Holder {
        private final Thread owner;
        private final RandomAccessFile file;
        private final FileLock lock;
        private int count = 1;

        private Holder(Thread owner, RandomAccessFile file, FileLock lock) {
            this.owner = owner;
            this.file = file;
            this.lock = lock;
        }
    }

    /** A taking of a run folder's writer lock; see {@link #lock()}. */
    public static final class Lock implements AutoCloseable {

        private final Path file;
        private final Holder holder;
        private boolean closed;

        private Lock(Path file, Holder holder) {
            this.file = file;
            this.holder = holder;
        }

        /**
         * Gives the taking back; the last one releases the lock. Closing again does nothing.
         *
         * @throws UncheckedIOException when the lock file cannot be closed
         */
        @Override
        public void close() {
            synchronized (HELD) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--holder.count > 0) {
                    return;
                }
                HELD.remove(file);
                try {
                    try {
                        holder.lock.release();
                    } finally {
                        holder.file.close();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release " + file, e);
                }
            }
        }
    }

    /**
     * What {@link #repair()} moved out of one journal.
     *
     * @param file the journal
     * @param rejectedFile where its bad lines went, appended
     * @param lines the bad lines' numbers in the journal as it was
     * @param kept how many lines stayed
     * @param note what the moved lines mean beyond their work being done again by the command that wrote them (a
     *        file of batches: a batch may be submitted and paid again), or {@code null}
     */
    public record Repaired(Path file, Path rejectedFile, List<Long> lines, int kept, String note) {

        public Repaired {
            lines = List.copyOf(lines);
        }

        /** What was moved out of a journal whose moved lines need no note. */
        public Repaired(Path file, Path rejectedFile, List<Long> lines, int kept) {
            this(file, rejectedFile, lines, kept, null);
        }
    }

    /**
     * The file names of a run folder's journals, in the order {@link #repair()} checks them: {@value #RESPONSES},
     * {@value #RATINGS}, {@value #PAIRWISE}, {@value #BATCHES}, {@value #RATING_BATCHES}, {@value #FAILURES},
     * {@value #RATING_FAILURES} and {@value #PAIRWISE_FAILURES}.
     */
    public static List<String> journals() {
        return JOURNAL_NAMES;
    }

    /**
     * Moves the bad lines of every journal of the folder ({@link #journals()}) to a side file
     * ({@code responses.rejected.jsonl} for {@value #RESPONSES}), byte for byte, and keeps every other line as it
     * was, under the folder's lock. A line is bad when the journal's readers would stop at it: not JSON (such as two
     * lines spliced into one), an invalid field, a repeated entry (a reply, rating, verdict or batch event), or a
     * torn last line. A journal without bad lines is not touched; one the folder does not have is skipped.
     *
     * @return what was moved, one entry per journal that had bad lines, in {@link #journals()} order; empty when
     *         nothing was wrong
     * @throws ConfigurationException when another writer holds the lock
     */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public List<Repaired> repair() {
        try (Lock lock = lock()) {
            List<Repaired> repaired = new ArrayList<>();
            for (Journaled<?> journal : JOURNALS) {
                Repaired moved = repair(journal);
                if (moved != null) {
                    repaired.add(moved);
                }
            }
            return List.copyOf(repaired);
        }
    }

    private <T> Repaired repair(Journaled<T> journal) {
        String name = journal.name();
        JsonLines.Format<T> format = journal.format();
        Path file = file(name);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes.length);
            ByteArrayOutputStream rejected = new ByteArrayOutputStream();
            List<Long> bad = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            int keptLines = 0;
            long number = 0;
            for (int start = 0; start < bytes.length; number++) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                byte[] line = Arrays.copyOfRange(bytes, start, end);
                boolean good = JsonLines.isBlank(line) || valid(line, file.toString(), number + 1, format, seen);
                ByteArrayOutputStream to = good ? kept : rejected;
                to.write(line);
                to.write('\n');
                if (good) {
                    keptLines++;
                } else {
                    bad.add(number + 1);
                }
                start = end + 1;
            }
            if (bad.isEmpty()) {
                return null;
            }
            Path side = file(name.substring(0, name.length() - ".jsonl".length()) + REJECTED_SUFFIX);
            try (AppendOnlyFile out = AppendOnlyFile.open(side)) {
                out.append(rejected.toByteArray());
            }
            replace(file, kept.toByteArray());
            return new Repaired(file, side, bad, keptLines, journal.note());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair " + file, e);
        }
    }

    private static <T> boolean valid(byte[] line, String source, long number, JsonLines.Format<T> format,
            Set<String> seen) {
        try {
            T entry = format.parser().parse(line, source, number);
            return format.key() == null || seen.add(format.key().apply(entry));
        } catch (JsonProcessingException | BadInputException e) {
            return false;
        }
    }

    /**
     * Replaces a file with the bytes at once (a new file moved over it), readable by others.
     *
     * @throws IOException when it cannot be written
     */
    static void replace(Path file, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp",
                READABLE);
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
