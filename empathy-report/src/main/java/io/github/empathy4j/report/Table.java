package io.github.empathy4j.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A titled table of text cells, rendered as aligned plain text, as Markdown or as HTML. Columns of numbers are
 * right-aligned (every cell that is not blank starts with a digit, a sign, {@code <} or {@code [}, or is {@code n/a}),
 * the others left-aligned. Immutable.
 *
 * @param title the heading above the table
 * @param headers the column headers
 * @param rows the cells, one list per row, each as long as {@code headers}
 * @param note a line printed below the table (a legend), or empty
 */
public record Table(String title, List<String> headers, List<List<String>> rows, String note) {

    /** The width that plain-text notes are wrapped to, unless the table is wider. */
    private static final int TEXT_WIDTH = 100;

    public Table {
        Objects.requireNonNull(title, "title");
        headers = List.copyOf(headers);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells; the table '" + title
                        + "' has " + headers.size() + " columns " + headers);
            }
            copy.add(List.copyOf(row));
        }
        rows = List.copyOf(copy);
        Objects.requireNonNull(note, "note");
    }

    /** A copy with one more column on the right; {@code cells} has one value per row. */
    public Table withColumn(String header, List<String> cells) {
        if (cells.size() != rows.size()) {
            throw new IllegalArgumentException("column '" + header + "' has " + cells.size() + " cells; the table '"
                    + title + "' has " + rows.size() + " rows");
        }
        List<String> newHeaders = new ArrayList<>(headers);
        newHeaders.add(header);
        List<List<String>> newRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = new ArrayList<>(rows.get(i));
            row.add(cells.get(i));
            newRows.add(row);
        }
        return new Table(title, newHeaders, newRows, note);
    }

    /** A copy with another note. */
    public Table withNote(String newNote) {
        return new Table(title, headers, rows, newNote);
    }

    /** The table as plain text: the title, the columns padded to their widest cell, the note. */
    public String toText() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        boolean[] right = numericColumns();
        StringBuilder sb = new StringBuilder(title).append('\n');
        appendTextRow(sb, headers, widths, right);
        List<String> rules = new ArrayList<>();
        for (int width : widths) {
            rules.add("-".repeat(width));
        }
        appendTextRow(sb, rules, widths, right);
        for (List<String> row : rows) {
            appendTextRow(sb, row, widths, right);
        }
        if (!note.isEmpty()) {
            wrap(sb, note, Math.max(TEXT_WIDTH, Arrays.stream(widths).sum() + 2 * (widths.length - 1)));
        }
        return sb.toString();
    }

    /** Appends text broken into lines of at most {@code width} characters, at spaces. */
    private static void wrap(StringBuilder sb, String text, int width) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                sb.append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        sb.append(line).append('\n');
    }

    private static void appendTextRow(StringBuilder sb, List<String> cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : "  ").append(right[c] ? pad + cell : cell + pad);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private boolean[] numericColumns() {
        boolean[] numeric = new boolean[headers.size()];
        for (int c = 0; c < numeric.length; c++) {
            boolean all = true;
            boolean any = false;
            for (List<String> row : rows) {
                String cell = row.get(c);
                if (!cell.isBlank()) {
                    any = true;
                    char first = cell.charAt(0);
                    all &= Character.isDigit(first) || "+-<[".indexOf(first) >= 0 || cell.equals("n/a");
                }
            }
            numeric[c] = any && all;
        }
        return numeric;
    }

    /** The table as Markdown: a level-3 heading, a pipe table and the note as a paragraph. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("### ").append(title).append("\n\n");
        sb.append(markdownRow(headers));
        boolean[] right = numericColumns();
        List<String> rules = new ArrayList<>();
        for (boolean r : right) {
            rules.add(r ? "---:" : "---");
        }
        sb.append(markdownRow(rules));
        for (List<String> row : rows) {
            sb.append(markdownRow(row));
        }
        if (!note.isEmpty()) {
            sb.append('\n').append(note).append('\n');
        }
        return sb.toString();
    }

    private static String markdownRow(List<String> cells) {
        StringBuilder sb = new StringBuilder("|");
        for (String cell : cells) {
            sb.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        return sb.append('\n').toString();
    }

    /** The table as an HTML fragment: a level-3 heading, a table and the note as a paragraph. */
    public String toHtml() {
        boolean[] right = numericColumns();
        StringBuilder sb = new StringBuilder("<h3>").append(escape(title)).append("</h3>\n<table>\n<thead><tr>");
        for (int c = 0; c < headers.size(); c++) {
            sb.append(right[c] ? "<th class=\"n\">" : "<th>").append(escape(headers.get(c))).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                sb.append(right[c] ? "<td class=\"n\">" : "<td>").append(escape(row.get(c))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        if (!note.isEmpty()) {
            sb.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
        }
        return sb.toString();
    }

    /** Escapes the characters HTML gives a meaning to. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
