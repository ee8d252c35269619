package io.github.empathy4j.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.stats.Comparison;
import io.github.empathy4j.stats.ConditionSummary;
import io.github.empathy4j.stats.Equivalence;
import io.github.empathy4j.stats.Interval;
import io.github.empathy4j.stats.PairwiseAnalysis;
import io.github.empathy4j.stats.RaterAware;
import io.github.empathy4j.stats.RaterSummary;
import io.github.empathy4j.stats.StudyAnalysis;
import io.github.empathy4j.stats.TestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every condition of several runs against its run's baseline, ranked by share of success, with the comparisons of
 * the same condition across runs (a new prompt or model version against the old one); written as Markdown,
 * self-contained HTML with a chart, and JSON.
 *
 * <p>Each run is one {@link StudyAnalysis} (one rater source per condition) and, when the run was judged pairwise,
 * one {@link PairwiseAnalysis}, whose Bradley-Terry strengths fill the strength column. Significance against the
 * baseline is paired, since a run's conditions answer the same dialogues: McNemar's test of success on the
 * dialogues rated under both ({@link Comparison#paired()}), and the rater-aware p-value of the logistic regression
 * with cluster-robust standard errors ({@link RaterAware#clustered()}).
 *
 * <p>JSON fields: {@code entries}, {@code versions}, {@code notes}.
 *
 * @param entries every condition of every run, by descending share of success
 * @param versions the same condition in two runs, paired by dialogue
 * @param notes what a reader must know, such as runs restricted to their shared dialogues
 */
public record Leaderboard(List<Entry> entries, List<Version> versions, List<String> notes) {

    /** The leaderboard's file names inside its folder. */
    public static final String MARKDOWN = "leaderboard.md";
    /** The HTML leaderboard's file name. */
    public static final String HTML = "leaderboard.html";
    /** The JSON leaderboard's file name. */
    public static final String JSON = "leaderboard.json";
    /** The chart's file name. */
    public static final String CHART = "leaderboard.png";

    public Leaderboard {
        entries = List.copyOf(entries);
        versions = List.copyOf(versions);
        notes = List.copyOf(notes);
    }

    /**
     * One run's results.
     *
     * @param name the run's name, such as its folder
     * @param analysis the analysis of its absolute ratings
     * @param pairwise the analysis of its pairwise verdicts, with the same baseline; empty when not judged pairwise
     */
    public record Run(String name, StudyAnalysis analysis, Optional<PairwiseAnalysis> pairwise) {

        public Run {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(analysis, "analysis");
            Objects.requireNonNull(pairwise, "pairwise");
            if (pairwise.isPresent() && !pairwise.get().baseline().equals(analysis.baseline())) {
                throw new IllegalArgumentException("run " + name + ": the pairwise baseline "
                        + pairwise.get().baseline() + " is not the analysis' baseline " + analysis.baseline());
            }
        }
    }

    /**
     * One condition of one run.
     *
     * <p>JSON fields: as the components; absent values {@code null}.
     *
     * @param rank the place by share of success, 1 the highest (equal shares share a place)
     * @param run the run's name
     * @param condition the condition
     * @param baseline the run's baseline condition
     * @param rater who rated the condition: the rater source's description
     * @param dialogues the dialogues of the run's analysis
     * @param n the replies rated
     * @param successes the replies rated a success
     * @param share {@code successes / n}
     * @param shareInterval its Wilson interval
     * @param difference the share minus the baseline's; {@code null} for the baseline
     * @param pairs the dialogues rated under the condition and the baseline; {@code null} for the baseline
     * @param pairedP McNemar's p-value (with continuity correction) on those dialogues; {@code null} for the baseline
     * @param clusteredP the p-value of the logistic regression with cluster-robust standard errors (by rater or,
     *     for a judge, by dialogue); {@code null} for the baseline and where it cannot be estimated (see notes)
     * @param strength the Bradley-Terry log-strength against the baseline (0 for it) with its bootstrap interval;
     *     {@code null} when the run was not judged pairwise or had no finite estimate
     */
    public record Entry(int rank, String run, String condition, String baseline, String rater, Integer dialogues,
            long n, long successes, double share, Interval shareInterval, Double difference, Integer pairs,
            Double pairedP, Double clusteredP, PairwiseAnalysis.Strength strength) {

        /** Whether this is its run's baseline (not a JSON field). */
        public boolean atBaseline() {
            return condition.equals(baseline);
        }
    }

    /**
     * The same condition in an old and a new run, paired by dialogue.
     *
     * @param condition the condition
     * @param oldRun the earlier run's name
     * @param newRun the later run's name
     * @param pairs the dialogues rated in both
     * @param newOnly dialogues where only the new reply is a success
     * @param oldOnly dialogues where only the old reply is a success
     * @param difference the new share minus the old, {@code (newOnly - oldOnly) / pairs}
     * @param mcNemar McNemar's test of the difference
     * @param equivalence the paired equivalence and non-inferiority tests of the new against the old
     *     ({@link Equivalence#paired}); {@code null} without a margin
     */
    public record Version(String condition, String oldRun, String newRun, int pairs, long newOnly, long oldOnly,
            double difference, TestResult mcNemar, Equivalence equivalence) {

        /**
         * The version comparison from a comparison of the new condition (as the condition) with the old one (as the
         * baseline) on the same dialogues.
         *
         * @param margin the equivalence margin, or {@code null} for none
         * @param alpha the level of each one-sided test
         * @throws IllegalArgumentException when the comparison has no paired dialogues
         */
        public static Version of(String condition, String oldRun, String newRun, Comparison comparison, Double margin,
                double alpha) {
            if (comparison.paired() == null || comparison.paired().pairs() < 2) {
                throw new IllegalArgumentException("condition " + condition + ": runs " + oldRun + " and " + newRun
                        + " share fewer than two rated dialogues, so they cannot be compared paired");
            }
            var paired = comparison.paired();
            return new Version(condition, oldRun, newRun, paired.pairs(), paired.conditionOnly(),
                    paired.baselineOnly(), (double) (paired.conditionOnly() - paired.baselineOnly()) / paired.pairs(),
                    paired.mcNemar(), margin == null ? null : Equivalence.paired(paired.conditionOnly(),
                            paired.baselineOnly(), paired.pairs(), margin, alpha));
        }
    }

    /**
     * The leaderboard of runs.
     *
     * @param runs the runs, each with its analysis
     * @param versions the comparisons of the same condition across runs
     * @param notes notes for the reader
     */
    public static Leaderboard of(List<Run> runs, List<Version> versions, List<String> notes) {
        List<Entry> entries = new ArrayList<>();
        List<String> allNotes = new ArrayList<>(notes);
        for (Run run : runs) {
            StudyAnalysis a = run.analysis();
            for (ConditionSummary c : a.overall().conditions()) {
                boolean baseline = c.condition().equals(a.baseline());
                Comparison comparison = baseline || a.overall().untestable().isPresent() ? null
                        : a.overall().comparison(c.condition());
                Double clustered = null;
                if (comparison != null && a.raterAware().isPresent()) {
                    try {
                        clustered = a.raterAware().get().clusteredEffect(c.condition()).p();
                    } catch (IllegalArgumentException e) {
                        allNotes.add(run.name() + ", " + c.condition() + ": no rater-aware p-value: " + e.getMessage());
                    }
                }
                PairwiseAnalysis.Strength strength = run.pairwise().flatMap(p -> p.strengths().stream()
                        .filter(s -> s.condition().equals(c.condition())).findFirst()).orElse(null);
                run.pairwise().filter(p -> !p.strengthsProblem().isEmpty() && baseline)
                        .ifPresent(p -> allNotes.add(run.name() + ": " + p.strengthsProblem()));
                entries.add(new Entry(0, run.name(), c.condition(), a.baseline(), rater(a, c.condition()),
                        a.overall().dialogues(), c.n(), c.successes(), c.share(), c.shareInterval(),
                        comparison == null ? null : comparison.shareDifference(),
                        comparison == null || comparison.paired() == null ? null : comparison.paired().pairs(),
                        comparison == null || comparison.paired() == null ? null
                                : comparison.paired().mcNemar().p().raw(), clustered, strength));
            }
        }
        entries.sort(Comparator.comparingDouble((Entry e) -> Double.isNaN(e.share()) ? 2 : -e.share()));
        List<Entry> ranked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            int rank = i > 0 && entries.get(i - 1).share() == e.share() ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(new Entry(rank, e.run(), e.condition(), e.baseline(), e.rater(), e.dialogues(), e.n(),
                    e.successes(), e.share(), e.shareInterval(), e.difference(), e.pairs(), e.pairedP(),
                    e.clusteredP(), e.strength()));
        }
        return new Leaderboard(ranked, versions, allNotes);
    }

    private static String rater(StudyAnalysis analysis, String condition) {
        return analysis.raters().stream().filter(r -> r.conditions().contains(condition))
                .map(RaterSummary::description).findFirst().orElse("");
    }

    /** The tables: the ranking and, when there are any, the version comparisons. */
    public List<Table> tables() {
        boolean pairwise = entries.stream().anyMatch(e -> e.strength() != null);
        List<String> headers = new ArrayList<>(List.of("rank", "run", "condition", "n", "share Good", "interval",
                "vs baseline", "p paired", "p clustered"));
        if (pairwise) {
            headers.add("strength");
        }
        headers.add("rated by");
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : entries) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(e.rank()), e.run(),
                    e.condition() + (e.atBaseline() ? " (baseline)" : ""), Long.toString(e.n()), percent(e.share()),
                    interval(e.shareInterval()), e.difference() == null ? "" : signedPoints(e.difference()),
                    p(e.pairedP()), p(e.clusteredP())));
            if (pairwise) {
                row.add(e.strength() == null ? "" : format("%+.3f %s", e.strength().logStrength(),
                        Double.isNaN(e.strength().interval().lower()) ? ""
                                : format("[%+.3f, %+.3f]", e.strength().interval().lower(),
                                        e.strength().interval().upper())));
            }
            row.add(e.rater());
            rows.add(row);
        }
        List<Table> tables = new ArrayList<>();
        tables.add(new Table("Leaderboard: share of Good by condition", headers, rows, "Each condition against its"
                + " run's baseline: Wilson intervals of the share; vs baseline in percentage points; p paired:"
                + " McNemar's test on the dialogues rated under both; p clustered: logistic regression with"
                + " cluster-robust standard errors (by rater, or by dialogue for a judge)" + (pairwise
                        ? "; strength: Bradley-Terry log-strength against the baseline (0) from pairwise verdicts,"
                                + " a tie half a win, with a bootstrap interval over dialogues" : "") + "."));
        if (!versions.isEmpty()) {
            List<List<String>> versionRows = versions.stream().map(v -> List.of(v.condition(), v.oldRun(),
                    v.newRun(), Integer.toString(v.pairs()), signedPoints(v.difference()),
                    p(v.mcNemar().p().raw()), v.equivalence() == null ? "" : format("%s [%+.1f, %+.1f]",
                            p(v.equivalence().nonInferiorityP()), 100 * v.equivalence().interval().lower(),
                            100 * v.equivalence().interval().upper()),
                    v.equivalence() == null ? "" : v.equivalence().nonInferior() ? "yes" : "no",
                    v.equivalence() == null ? "" : v.equivalence().equivalent() ? "yes" : "no")).toList();
            double margin = versions.stream().filter(v -> v.equivalence() != null)
                    .mapToDouble(v -> v.equivalence().margin()).findFirst().orElse(Double.NaN);
            tables.add(new Table("The same condition across runs, paired by dialogue", List.of("condition",
                    "old run", "new run", "pairs", "new - old", "p McNemar", "p non-inferior [CI]", "non-inferior",
                    "equivalent"), versionRows, Double.isNaN(margin) ? "Give a margin for the equivalence and"
                            + " non-inferiority tests." : format("Margin %.1f points; paired Wald tests on the"
                                    + " per-dialogue differences; the interval is the 1 - 2 alpha interval of the"
                                    + " difference, in points.", 100 * margin)));
        }
        return tables;
    }

    /**
     * Writes {@value #MARKDOWN}, {@value #HTML} (with the chart inside), {@value #JSON} and {@value #CHART} into a
     * folder, creating it; returns the files written.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public List<Path> write(Path directory, String title) {
        byte[] chart = Charts.leaderboard(this);
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(Table.escape(title)).append("</title>\n<style>\n").append(Report.CSS)
                .append("</style>\n</head>\n<body>\n<h1>").append(Table.escape(title)).append("</h1>\n");
        for (String note : notes) {
            md.append("> **Note:** ").append(note).append("\n\n");
            html.append("<p class=\"warning\">").append(Table.escape(note)).append("</p>\n");
        }
        md.append("![").append(CHART).append("](").append(CHART).append(")\n\n");
        html.append("<img alt=\"").append(CHART).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(chart)).append("\">\n");
        for (Table t : tables()) {
            md.append(t.toMarkdown()).append('\n');
            html.append(t.toHtml());
        }
        html.append("</body>\n</html>\n");
        try {
            Files.createDirectories(directory);
            return List.of(Files.writeString(directory.resolve(MARKDOWN), md.toString().stripTrailing() + "\n"),
                    Files.writeString(directory.resolve(HTML), html),
                    Files.write(directory.resolve(JSON), new ObjectMapper().writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(this)),
                    Files.write(directory.resolve(CHART), chart));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the leaderboard into " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : format("%.1f%%", 100 * share);
    }

    private static String interval(Interval i) {
        return Double.isNaN(i.lower()) ? "n/a" : format("[%.1f, %.1f]", 100 * i.lower(), 100 * i.upper());
    }

    private static String signedPoints(double difference) {
        return format("%+.1f", 100 * difference);
    }

    private static String p(Double p) {
        if (p == null || p.isNaN()) {
            return p == null ? "" : "n/a";
        }
        return p < 1e-4 ? "<0.0001" : format("%.4f", p);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
