package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.empathy4j.core.BadInputException;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A journal of records of one kind ({@link ReplyJournal}'s replies, {@link RatingJournal}'s ratings) open for
 * appending during an execution: the keys of what it holds (never the records' texts) and one whole line appended
 * per record. {@link #read} reads one lazily.
 */
final class Journal<R> {

    /**
     * What a journal holds: its file name in a run's folder, its format, how a record is written and where
     * warnings go.
     */
    record Kind<R>(String fileName, JsonLines.Format<R> format, Function<R, byte[]> line, Logger log) {
    }

    private final AppendOnlyFile file;
    private final Kind<R> kind;
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    private Journal(AppendOnlyFile file, Kind<R> kind) {
        this.file = file;
        this.kind = kind;
    }

    /**
     * Opens the journal for appending, handing each record it holds to {@code sink}; a torn last line is cut away.
     *
     * @throws BadInputException when a line before the last is bad or a key repeats
     */
    static <R> Journal<R> open(Path path, Kind<R> kind, Consumer<? super R> sink) {
        Journal<R> journal = new Journal<>(AppendOnlyFile.open(path), kind);
        try {
            journal.keys.addAll(JsonLines.reopen(journal.file, path, kind.format(), kind.log(), sink).keys());
        } catch (RuntimeException e) {
            try {
                journal.file.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return journal;
    }

    /**
     * The journal's keys, read without changing the file (nor creating it when absent), handing each record to
     * {@code sink}; the result cannot be appended to. For an {@link Estimate}.
     *
     * @throws BadInputException when a line before the last is bad or a key repeats
     */
    static <R> Journal<R> readOnly(Path path, Kind<R> kind, Consumer<? super R> sink) {
        Journal<R> journal = new Journal<>(null, kind);
        if (Files.exists(path)) {
            journal.keys.addAll(JsonLines.scan(path, kind.format(), sink).keys());
        }
        return journal;
    }

    /** Whether the journal holds a record with this key ({@link JsonLines.Format#key()}). */
    boolean contains(String key) {
        return keys.contains(key);
    }

    /** Appends the record as one line. */
    void append(R record) {
        file.append(kind.line().apply(record));
        keys.add(kind.format().key().apply(record));
    }

    AppendOnlyFile file() {
        return file;
    }

    /**
     * The records of a journal file, read lazily in file order, one line at a time; a torn last line is left out.
     * The file is closed at the stream's end or when the stream is closed.
     *
     * @throws BadInputException (from the stream) when the file is missing or a line before the last is not a record
     */
    static <R> Stream<R> read(Path path, JsonLines.Format<R> format) {
        String source = path.toString();
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new BadInputException(source, 0, null, null, "the file does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        JsonLines.Lines lines = new JsonLines.Lines(in);
        Runnable close = () -> {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + source, e);
            }
        };
        Spliterator<R> records = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private long number;
            private boolean done;

            @Override
            public boolean tryAdvance(Consumer<? super R> action) {
                if (done) {
                    return false;
                }
                try {
                    byte[] line;
                    while ((line = lines.next()) != null) {
                        number++;
                        if (JsonLines.isBlank(line)) {
                            continue;
                        }
                        try {
                            action.accept(format.parser().parse(line, source, number));
                            return true;
                        } catch (JsonProcessingException e) {
                            if (!lines.terminated()) {
                                break; // a torn last line
                            }
                            throw new BadInputException(source, number, null, null, "a " + format.entry()
                                    + " as one JSON object per line: " + e.getOriginalMessage(), e);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + source, e);
                }
                done = true;
                close.run();
                return false;
            }
        };
        return StreamSupport.stream(records, false).onClose(close);
    }

    /**
     * The record whose line starts at {@code offset} (as {@link JsonLines#scanWithOffsets} gives it) in a journal file.
     */
    static <R> R readAt(Path path, long offset, JsonLines.Format<R> format) {
        try (InputStream in = Files.newInputStream(path)) {
            in.skipNBytes(offset);
            byte[] line = new JsonLines.Lines(in).next();
            return format.parser().parse(line == null ? new byte[0] : line, path.toString(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
