package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.CsvTable;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.report.StudyTables;
import io.github.empathy4j.report.Table;
import io.github.empathy4j.stats.agreement.Agreement;
import io.github.empathy4j.stats.agreement.ConfusionMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code empathy agreement}: inter-rater agreement from a long CSV of item, rater and value. */
@Command(name = "agreement", sortOptions = false,
        header = "Inter-rater agreement (Krippendorff's alpha, Fleiss' and Cohen's kappa) from a CSV or a run.",
        description = {"Inter-rater agreement from a CSV with a header and the columns item, rater and value (a"
                + " whole-number rating code; other columns are ignored), one rating per line, or from a run"
                + " folder's ratings (--run): Krippendorff's alpha (nominal, ordinal, interval; missing ratings"
                + " allowed), Fleiss' kappa when every item has the same number of ratings, and for exactly two"
                + " raters Cohen's kappa (unweighted, linear, quadratic) with the confusion matrix.",
                "In a run, an item is a condition's reply to a dialogue, each judge is a rater (its spec) and the"
                        + " crowd's participants together are the rater 'crowd'."},
        footer = {"", "Examples:", "  empathy agreement ratings.csv", "  empathy agreement --run runs/judged",
                "  empathy agreement --run runs/judged --raters panel-majority,crowd", "", "ratings.csv:",
                "  item,rater,value", "  d1,alice,3", "  d1,bob,2", "  d2,alice,1", "  ..."})
final class AgreementCommand implements Callable<Integer> {

    private static final List<String> COLUMNS = List.of("item", "rater", "value");

    /** The rater that stands for the crowd's participants in a run. */
    static final String CROWD = "crowd";

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The CSV file of ratings.")
    private Path file;

    @Option(names = "--run", paramLabel = "DIR", description = "A run folder: the ratings of its ratings.jsonl.")
    private Path run;

    @Option(names = "--raters", split = ",", paramLabel = "RATER",
            description = "With --run, only these raters (a judge's spec, panel-majority, crowd, ...).")
    private List<String> raters;

    @Option(names = "--dimension", paramLabel = "ID",
            description = "With --run, the dimension of a scale with several (default: the only one).")
    private String dimension;

    /** The JSON output; {@code fleissKappa} and {@code pair} are null where they do not apply. */
    record Result(String file, int items, List<String> raters, int ratings, List<Integer> categories, Alpha alpha,
            Double fleissKappa, Pair pair) {
    }

    /** Krippendorff's alpha under each metric. */
    record Alpha(double nominal, double ordinal, double interval) {
    }

    /** The two raters' agreement on the items both rated. */
    record Pair(String first, String second, int items, double kappa, double linearKappa, double quadraticKappa,
            ConfusionMatrix confusion) {
    }

    /** One rating as read, with its line. */
    private record Row(long line, String item, String rater, int value) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ((file == null) == (run == null)) {
            throw new ParameterException(spec.commandLine(), "name either a CSV FILE or a run folder with --run");
        }
        if (run == null && (raters != null || dimension != null)) {
            throw new ParameterException(spec.commandLine(), "--raters and --dimension go with --run");
        }
        Result result = file != null ? analyse(file.toString(), read(file)) : fromRun();
        if (output.json()) {
            Output.json(out, result);
            return 0;
        }
        output.paragraph(out, String.format(Locale.ROOT, "%s: %s, %s, %s; values %s", result.file(),
                Output.count(result.items(), "item"), Output.count(result.raters().size(), "rater"),
                Output.count(result.ratings(), "rating"), result.categories().stream()
                        .map(String::valueOf).collect(Collectors.joining(", "))));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Krippendorff's alpha, nominal", StudyTables.number(result.alpha().nominal(), 3)));
        rows.add(List.of("Krippendorff's alpha, ordinal", StudyTables.number(result.alpha().ordinal(), 3)));
        rows.add(List.of("Krippendorff's alpha, interval", StudyTables.number(result.alpha().interval(), 3)));
        rows.add(List.of("Fleiss' kappa", result.fleissKappa() == null ? "n/a"
                : StudyTables.number(result.fleissKappa(), 3)));
        List<Table> tables = new ArrayList<>();
        Pair pair = result.pair();
        if (pair != null) {
            rows.add(List.of("Cohen's kappa", StudyTables.number(pair.kappa(), 3)));
            rows.add(List.of("Cohen's kappa, linear weights", StudyTables.number(pair.linearKappa(), 3)));
            rows.add(List.of("Cohen's kappa, quadratic weights", StudyTables.number(pair.quadraticKappa(), 3)));
        }
        tables.add(new Table("Agreement", List.of("measure", "value"), rows, "1 perfect agreement, 0 chance level;"
                + " Fleiss' kappa needs the same number of ratings per item, Cohen's kappa exactly two raters."));
        if (pair != null) {
            List<String> headers = new ArrayList<>(List.of(pair.first() + " \\ " + pair.second()));
            pair.confusion().categories().forEach(c -> headers.add(c.toString()));
            List<List<String>> cells = new ArrayList<>();
            for (int i = 0; i < pair.confusion().categories().size(); i++) {
                List<String> row = new ArrayList<>(List.of(pair.confusion().categories().get(i).toString()));
                pair.confusion().counts().get(i).forEach(n -> row.add(n.toString()));
                cells.add(row);
            }
            tables.add(new Table("Confusion matrix (" + pair.items() + " items rated by both)", headers, cells,
                    "Rows: " + pair.first() + "'s values; columns: " + pair.second() + "'s."));
        }
        output.tables(out, tables);
        return 0;
    }

    private static Result analyse(String source, List<Row> rows) {
        if (rows.isEmpty()) {
            throw new BadInputException(source, 0, null, null,
                    "expected at least one rating below the header item,rater,value");
        }
        Map<String, Map<String, Integer>> items = new LinkedHashMap<>();
        Map<String, Long> lines = new HashMap<>();
        LinkedHashSet<String> raters = new LinkedHashSet<>();
        TreeSet<Integer> categories = new TreeSet<>();
        for (Row r : rows) {
            Long earlier = lines.putIfAbsent(r.item() + '\u0000' + r.rater(), r.line());
            if (earlier != null) {
                throw new BadInputException(source, r.line(), "rater", r.rater(), "expected one rating per item and"
                        + " rater; line " + earlier + " has item '" + r.item() + "' by this rater already");
            }
            items.computeIfAbsent(r.item(), i -> new LinkedHashMap<>()).put(r.rater(), r.value());
            raters.add(r.rater());
            categories.add(r.value());
        }
        List<String> raterList = List.copyOf(raters);
        double[][] units = new double[items.size()][raterList.size()];
        int u = 0;
        for (Map<String, Integer> byRater : items.values()) {
            for (int r = 0; r < raterList.size(); r++) {
                Integer value = byRater.get(raterList.get(r));
                units[u][r] = value == null ? Double.NaN : value;
            }
            u++;
        }
        Alpha alpha = new Alpha(Agreement.krippendorffAlpha(units, Agreement.Metric.NOMINAL),
                Agreement.krippendorffAlpha(units, Agreement.Metric.ORDINAL),
                Agreement.krippendorffAlpha(units, Agreement.Metric.INTERVAL));
        List<Integer> categoryList = List.copyOf(categories);
        return new Result(source, items.size(), raterList, rows.size(), categoryList, alpha,
                fleiss(items, categoryList), pair(items, raterList, categoryList));
    }

    /** Fleiss' kappa when every item has the same number (at least 2) of ratings, else null. */
    private static Double fleiss(Map<String, Map<String, Integer>> items, List<Integer> categories) {
        int m = items.values().iterator().next().size();
        if (m < 2 || items.values().stream().anyMatch(byRater -> byRater.size() != m)) {
            return null;
        }
        long[][] counts = new long[items.size()][categories.size()];
        int i = 0;
        for (Map<String, Integer> byRater : items.values()) {
            for (int value : byRater.values()) {
                counts[i][categories.indexOf(value)]++;
            }
            i++;
        }
        return Agreement.fleissKappa(counts);
    }

    /** Cohen's kappas on the items both of exactly two raters rated, else null. */
    private static Pair pair(Map<String, Map<String, Integer>> items, List<String> raters, List<Integer> categories) {
        if (raters.size() != 2 || categories.size() < 2) {
            return null;
        }
        List<int[]> both = new ArrayList<>();
        for (Map<String, Integer> byRater : items.values()) {
            if (byRater.size() == 2) {
                both.add(new int[] {byRater.get(raters.get(0)), byRater.get(raters.get(1))});
            }
        }
        if (both.isEmpty()) {
            return null;
        }
        ConfusionMatrix matrix = ConfusionMatrix.of(both.stream().mapToInt(p -> p[0]).toArray(),
                both.stream().mapToInt(p -> p[1]).toArray(), categories);
        return new Pair(raters.get(0), raters.get(1), both.size(),
                Agreement.cohensKappa(matrix, Agreement.Weights.UNWEIGHTED),
                Agreement.cohensKappa(matrix, Agreement.Weights.LINEAR),
                Agreement.cohensKappa(matrix, Agreement.Weights.QUADRATIC), matrix);
    }

    /**
     * The ratings of the run folder: an item is a condition's reply to a dialogue, a judge's ratings are its
     * rater's, every crowd rating (one from a batch) is the rater {@value #CROWD}'s.
     */
    private Result fromRun() {
        Path journal = run.resolve(RatingJournal.FILE_NAME);
        List<Rating> ratings = new RunFolder(run).ratings();
        Set<String> dimensions = new TreeSet<>();
        ratings.forEach(r -> dimensions.add(r.scale() + "/" + r.dimension()));
        if (dimension != null && ratings.stream().noneMatch(r -> r.dimension().equals(dimension))) {
            throw new ParameterException(spec.commandLine(), "--dimension " + dimension + ": the run's ratings"
                    + " have the dimensions " + String.join(", ", dimensions) + " (scale/dimension)");
        }
        if (dimension == null && dimensions.size() > 1) {
            throw new ParameterException(spec.commandLine(), "the run's ratings have several dimensions ("
                    + String.join(", ", dimensions) + "); choose one with --dimension");
        }
        List<Row> rows = new ArrayList<>();
        Set<String> available = new LinkedHashSet<>();
        for (int i = 0; i < ratings.size(); i++) {
            Rating r = ratings.get(i);
            if (dimension == null || r.dimension().equals(dimension)) {
                String rater = r.batch() == null ? r.rater() : CROWD;
                available.add(rater);
                if (raters == null || raters.contains(rater)) {
                    rows.add(new Row(i + 1, r.condition() + " / " + r.dialogueId(), rater, r.value()));
                }
            }
        }
        List<String> unknown = raters == null ? List.of()
                : raters.stream().filter(r -> !available.contains(r)).toList();
        if (!unknown.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--raters names " + String.join(", ", unknown)
                    + ", who rated nothing in " + journal + "; its raters: " + String.join(", ", available));
        }
        return analyse(journal.toString(), rows);
    }

    /** Reads the CSV's rows (after a byte-order mark, as Excel writes); errors name the file, line, column, value. */
    private static List<Row> read(Path file) {
        String source = file.toString();
        CsvTable table = CsvTable.read(file, "a header line item,rater,value");
        int[] index = header(source, table.header());
        List<Row> rows = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            rows.add(row(source, row.line(), row.values().stream().map(String::strip).toList(), index));
        }
        return rows;
    }

    /** The indexes of the columns in the header, the file's first line. */
    private static int[] header(String source, List<String> fields) {
        int[] index = new int[COLUMNS.size()];
        List<String> names = fields.stream().map(f -> f.toLowerCase(Locale.ROOT)).toList();
        for (int c = 0; c < COLUMNS.size(); c++) {
            index[c] = names.indexOf(COLUMNS.get(c));
            if (index[c] < 0) {
                throw new BadInputException(source, 1, COLUMNS.get(c), String.join(",", fields),
                        "expected a header with the columns item, rater and value");
            }
        }
        return index;
    }

    private static Row row(String source, long line, List<String> fields, int[] index) {
        String[] cells = new String[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            if (index[c] >= fields.size() || fields.get(index[c]).isEmpty()) {
                throw new BadInputException(source, line, COLUMNS.get(c), index[c] < fields.size() ? "" : null,
                        "expected a value in column '" + COLUMNS.get(c) + "' (the line has " + fields.size()
                                + " fields)");
            }
            cells[c] = fields.get(index[c]);
        }
        try {
            return new Row(line, cells[0], cells[1], Integer.parseInt(cells[2]));
        } catch (NumberFormatException e) {
            throw new BadInputException(source, line, "value", cells[2],
                    "expected a whole-number rating code such as 1, 2 or 3");
        }
    }
}
