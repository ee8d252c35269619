package io.github.empathy4j.core.crowd;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.CsvTable;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.dataset.ReadReport;
import io.github.empathy4j.core.rating.RatingScale;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the ratings a crowd returned for a {@link CrowdStudy} and checks them against the study's key.
 *
 * <p>The file is CSV with a header naming at least the columns {@code participant}, {@code item} (an
 * item id of the export) and {@code value} (a level's code or label, such as {@code 3} or {@code Good});
 * other columns, such as attention-check answers, may follow. Checked: every row has the header's
 * fields, a participant, an item of the study and a value of the scale; each item is rated once; each
 * participant rates items of one batch (so one condition) only; every batch is complete. A row that breaks a rule is
 * a problem naming the file, line, column, value and what was expected; so is each incomplete batch.
 *
 * <p>With {@link ErrorPolicy#STRICT} the first problem throws and nothing is imported; with
 * {@link ErrorPolicy#LENIENT} the rows with problems are left out, every valid rating is kept, and the
 * {@link Result} lists the problems and the incomplete batches. Participants who fail an
 * {@link AttentionCheck} are excluded before the other checks: their rows are not imported and the
 * result lists them.
 */
public final class CrowdImport {

    /** The required columns. */
    public static final List<String> COLUMNS = List.of("participant", "item", "value");

    /** How a strict import's message ends: the way to import leniently. */
    public static final String LENIENT_HINT = "; to import the valid ratings anyway and get a report, import "
            + "leniently";

    private CrowdImport() {
    }

    /**
     * A participant left out by an attention check.
     *
     * @param participant the participant's id
     * @param check the rule failed, such as {@code check1=3}
     * @param answers the distinct answers given in the rule's column (blank ones left out)
     * @param rows the participant's rows not imported
     */
    public record Exclusion(String participant, String check, List<String> answers, int rows) {

        public Exclusion {
            Objects.requireNonNull(participant, "participant");
            Objects.requireNonNull(check, "check");
            answers = List.copyOf(answers);
        }
    }

    /**
     * A batch whose items were not all rated once.
     *
     * @param batch the batch's id
     * @param condition its condition
     * @param rated items rated
     * @param size items in the batch
     * @param missing the ids of the items not rated
     */
    public record IncompleteBatch(String batch, String condition, int rated, int size, List<String> missing) {

        public IncompleteBatch {
            Objects.requireNonNull(batch, "batch");
            Objects.requireNonNull(condition, "condition");
            missing = List.copyOf(missing);
        }
    }

    /**
     * What an import found.
     *
     * @param ratings the valid ratings, in file order: rater the participant, batch the batch id
     * @param report rows read and left out, the problems (bad rows and incomplete batches) and notes on
     *               exclusions
     * @param excluded the participants excluded by attention checks
     * @param incomplete the batches not completely rated
     */
    public record Result(List<Rating> ratings, ReadReport report, List<Exclusion> excluded,
            List<IncompleteBatch> incomplete) {

        public Result {
            ratings = List.copyOf(ratings);
            Objects.requireNonNull(report, "report");
            excluded = List.copyOf(excluded);
            incomplete = List.copyOf(incomplete);
        }
    }

    /**
     * Reads and checks a file of returned ratings.
     *
     * @param checks attention checks; empty for none
     * @throws BadInputException for a missing column or a file that cannot be read as CSV; under
     *         {@link ErrorPolicy#STRICT} also for the first bad row or incomplete batch
     */
    public static Result read(CrowdStudy study, Path file, List<AttentionCheck> checks, ErrorPolicy policy) {
        Objects.requireNonNull(study, "study");
        return read(study, CsvTable.read(file, "a header with the columns " + String.join(", ", COLUMNS)), checks,
                policy);
    }

    /**
     * Checks returned ratings already in a table, such as those a rating app received, by the rules of
     * {@link #read(CrowdStudy, Path, List, ErrorPolicy)}.
     *
     * @param checks attention checks; empty for none
     * @throws BadInputException for a missing column; under {@link ErrorPolicy#STRICT} also for the first bad
     *         row or incomplete batch
     */
    public static Result read(CrowdStudy study, CsvTable table, List<AttentionCheck> checks, ErrorPolicy policy) {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(policy, "policy");
        String source = table.source();
        Map<String, Integer> at = new HashMap<>();
        for (String name : COLUMNS) {
            at.put(name, required(table, name, "the column '" + name + "' (the header needs "
                    + String.join(", ", COLUMNS) + ")"));
        }
        for (AttentionCheck check : checks) {
            required(table, check.column(), "the column '" + check.column() + "' of attention check " + check);
        }
        Map<String, CrowdStudy.Batch> batchOf = new HashMap<>();
        Map<String, CrowdStudy.Item> itemOf = new HashMap<>();
        for (CrowdStudy.Batch b : study.batches()) {
            for (CrowdStudy.Item i : b.items()) {
                batchOf.put(i.id(), b);
                itemOf.put(i.id(), i);
            }
        }
        Problems problems = new Problems(policy);
        List<Exclusion> excluded = exclusions(table, at.get("participant"), checks);
        Set<String> excludedIds = new LinkedHashSet<>();
        excluded.forEach(e -> excludedIds.add(e.participant()));

        RatingScale.Dimension dimension = study.dimension();
        List<Rating> ratings = new ArrayList<>();
        Map<String, Long> ratedOn = new HashMap<>();
        Map<String, CrowdStudy.Batch> participantBatch = new HashMap<>();
        Map<String, Long> participantLine = new HashMap<>();
        Map<String, String> excludedItems = new HashMap<>();
        long skipped = 0;
        for (CsvTable.Row row : table.rows()) {
            String participant = row.get(at.get("participant")).strip();
            if (excludedIds.contains(participant)) {
                excludedItems.putIfAbsent(row.get(at.get("item")).strip(), participant);
                skipped++;
                continue;
            }
            BadInputException problem = check(row, table, at, participant, batchOf, ratedOn, participantBatch,
                    participantLine, dimension);
            if (problem != null) {
                problems.add(problem);
                skipped++;
                continue;
            }
            String itemId = row.get(at.get("item")).strip();
            CrowdStudy.Batch batch = batchOf.get(itemId);
            ratedOn.put(itemId, row.line());
            participantBatch.putIfAbsent(participant, batch);
            participantLine.putIfAbsent(participant, row.line());
            ratings.add(new Rating(batch.condition(), itemOf.get(itemId).dialogueId(), participant, study.scale(),
                    dimension.id(), dimension.parse(row.get(at.get("value"))).code(), null, batch.id()));
        }
        List<IncompleteBatch> incomplete = new ArrayList<>();
        for (CrowdStudy.Batch b : study.batches()) {
            List<String> missing = b.items().stream().map(CrowdStudy.Item::id).filter(i -> !ratedOn.containsKey(i))
                    .toList();
            if (!missing.isEmpty()) {
                IncompleteBatch gap = new IncompleteBatch(b.id(), b.condition(), b.items().size() - missing.size(),
                        b.items().size(), missing);
                incomplete.add(gap);
                List<String> byExcluded = missing.stream().map(excludedItems::get).filter(Objects::nonNull).toList();
                Set<String> left = new LinkedHashSet<>(byExcluded);
                String why = left.isEmpty() ? "" : "; " + (left.size() == 1 ? "participant " : "participants ")
                        + String.join(", ", left) + " rated " + (byExcluded.size() == 1 ? "one of them"
                        : byExcluded.size() + " of them") + " but " + (left.size() == 1 ? "was" : "were")
                        + " excluded by " + (checks.size() == 1 ? "the attention check " + checks.get(0)
                        : "an attention check");
                problems.add(new BadInputException(source, 0, null, null, "expected every item of batch " + b.id()
                        + " (condition " + b.condition() + ") rated once, but " + gap.rated() + " of " + gap.size()
                        + " are; missing: " + String.join(", ", missing) + why));
            }
        }
        List<String> notes = excluded.stream().map(e -> "Participant " + e.participant() + " was excluded by "
                + "attention check " + e.check() + " (answered " + (e.answers().isEmpty() ? "nothing"
                : String.join(", ", e.answers())) + "); " + e.rows() + " row" + (e.rows() == 1 ? "" : "s")
                + " not imported.").toList();
        ReadReport report = new ReadReport(source, table.rows().size(), skipped, problems.count, problems.kept,
                notes);
        return new Result(ratings, report, excluded, incomplete);
    }

    private static int required(CsvTable table, String column, String expected) {
        int index = table.column(column);
        if (index < 0) {
            throw new BadInputException(table.source(), 1, column, null, "expected " + expected + "; the header has: "
                    + String.join(", ", table.header()));
        }
        return index;
    }

    /** The participants who fail a check, in order of their first row. */
    private static List<Exclusion> exclusions(CsvTable table, int participantColumn, List<AttentionCheck> checks) {
        List<Exclusion> excluded = new ArrayList<>();
        Map<String, Integer> rows = new LinkedHashMap<>();
        table.rows().forEach(r -> rows.merge(r.get(participantColumn).strip(), 1, Integer::sum));
        for (String participant : rows.keySet()) {
            if (participant.isEmpty()) {
                continue;
            }
            for (AttentionCheck check : checks) {
                int column = table.column(check.column());
                List<String> answers = table.rows().stream()
                        .filter(r -> r.get(participantColumn).strip().equals(participant))
                        .map(r -> r.get(column).strip()).filter(a -> !a.isEmpty()).distinct().toList();
                if (answers.isEmpty() || !answers.stream().allMatch(check::passes)) {
                    excluded.add(new Exclusion(participant, check.toString(), answers, rows.get(participant)));
                    break;
                }
            }
        }
        return excluded;
    }

    /** The row's first problem, or {@code null} when the row is a valid rating. */
    private static BadInputException check(CsvTable.Row row, CsvTable table, Map<String, Integer> at,
            String participant, Map<String, CrowdStudy.Batch> batchOf, Map<String, Long> ratedOn,
            Map<String, CrowdStudy.Batch> participantBatch, Map<String, Long> participantLine,
            RatingScale.Dimension dimension) {
        String source = table.source();
        long line = row.line();
        if (row.values().size() != table.header().size()) {
            return new BadInputException(source, line, null, String.join(",", row.values()), "expected "
                    + table.header().size() + " fields as in the header, found " + row.values().size()
                    + " (quote a field that contains a comma)");
        }
        if (participant.isEmpty()) {
            return new BadInputException(source, line, "participant", "", "a participant id");
        }
        String itemId = row.get(at.get("item")).strip();
        CrowdStudy.Batch batch = batchOf.get(itemId);
        if (batch == null) {
            return new BadInputException(source, line, "item", itemId, "an item id of the study's export");
        }
        String value = row.get(at.get("value"));
        if (!isLevel(value, dimension)) {
            return new BadInputException(source, line, "value", value, "a level: " + dimension.describe());
        }
        Long earlier = ratedOn.get(itemId);
        if (earlier != null) {
            return new BadInputException(source, line, "item", itemId, "each item rated once, but line " + earlier
                    + " rated it already");
        }
        CrowdStudy.Batch first = participantBatch.get(participant);
        if (first != null && first.condition().equals(batch.condition()) && !first.id().equals(batch.id())) {
            return new BadInputException(source, line, "participant", participant, "each participant rates one "
                    + "batch only, but this item is of batch " + batch.id() + " and line "
                    + participantLine.get(participant) + " has their rating of batch " + first.id() + " (both of"
                    + " condition " + batch.condition() + ")");
        }
        if (first != null && !first.condition().equals(batch.condition())) {
            return new BadInputException(source, line, "participant", participant, "each participant rates one "
                    + "condition only, but this item is of condition " + batch.condition() + " (batch " + batch.id()
                    + ") and line " + participantLine.get(participant) + " has their rating of condition "
                    + first.condition() + " (batch " + first.id() + ")");
        }
        return null;
    }

    private static boolean isLevel(String value, RatingScale.Dimension dimension) {
        try {
            dimension.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Problems under a policy: the first throws, or they are counted and the first ones kept. */
    private static final class Problems {

        private final ErrorPolicy policy;
        private final List<BadInputException> kept = new ArrayList<>();
        private long count;

        Problems(ErrorPolicy policy) {
            this.policy = policy;
        }

        void add(BadInputException problem) {
            if (policy == ErrorPolicy.STRICT) {
                throw new BadInputException(problem.source(), problem.line(), problem.column(), problem.value(),
                        problem.expected() + LENIENT_HINT);
            }
            count++;
            if (kept.size() < ReadReport.KEPT_PROBLEMS) {
                kept.add(problem);
            }
        }
    }
}
