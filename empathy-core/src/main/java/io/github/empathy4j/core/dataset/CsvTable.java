package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A CSV file with a header line, read as text for callers that check the columns themselves, such as
 * returned crowd ratings. RFC 4180 (quoted fields may hold commas, doubled quotes and line breaks),
 * strict UTF-8 with an optional byte-order mark; blank lines are skipped.
 *
 * @param source the file read
 * @param header the column names, stripped
 * @param rows the data rows, in file order
 */
public record CsvTable(String source, List<String> header, List<Row> rows) {

    public CsvTable {
        Objects.requireNonNull(source, "source");
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /**
     * One data row.
     *
     * @param line the 1-based line the row starts on
     * @param values the fields as read; a row may have more or fewer fields than the header
     */
    public record Row(long line, List<String> values) {

        public Row {
            values = List.copyOf(values);
        }

        /** The field in a column, or {@code ""} when the row is too short to have it. */
        public String get(int column) {
            return column < values.size() ? values.get(column) : "";
        }
    }

    /**
     * Reads a file.
     *
     * @param expected what the header should hold, for the message when the file is empty
     * @throws BadInputException for an empty file, broken quoting or invalid UTF-8, naming the line
     * @throws io.github.empathy4j.core.EmpathyException naming the file when it cannot be read
     */
    public static CsvTable read(Path file, String expected) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        try (BufferedReader in = Sources.open(file); CsvRecords csv = new CsvRecords(source, in)) {
            if (!csv.next()) {
                throw Sources.empty(file, expected);
            }
            List<String> header = csv.fields().stream().map(String::strip).toList();
            List<Row> rows = new ArrayList<>();
            while (csv.next()) {
                rows.add(new Row(csv.line(), csv.fields()));
            }
            return new CsvTable(source, header, rows);
        } catch (IOException e) {
            throw Sources.failure(file, e);
        }
    }

    /** The index of a column, ignoring case; {@code -1} when the header has none of that name. */
    public int column(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).toLowerCase(Locale.ROOT).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }
}
