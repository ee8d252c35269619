package io.github.empathy4j.core.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.github.empathy4j.core.BadInputException;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a reader, each with the line it starts on (quoted fields may hold commas,
 * quotes written twice and line breaks). Blank lines are not records.
 */
final class CsvRecords implements Closeable {

    private static final CsvFactory FACTORY = new CsvFactory();

    private final String source;
    private final CsvParser parser;
    private final List<String> fields = new ArrayList<>();
    private long line;
    private long nextLine = 1;
    private boolean started;

    CsvRecords(String source, Reader in) throws IOException {
        this.source = source;
        this.parser = FACTORY.createParser(in);
        parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        parser.disable(CsvParser.Feature.ALLOW_TRAILING_COMMA);
    }

    /**
     * Reads the next non-blank record.
     *
     * @return false at the end of the input
     * @throws BadInputException for broken quoting, with the line the record starts on
     */
    boolean next() throws IOException {
        do {
            if (!readRecord()) {
                return false;
            }
        } while (fields.size() == 1 && fields.get(0).isBlank());
        return true;
    }

    /** The fields of the current record; valid until the next call of {@link #next()}. */
    List<String> fields() {
        return fields;
    }

    /** The 1-based line the current record starts on. */
    long line() {
        return line;
    }

    private boolean readRecord() throws IOException {
        fields.clear();
        line = nextLine;
        try {
            JsonToken token = parser.nextToken();
            if (!started) {
                started = true;
                token = parser.nextToken();
            }
            if (token != JsonToken.START_ARRAY) {
                return false;
            }
            while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
                if (fields.isEmpty()) {
                    line = parser.currentTokenLocation().getLineNr();
                }
                fields.add(parser.getText());
            }
            nextLine = parser.currentLocation().getLineNr();
            return true;
        } catch (JsonProcessingException e) {
            throw new BadInputException(source, line, null, null,
                    "expected a CSV record (RFC 4180: a field with commas, quotes or line breaks is quoted, and a"
                            + " quote inside it is doubled), but: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
