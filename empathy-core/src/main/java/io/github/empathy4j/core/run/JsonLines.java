package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.EmpathyException;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;

/**
 * The journals' common form, JSON Lines appended one whole line at a time: reading one that a killed
 * process may have left with a torn last line, and reopening it for appending after cutting that line
 * away. {@link ReplyJournal} and {@link RatingJournal} are its two users.
 */
final class JsonLines {

    private static final ObjectReader READER = ReplyJournal.JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonLines() {
    }

    /** Parses one line; throws {@link JsonProcessingException} for text that is not JSON. */
    interface Parser<T> {
        T parse(byte[] json, String source, long line) throws JsonProcessingException;
    }

    /**
     * What a journal holds: its kind of entry for messages ({@code reply}), the parser, the key that
     * must not repeat ({@code null} when entries may repeat) and how that key is described ({@code one reply
     * per condition and dialogue}). A bad line of a file {@link RunDirectory#repair()} repairs (one of
     * {@link RunDirectory#journals()}) is reported with the command that repairs it.
     */
    record Format<T>(String entry, Parser<T> parser, Function<T, String> key, String unique) {
    }

    /**
     * What a scan found: how many entries; their keys ({@link Format#key()}; empty when the format has none);
     * where a torn last line starts ({@code -1} when none) and its number; whether the last line is complete but
     * lacks its newline.
     */
    record Scan(long entries, Set<String> keys, long tornAt, long tornLine, boolean missingNewline) {
    }

    /**
     * Reads every entry of a journal, in file order, handing each to {@code sink} as it is read; only the
     * keys that must not repeat are kept, so memory does not grow with the entries' text. Lines are read
     * through a buffer, a line of any length.
     *
     * @throws BadInputException when the file is missing, a line that is not the last is not valid JSON,
     *         a field is invalid, or a key repeats (with the line number)
     */
    static <T> Scan scan(Path file, Format<T> format, Consumer<? super T> sink) {
        return scanWithOffsets(file, format, (T entry, long offset) -> sink.accept(entry));
    }

    /** As {@link #scan(Path, Format, Consumer)}, handing each entry with the offset its line starts at. */
    static <T> Scan scanWithOffsets(Path file, Format<T> format, ObjLongConsumer<? super T> sink) {
        String source = file.toString();
        Map<String, Long> seen = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            Lines lines = new Lines(in);
            long entries = 0;
            long lineNumber = 0;
            long badLine = 0;
            long badStart = -1;
            JsonProcessingException badError = null;
            boolean terminated = true;
            byte[] bytes;
            while ((bytes = lines.next()) != null) {
                lineNumber++;
                terminated = lines.terminated();
                if (isBlank(bytes)) {
                    continue;
                }
                if (badError != null) {
                    throw new BadInputException(source, badLine, null, null,
                            "a " + format.entry() + " as one JSON object per line: " + badError.getOriginalMessage()
                                    + repairHint(file), badError);
                }
                try {
                    T entry = format.parser().parse(bytes, source, lineNumber);
                    String key = format.key() == null ? null : format.key().apply(entry);
                    Long first = key == null ? null : seen.putIfAbsent(key, lineNumber);
                    if (first != null) {
                        throw new BadInputException(source, lineNumber, null, key.replace('\u0000', '/'),
                                format.unique() + "; line " + first + " has the same");
                    }
                    sink.accept(entry, lines.start());
                    entries++;
                } catch (JsonProcessingException e) {
                    badError = e;
                    badLine = lineNumber;
                    badStart = lines.start();
                } catch (BadInputException e) {
                    String hint = repairHint(file);
                    if (hint.isEmpty()) {
                        throw e;
                    }
                    throw new BadInputException(e.source(), e.line(), e.column(), e.value(), e.expected() + hint, e);
                }
            }
            return new Scan(entries, seen.keySet(), badStart, badLine, badError == null && !terminated);
        } catch (NoSuchFileException e) {
            throw new BadInputException(source, 0, null, null, "the file does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    /**
     * Reads every entry of a journal, in file order; a torn last line is ignored with a warning and
     * the file is not changed.
     */
    static <T> List<T> read(Path file, Format<T> format, Logger log) {
        List<T> entries = new ArrayList<>();
        Scan scan = scan(file, format, entries::add);
        if (scan.tornAt() >= 0) {
            log.warn("{}: line {} is incomplete (a process was stopped while writing it); ignored", file,
                    scan.tornLine());
        }
        return List.copyOf(entries);
    }

    /**
     * Reads a journal open for appending, handing each entry to {@code sink}, and readies it for new lines: a
     * torn last line is cut away (its entry will be done again), a missing final newline is added.
     *
     * @return what the scan found
     */
    static <T> Scan reopen(AppendOnlyFile journal, Path file, Format<T> format, Logger log, Consumer<? super T> sink) {
        Scan scan = scan(file, format, sink);
        if (scan.tornAt() >= 0) {
            log.warn("{}: line {} is incomplete (a process was stopped while writing it); cut it away, its {} will be "
                    + "done again", file, scan.tornLine(), format.entry());
            journal.truncate(scan.tornAt());
        } else if (scan.missingNewline()) {
            journal.append(new byte[] {'\n'});
        }
        return scan;
    }

    /**
     * A file's lines through a buffer: each line's bytes without its {@code \n}, where it starts, and whether a
     * {@code \n} ended it (only the last line may lack one).
     */
    static final class Lines {

        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private long bufferStart;
        private long start;
        private boolean terminated;
        private byte[] line = new byte[1024];

        Lines(InputStream in) {
            this.in = in;
        }

        /** The next line, or {@code null} at the end of the file (a final {@code \n} starts no line). */
        byte[] next() throws IOException {
            start = bufferStart + position;
            int length = 0;
            while (true) {
                if (position == limit) {
                    bufferStart += limit;
                    position = 0;
                    limit = Math.max(0, in.read(buffer));
                    if (limit == 0) {
                        terminated = false;
                        return length == 0 ? null : Arrays.copyOf(line, length);
                    }
                }
                int from = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int n = position - from;
                if (length + n > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
                }
                System.arraycopy(buffer, from, line, length, n);
                length += n;
                if (position < limit) {
                    position++;
                    terminated = true;
                    return Arrays.copyOf(line, length);
                }
            }
        }

        /** Where the line {@link #next()} returned last starts, in bytes from the file's start. */
        long start() {
            return start;
        }

        /** Whether a {@code \n} ended the line {@link #next()} returned last. */
        boolean terminated() {
            return terminated;
        }
    }

    /**
     * A failure's error as recorded and shown: the message of the library's own exceptions, which says what went
     * wrong in the user's terms; the type and message of any other (a bug in a respondent or rater, say).
     */
    static String error(RuntimeException e) {
        return e instanceof EmpathyException && e.getMessage() != null ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** One line of a failures file: the record's components as JSON fields, then {@code time}, then a newline. */
    static byte[] failureLine(Record failure, Instant time) {
        ObjectNode node = ReplyJournal.JSON.valueToTree(failure);
        node.put("time", time.toString());
        try {
            byte[] json = ReplyJournal.JSON.writeValueAsBytes(node);
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a failure as JSON", e);
        }
    }

    /**
     * Parses one line as a JSON object; {@code source} and {@code line} name it in errors, {@code what} is
     * what a line holds, such as {@code reply}.
     *
     * @throws JsonProcessingException when the line is not JSON (a torn line, when it is the last)
     * @throws BadInputException when it is JSON but not an object
     */
    static Fields object(byte[] json, String source, long line, String what) throws JsonProcessingException {
        JsonNode node;
        try {
            node = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            String text = new String(json, StandardCharsets.UTF_8);
            throw new BadInputException(source, line, null, text.length() <= 80 ? text : text.substring(0, 77) + "...",
                    "a JSON object (one " + what + " per line)");
        }
        return new Fields(node, source, line);
    }

    /** Field access on one line's object, with errors that name the file, line and field. */
    record Fields(JsonNode node, String source, long line) {

        /** A string field; {@code fallback} when absent or null, which must then not be {@code null}. */
        String text(String name, String fallback) {
            String v = optionalText(name);
            if (v == null) {
                if (fallback == null) {
                    throw new BadInputException(source, line, name, null, "the field '" + name + "' is required");
                }
                return fallback;
            }
            return v;
        }

        /** A string field, or {@code null} when absent or null. */
        String optionalText(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw new BadInputException(source, line, name, v.toString(), "a JSON string");
            }
            return v.textValue();
        }

        /** A whole number of at least 0; {@code fallback} when absent or null. */
        long count(String name, long fallback) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0) {
                throw new BadInputException(source, line, name, v.toString(), "a whole number, 0 or more");
            }
            return v.longValue();
        }

        /** A required whole number that fits an {@code int}; {@code expected} says what it means. */
        int integer(String name, String expected) {
            JsonNode v = node.get(name);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new BadInputException(source, line, name, v == null ? null : v.toString(), expected);
            }
            return v.intValue();
        }

        /**
         * A US dollar amount of at least 0, written as a plain decimal string (such as {@code "0.0001275"}) or a
         * JSON number; {@code null} when absent or null.
         */
        BigDecimal dollars(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            BigDecimal value = null;
            if (v.isNumber()) {
                value = v.decimalValue();
            } else if (v.isTextual() && v.textValue().matches("\\d+(\\.\\d+)?")) {
                value = new BigDecimal(v.textValue());
            }
            if (value == null || value.signum() < 0) {
                throw new BadInputException(source, line, name, v.toString(),
                        "US dollars, 0 or more, as a plain decimal such as \"0.0001275\"");
            }
            return value;
        }

        /** An object of strings; empty when absent or null. */
        Map<String, String> strings(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return Map.of();
            }
            if (!v.isObject()) {
                throw new BadInputException(source, line, name, v.toString(), "a JSON object of strings");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new BadInputException(source, line, name + "." + e.getKey(), e.getValue().toString(),
                            "a JSON string");
                }
                values.put(e.getKey(), e.getValue().textValue());
            }
            return values;
        }
    }

    /** What to do about a bad line of a journal {@link RunDirectory#repair()} repairs; empty for other files. */
    private static String repairHint(Path file) {
        if (file.getFileName() == null || !RunDirectory.journals().contains(file.getFileName().toString())) {
            return "";
        }
        Path folder = file.toAbsolutePath().getParent();
        return ". To move the bad lines of the run folder aside and keep the rest, run: empathy repair "
                + (file.getParent() == null ? folder : file.getParent());
    }

    static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
