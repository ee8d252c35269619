package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Collects a reader's bad rows under an {@link ErrorPolicy}: throws at the first, or counts and keeps examples. */
final class Problems {

    private final String source;
    private final ErrorPolicy policy;
    private final List<BadInputException> examples = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long count;
    private long skipped;

    Problems(String source, ErrorPolicy policy) {
        this.source = source;
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** A row-level problem that makes {@code rows} records unusable; throws under {@link ErrorPolicy#STRICT}. */
    void reject(BadInputException problem, long rows) {
        if (policy == ErrorPolicy.STRICT) {
            throw new BadInputException(problem.source(), problem.line(), problem.column(), problem.value(),
                    problem.expected() + ErrorPolicy.LENIENT_HINT, problem.getCause());
        }
        count++;
        skipped += rows;
        if (examples.size() < ReadReport.KEPT_PROBLEMS) {
            examples.add(problem);
        }
    }

    /** A bad field on a line; the record on that line is skipped. */
    void reject(long line, String column, String value, String expected) {
        reject(new BadInputException(source, line, column, value, expected), 1);
    }

    void note(String note) {
        notes.add(note);
    }

    /** {@code n} and the noun, plural unless {@code n} is 1, such as {@code 1 row} or {@code 2,000 rows}. */
    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    ReadReport report(long records) {
        return new ReadReport(source, records, skipped, count, examples, notes);
    }
}
