package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.report.Table;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The {@code --format} option and how a command prints its result in each format. */
final class Output {

    /** The output formats. */
    enum Format {
        /** Aligned plain text. */
        TEXT,
        /** Markdown headings and tables. */
        MARKDOWN,
        /** One JSON document, fields as documented in the README. */
        JSON
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: text, markdown or json (default: ${DEFAULT-VALUE}).")
    Format format = Format.TEXT;

    /** Whether the result is to be printed as JSON. */
    boolean json() {
        return format == Format.JSON;
    }

    /** Prints a heading: a line in text, a level-2 heading in Markdown. */
    void heading(PrintWriter out, String text) {
        if (format == Format.MARKDOWN) {
            out.println("## " + text);
        } else {
            out.println(text);
            out.println("=".repeat(text.length()));
        }
        out.println();
    }

    /** Prints a paragraph followed by a blank line. */
    void paragraph(PrintWriter out, String text) {
        out.println(text);
        out.println();
    }

    /** Prints tables as text or Markdown, separated by blank lines; a note the table before had is not repeated. */
    void tables(PrintWriter out, List<Table> tables) {
        String previousNote = "";
        for (Table table : tables) {
            Table shown = table.note().equals(previousNote) ? table.withNote("") : table;
            out.println(format == Format.MARKDOWN ? shown.toMarkdown() : shown.toText());
            previousNote = table.note();
        }
    }

    /** A count with its noun, in the plural unless it is 1: {@code 1 rater}, {@code 2 raters}, {@code 1 reply}. */
    static String count(long n, String noun) {
        String plural = noun.endsWith("y") && !noun.endsWith("ey") ? noun.substring(0, noun.length() - 1) + "ies"
                : noun.endsWith("ch") ? noun + "es" : noun + "s";
        return String.format(Locale.ROOT, "%d %s", n, n == 1 ? noun : plural);
    }

    /** Prints a value as indented JSON. */
    static void json(PrintWriter out, Object value) {
        try {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
