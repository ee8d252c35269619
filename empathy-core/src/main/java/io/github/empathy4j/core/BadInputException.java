package io.github.empathy4j.core;

import java.util.Objects;

/**
 * Input that cannot be used: a bad row, field or file. Carries where the problem is (source,
 * line, column), the offending value and what was expected, so that the message alone lets a
 * user fix the file.
 *
 * <p>Example message: {@code data.csv:17: column 'rating_human': '4' is not valid; expected 1 (Bad), 2 (Okay) or 3 (Good)}.
 */
public class BadInputException extends EmpathyException {

    private final String source;
    private final long line;
    private final String column;
    private final String value;
    private final String expected;

    /**
     * A problem with one field.
     *
     * @param source the file name or other source description
     * @param line the 1-based line number where the record starts, or 0 when not line-based
     * @param column the column or field name, or {@code null} when the whole row is at fault
     * @param value the offending value as read, or {@code null}
     * @param expected what would have been accepted
     */
    public BadInputException(String source, long line, String column, String value, String expected) {
        this(source, line, column, value, expected, null);
    }

    /** A problem with one field, caused by another exception. */
    public BadInputException(String source, long line, String column, String value, String expected,
            Throwable cause) {
        super(format(source, line, column, value, expected), cause);
        this.source = Objects.requireNonNull(source, "source");
        this.line = line;
        this.column = column;
        this.value = value;
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    private static String format(String source, long line, String column, String value, String expected) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (column != null) {
            sb.append("column '").append(column).append("': ");
        }
        if (value != null) {
            sb.append('\'').append(abbreviate(value)).append("' is not valid; ");
        }
        return sb.append(expected).toString();
    }

    private static String abbreviate(String value) {
        String oneLine = value.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    /** The file name or other source description. */
    public String source() {
        return source;
    }

    /** The 1-based line number where the bad record starts, or 0 when not line-based. */
    public long line() {
        return line;
    }

    /** The column or field name, or {@code null} when the whole row is at fault. */
    public String column() {
        return column;
    }

    /** The offending value as read, or {@code null}. */
    public String value() {
        return value;
    }

    /** What would have been accepted. */
    public String expected() {
        return expected;
    }
}
