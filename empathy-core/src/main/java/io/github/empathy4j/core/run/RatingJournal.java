package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A run's {@code ratings.jsonl}: one {@link Rating} as a JSON object per line, UTF-8, appended and
 * flushed as each rating arrives, never rewritten. LLM judges ({@link RatingRun}) and crowd imports
 * write the same file, so that statistics treat them alike.
 *
 * <p>Fields, in this order: {@code condition}, {@code dialogueId}, {@code rater} (a judge's name or a
 * crowd participant's id), {@code scale} and {@code dimension} (ids, such as {@code study} and
 * {@code empathy}), {@code value} (the level's code), {@code rationale} (the judge's reason) and
 * {@code batch} (the crowd batch), the last two {@code null} or absent, and {@code kind} ({@code judge},
 * {@code panel} for a panel's combined rating, or {@code crowd}; absent in files written before it existed, where a
 * rating with a batch is the crowd's and one whose rationale reads {@code "majority of 3: ..."} a panel's), and
 * {@code costUsd}: what the judge's call cost in US dollars, exactly, as a plain decimal string ({@code "0"} when
 * taken from the response cache; {@code null} or absent when unknown, or for a panel's or the crowd's rating, which
 * made no call). Unknown fields are ignored. For example:
 * <pre>{@code
 * {"condition":"gpt-4","dialogueId":"hit:1_conv:2","rater":"openai:gpt-4o?seed=42&temperature=0","scale":"study","dimension":"empathy","value":3,"rationale":"Validates the fear.","batch":null,"kind":"judge","costUsd":"0.00041"}
 * }</pre>
 *
 * <p>A file holds at most one rating per condition, dialogue, rater, scale and dimension.
 */
public final class RatingJournal {

    /** The journal's file name inside a run's folder. */
    public static final String FILE_NAME = RunDirectory.RATINGS;

    /** How a panel's combined rating was told apart before ratings named their kind: its rationale. */
    private static final Pattern LEGACY_PANEL = Pattern.compile("(majority|mean) of \\d+: .*", Pattern.DOTALL);

    private static final Logger LOG = LoggerFactory.getLogger(RatingJournal.class);

    /** The journal's format for {@link JsonLines}. */
    static final JsonLines.Format<Rating> FORMAT = new JsonLines.Format<>("rating", RatingJournal::parse,
            RatingJournal::key, "one rating per condition, dialogue, rater, scale and dimension");

    /** The journal as the engine writes it. */
    static final Journal.Kind<Rating> KIND = new Journal.Kind<>(FILE_NAME, FORMAT, RatingJournal::line, LOG);

    private RatingJournal() {
    }

    /**
     * Reads every rating of a journal, in file order. A torn last line (left by a process killed
     * while writing) is ignored with a warning; the file is not changed.
     *
     * @throws BadInputException when the file is missing, a line that is not the last is not valid JSON,
     *         a field is invalid, or a rating appears twice (with the line number)
     */
    public static List<Rating> read(Path file) {
        Objects.requireNonNull(file, "file");
        return JsonLines.read(file, FORMAT, LOG);
    }

    /**
     * Appends the ratings the journal does not hold yet, creating the file when absent, and returns
     * how many were appended: appending the same ratings twice adds nothing. The file's folder is locked
     * ({@link RunDirectory#lock()}) while appending, a torn last line is cut away first, and each rating is one
     * write. A writer that appends again and again (a crowd study's server) opens an {@link Appender} instead.
     *
     * @throws io.github.empathy4j.core.ConfigurationException when another writer holds the folder's lock
     * @throws BadInputException when the file has a bad line before its last
     * @throws IllegalArgumentException when {@code ratings} holds the same rating twice
     */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public static int append(Path file, Collection<Rating> ratings) {
        Objects.requireNonNull(file, "file");
        requireDistinct(ratings);
        try (RunDirectory.Lock lock = RunDirectory.create(file.toAbsolutePath().getParent()).lock();
                Appender appender = Appender.open(file)) {
            return appender.append(ratings);
        }
    }

    private static void requireDistinct(Collection<Rating> ratings) {
        Set<String> given = new HashSet<>();
        for (Rating r : ratings) {
            if (!given.add(key(r))) {
                throw new IllegalArgumentException("rating of condition '" + r.condition() + "', dialogue '"
                        + r.dialogueId() + "' by '" + r.rater() + "' on " + r.scale() + "/" + r.dimension()
                        + " is given twice");
            }
        }
    }

    /**
     * A journal held open for appending by a writer that holds its folder's {@link RunDirectory#lock()} for a
     * while: the file is read once, when opened (a torn last line cut away), and then only the keys of its
     * ratings are kept, so that each {@link #append} costs the new ratings' writes, not a reading of the file.
     * Should the path come to name another file (moved or replaced while open), the next append opens and reads
     * that one instead of writing to a file no path names.
     */
    public static final class Appender implements AutoCloseable {

        private final Path path;
        private Journal<Rating> journal;
        private Object fileKey;

        private Appender(Path path) {
            this.path = path;
            reopen();
        }

        /**
         * Opens the journal, creating the file when absent. The caller holds the folder's lock for as long as the
         * appender is open.
         *
         * @throws BadInputException when the file has a bad line before its last
         */
        public static Appender open(Path file) {
            return new Appender(Objects.requireNonNull(file, "file"));
        }

        /**
         * Appends the ratings the journal does not hold yet, each as one flushed write, and returns how many were
         * appended.
         *
         * @throws IllegalArgumentException when {@code ratings} holds the same rating twice (nothing is written)
         * @throws UncheckedIOException when the file cannot be written
         */
        public synchronized int append(Collection<Rating> ratings) {
            requireDistinct(ratings);
            if (!Objects.equals(currentKey(), fileKey)) {
                close();
                reopen();
            }
            int appended = 0;
            for (Rating r : ratings) {
                if (!journal.contains(key(r))) {
                    journal.append(r);
                    appended++;
                }
            }
            return appended;
        }

        private void reopen() {
            journal = Journal.open(path, KIND, r -> { });
            fileKey = currentKey();
        }

        /** The identity of the regular file the path names now, or {@code null}. */
        private Object currentKey() {
            try {
                BasicFileAttributes file = Files.readAttributes(path, BasicFileAttributes.class);
                return file.isRegularFile() ? file.fileKey() : null;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public synchronized void close() {
            try {
                journal.file().close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
        }
    }

    /** What identifies a rating in the journal. */
    static String key(Rating r) {
        return r.condition() + '\u0000' + r.dialogueId() + '\u0000' + r.rater() + '\u0000' + r.scale() + '\u0000'
                + r.dimension();
    }

    /** One rating as a JSON line, newline included. */
    static byte[] line(Rating rating) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = ReplyJournal.JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("condition", rating.condition());
            g.writeStringField("dialogueId", rating.dialogueId());
            g.writeStringField("rater", rating.rater());
            g.writeStringField("scale", rating.scale());
            g.writeStringField("dimension", rating.dimension());
            g.writeNumberField("value", rating.value());
            g.writeStringField("rationale", rating.rationale());
            g.writeStringField("batch", rating.batch());
            g.writeStringField("kind", rating.kind().name().toLowerCase(Locale.ROOT));
            g.writeStringField("costUsd", rating.cost() == null ? null : rating.cost().toPlainString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a rating as JSON", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Parses one line; {@code source} and {@code line} name it in errors. */
    static Rating parse(byte[] json, String source, long line) throws JsonProcessingException {
        JsonLines.Fields f = JsonLines.object(json, source, line, "rating");
        int value = f.integer("value", "a whole number: the level's code");
        String rationale = f.optionalText("rationale");
        String batch = f.optionalText("batch");
        String kind = f.optionalText("kind");
        RaterSource.Kind sourceKind;
        if (kind == null) {
            // written before ratings named their kind: a panel's combined rating said so in its rationale
            sourceKind = batch != null ? RaterSource.Kind.CROWD
                    : rationale != null && LEGACY_PANEL.matcher(rationale).matches() ? RaterSource.Kind.PANEL
                    : RaterSource.Kind.JUDGE;
        } else {
            sourceKind = switch (kind.toLowerCase(Locale.ROOT)) {
                case "judge" -> RaterSource.Kind.JUDGE;
                case "panel" -> RaterSource.Kind.PANEL;
                case "crowd" -> RaterSource.Kind.CROWD;
                default -> throw new BadInputException(source, line, "kind", kind, "judge, panel or crowd");
            };
        }
        try {
            return new Rating(f.text("condition", null), f.text("dialogueId", null), f.text("rater", null),
                    f.text("scale", null), f.text("dimension", null), value, rationale, batch, sourceKind, f.dollars("costUsd"));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, line, "batch", String.valueOf(batch),
                    "a batch for a crowd rating (kind crowd) and none for a judge's or a panel's");
        }
    }
}
