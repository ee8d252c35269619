package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a reader did with a file: records read, records skipped because they could not be used,
 * the problems found (the first {@value #KEPT_PROBLEMS} kept as examples) and notes on input that was
 * tolerated or not turned into dialogues.
 *
 * @param source the file read
 * @param records data records read (CSV rows or JSONL lines, without header and blank lines)
 * @param skipped records not used because of a problem
 * @param problemCount problems found; each skipped record is explained by at least one
 * @param problems the first problems found, at most {@value #KEPT_PROBLEMS}, in file order
 * @param notes remarks on tolerated input, such as extra trailing fields
 */
public record ReadReport(String source, long records, long skipped, long problemCount,
        List<BadInputException> problems, List<String> notes) {

    /** The most problems a report keeps as examples. */
    public static final int KEPT_PROBLEMS = 100;

    private static final int SUMMARY_EXAMPLES = 5;

    public ReadReport {
        Objects.requireNonNull(source, "source");
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
        if (records < 0 || skipped < 0 || skipped > records || problemCount < problems.size()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "inconsistent report: %d records, %d skipped, %d problems, %d examples",
                    records, skipped, problemCount, problems.size()));
        }
    }

    /** Whether every record was used. */
    public boolean isClean() {
        return problemCount == 0;
    }

    /**
     * One paragraph for a user: records read and skipped, the problem count with the first five
     * problems, and the notes.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder(source).append(": ").append(Problems.count(records, "record"))
                .append(" read");
        if (problemCount == 0) {
            sb.append(", none skipped.");
        } else {
            sb.append(String.format(Locale.ROOT, ", %,d skipped because of %s", skipped,
                    Problems.count(problemCount, "problem")));
            int shown = Math.min(SUMMARY_EXAMPLES, problems.size());
            sb.append(shown < problemCount ? String.format(Locale.ROOT, "; the first %d:", shown) : ":");
            for (int i = 0; i < shown; i++) {
                sb.append(' ').append(i + 1).append(") ").append(problems.get(i).getMessage());
                sb.append(i == shown - 1 ? "." : ";");
            }
        }
        for (String note : notes) {
            sb.append(' ').append(note);
        }
        return sb.toString();
    }
}
