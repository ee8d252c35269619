package io.github.empathy4j.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.empathy4j.stats.GroupAnalysis;
import io.github.empathy4j.stats.JudgeDiagnostics;
import io.github.empathy4j.stats.PairwiseAnalysis;
import io.github.empathy4j.stats.PairwiseSelfPreference;
import io.github.empathy4j.stats.StudyAnalysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a study's report into a folder: {@code report.md}, a self-contained {@code report.html} (inline CSS, the
 * charts embedded as data URIs, nothing fetched), {@code report.json} (the {@link StudyAnalysis} as JSON) and the
 * PNG charts ({@code ratings.png}, {@code share.png}, {@code valence.png}, {@code emotions-CONDITION.png}).
 *
 * <pre>{@code
 * StudyAnalysis analysis = StudyAnalysis.of(ratings, emotions::get, AnalysisOptions.study());
 * List<Path> files = Report.write(analysis, "My evaluation", Path.of("runs/first/report"));
 * }</pre>
 */
public final class Report {

    /** The file names of the report's documents inside its folder. */
    public static final String MARKDOWN = "report.md";
    /** The HTML report's file name. */
    public static final String HTML = "report.html";
    /** The JSON analysis' file name. */
    public static final String JSON = "report.json";

    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1040px;margin:2em auto;\
            padding:0 1em;color:#222;line-height:1.45}
            h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}h3{font-size:1.05em}
            table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
            th,td{padding:.25em .6em;border-bottom:1px solid #e4e4e4;text-align:left;white-space:nowrap}
            .n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}
            img{max-width:100%;height:auto;display:block;margin:1em 0}.note{color:#666;font-size:.85em}
            .warning{background:#fff4e5;border-left:4px solid #e08a00;padding:.5em .8em}
            """;

    /** One part of the report: a heading, a paragraph, charts (file names) and tables. */
    private record Section(String heading, String text, List<String> images, List<Table> tables) {
    }

    private Report() {
    }

    /**
     * Writes the report, creating the folder, replacing earlier files of the same names and deleting the charts of an
     * earlier report that this one does not have (such as a condition's that is gone).
     *
     * @param analysis the analysis to report
     * @param title the report's title
     * @param directory the folder to write into
     * @return the files written, documents first
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(StudyAnalysis analysis, String title, Path directory) {
        return write(analysis, title, null, List.of(), directory);
    }

    /**
     * Writes the report of a run's ratings, saying what was rated (dataset, hash, sample, models) and, at the top of
     * {@code report.md} and {@code report.html}, what a reader must know before trusting the numbers (such as
     * ratings that failed and are missing from the analysis); in {@code report.json} the description is the field
     * {@code run}.
     *
     * @param analysis the analysis to report
     * @param title the report's title
     * @param run what the ratings are of, or {@code null} when unknown
     * @param warnings the warnings; empty for none
     * @param directory the folder to write into
     * @return the files written, documents first
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(StudyAnalysis analysis, String title, RunDescription run, List<String> warnings,
            Path directory) {
        return write(analysis, title, run, warnings, List.of(), directory);
    }

    /**
     * Writes the report of a run's ratings as {@link #write(StudyAnalysis, String, RunDescription, List, Path)}
     * does, with a section on the LLM judges against the crowd on the same replies ({@link JudgeTables}); in
     * {@code report.json} they are the field {@code judges}, present when there are any.
     *
     * @param judges the diagnostics of the run's judges; empty for none
     */
    public static List<Path> write(StudyAnalysis analysis, String title, RunDescription run, List<String> warnings,
            List<JudgeDiagnostics> judges, Path directory) {
        return write(analysis, title, run, warnings, judges, List.of(), List.of(), directory);
    }

    /**
     * Writes the report of a run's ratings as {@link #write(StudyAnalysis, String, RunDescription, List, List, Path)}
     * does, with a section on the run's pairwise verdicts ({@link PairwiseTables}, one judge after another, then
     * the judges' self-preference against the crowd, {@link JudgeTables#pairwiseSelfPreference}); in
     * {@code report.json} they are the fields {@code pairwise} and {@code pairwiseSelfPreference}, present when
     * there are any.
     *
     * @param pairwise the analyses of the run's pairwise verdicts, one per judge; empty for none
     * @param pairwiseSelf the pairwise judges' self-preference against the crowd; empty for none
     */
    public static List<Path> write(StudyAnalysis analysis, String title, RunDescription run, List<String> warnings,
            List<JudgeDiagnostics> judges, List<PairwiseAnalysis> pairwise, List<PairwiseSelfPreference> pairwiseSelf,
            Path directory) {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(title, "title");
        List<String> notes = List.copyOf(warnings);
        Objects.requireNonNull(directory, "directory");
        Map<String, byte[]> charts = Charts.all(analysis);
        List<Section> sections = sections(analysis, charts);
        if (!judges.isEmpty()) {
            sections.add(sections.size() - 1, new Section("LLM judges against the crowd", "Where the crowd rated the"
                    + " replies a judge rated: how far the judge can stand in for the crowd, beside the crowd's"
                    + " agreement with itself, and whether it rewards length or its own model family.", List.of(),
                    List.of(JudgeTables.agreement(judges), JudgeTables.lengthAdjusted(judges))));
        }
        if (!pairwise.isEmpty()) {
            List<Table> tables = new ArrayList<>();
            pairwise.forEach(a -> tables.addAll(PairwiseTables.all(a)));
            if (!pairwiseSelf.isEmpty()) {
                tables.add(JudgeTables.pairwiseSelfPreference(pairwiseSelf));
            }
            sections.add(sections.size() - 1, new Section("Pairwise verdicts", "LLM judges compared each condition's"
                    + " reply with the " + pairwise.get(0).baseline() + " reply to the same dialogue, blinded, once"
                    + " in each order; a pair counts as a win only when both orders agree.", List.of(), tables));
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            removeStaleCharts(directory, charts.keySet());
            String summary = summary(analysis, run);
            files.add(Files.writeString(directory.resolve(MARKDOWN), markdown(title, notes, summary, sections)));
            files.add(Files.writeString(directory.resolve(HTML), html(title, notes, summary, sections, charts)));
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode json = mapper.valueToTree(analysis);
            if (run != null) {
                json.set("run", mapper.valueToTree(run));
            }
            if (!judges.isEmpty()) {
                json.set("judges", mapper.valueToTree(judges));
            }
            if (!pairwise.isEmpty()) {
                json.set("pairwise", mapper.valueToTree(pairwise));
                if (!pairwiseSelf.isEmpty()) {
                    json.set("pairwiseSelfPreference", mapper.valueToTree(pairwiseSelf));
                }
            }
            files.add(Files.write(directory.resolve(JSON), mapper.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(json)));
            for (Map.Entry<String, byte[]> chart : charts.entrySet()) {
                files.add(Files.write(directory.resolve(chart.getKey()), chart.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + directory + ": " + e.getMessage(), e);
        }
        return List.copyOf(files);
    }

    /** Deletes the charts an earlier report wrote that this one does not (only the report's own chart names). */
    private static void removeStaleCharts(Path directory, Set<String> current) throws IOException {
        List<Path> stale;
        try (Stream<Path> files = Files.list(directory)) {
            stale = files.filter(f -> Charts.isChart(f.getFileName().toString())
                    && !current.contains(f.getFileName().toString()) && Files.isRegularFile(f)).toList();
        }
        for (Path f : stale) {
            Files.delete(f);
        }
    }

    private static List<Section> sections(StudyAnalysis analysis, Map<String, byte[]> charts) {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section("Overall", "", present(charts, "ratings.png", "share.png"),
                List.of(StudyTables.conditions(analysis, analysis.overall()))));
        if (!analysis.valences().isEmpty()) {
            sections.add(new Section("Positive and negative emotions", "", present(charts, "valence.png"),
                    analysis.valences().stream().map(v -> StudyTables.conditions(analysis, v)).toList()));
        }
        if (!analysis.emotions().isEmpty()) {
            for (String condition : analysis.conditions().subList(1, analysis.conditions().size())) {
                sections.add(new Section("By emotion: " + condition, "Bars in colour: significant after Holm's"
                        + " correction across the emotions.", present(charts, "emotions-" + Charts.fileName(condition)
                        + ".png"), List.of(StudyTables.emotions(analysis, condition))));
            }
        }
        List<Table> tests = new ArrayList<>();
        StudyTables.omnibus(analysis).ifPresent(tests::add);
        StudyTables.dunn(analysis).ifPresent(tests::add);
        StudyTables.ordinal(analysis).ifPresent(tests::add);
        if (!tests.isEmpty()) {
            sections.add(new Section("Tests across conditions and levels", "", List.of(), tests));
        }
        List<Table> design = new ArrayList<>();
        StudyTables.paired(analysis).ifPresent(design::add);
        StudyTables.pairedAcross(analysis).ifPresent(design::add);
        design.add(StudyTables.effects(analysis));
        StudyTables.association(analysis).ifPresent(design::add);
        design.add(StudyTables.power(analysis));
        StudyTables.raterAware(analysis).ifPresent(design::add);
        sections.add(new Section("The study's design: paired dialogues, effect sizes, raters", "Every condition"
                + " answers the same dialogues, so the paired tests compare the replies to each dialogue; the"
                + " rater-aware estimates count the raters, not the ratings, as independent. A lenient or strict"
                + " rater moves all of their ratings together, so ratings by one rater carry less information than"
                + " independent ones, and the clustered intervals, which count the raters as the independent units,"
                + " are wider than the naive ones.", List.of(), design));
        sections.add(new Section("Method", method(analysis), List.of(), List.of()));
        return sections;
    }

    private static List<String> present(Map<String, byte[]> charts, String... names) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            if (charts.containsKey(name)) {
                found.add(name);
            }
        }
        return found;
    }

    private static String summary(StudyAnalysis analysis, RunDescription run) {
        GroupAnalysis overall = analysis.overall();
        String dialogues = overall.dialogues() == null ? "" : String.format(Locale.ROOT, "%,d dialogues; ",
                overall.dialogues());
        return dialogues + "conditions " + String.join(", ", analysis.conditions()) + " (baseline "
                + analysis.baseline() + "); scale '" + analysis.scale() + "', dimension '" + analysis.dimension()
                + "', levels " + analysis.levels().stream().map(l -> l.code() + " " + l.label())
                        .collect(Collectors.joining(", ")) + "; success: " + StudyTables.successLabel(analysis) + ". "
                + StudyTables.ratedBy(analysis) + (run == null ? "" : " " + run.describe())
                + untestable(analysis);
    }

    private static String untestable(StudyAnalysis analysis) {
        List<GroupAnalysis> groups = analysis.untestableGroups();
        return groups.isEmpty() ? "" : " Untestable groups (shown with their counts): " + groups.stream()
                .map(g -> g.group().label() + " (" + g.untestable().orElseThrow() + ")")
                .collect(Collectors.joining(", ")) + ".";
    }

    private static String method(StudyAnalysis analysis) {
        String bootstrap = analysis.bootstrapResamples() == 0 ? "no bootstrap" : String.format(Locale.ROOT,
                "paired bootstrap intervals of the differences from %,d resamples of the dialogues (seed %d, in"
                        + " report.json)", analysis.bootstrapResamples(), analysis.seed());
        return "Each condition is compared with " + analysis.baseline() + " as in Welivita & Pu (2024): Pearson's"
                + " chi-square with Yates' correction on the 2 x 2 table of " + StudyTables.successLabel(analysis)
                + " vs the rest, Fisher's exact test where an expected count is below 5. Shares carry Wilson score"
                + " intervals; p-values across the emotions are corrected with Holm's method. The omnibus tests use"
                + " all conditions at once; Mann-Whitney and the 2 x levels chi-square use every level. " + bootstrap
                + ". The unit is the reply, rated by one rater source (several ratings of one reply by it become one"
                + " by their " + analysis.perReply() + "); empty replies and refusals are "
                + StudyTables.unansweredPolicy(analysis) + ". Fisher's test is computed in every group and corrected"
                + " across the whole family; each corrected p-value names its family in report.json. A group where a"
                + " condition has no rating is untestable and shown with its counts. The paired tests (McNemar,"
                + " Wilcoxon signed-rank, Stuart-Maxwell, Cochran's Q, Friedman) use the dialogues rated under both or"
                + " all conditions and are corrected in families of their own. The rater-aware estimates of the overall"
                + " comparison use the source's individual ratings: logistic regression with cluster-robust standard"
                + " errors (by rater when the ratings carry rater identity, else by dialogue), the cluster bootstrap"
                + " over raters and, when asked, a cumulative link mixed model. Every number is in report.json.";
    }

    private static String markdown(String title, List<String> warnings, String summary, List<Section> sections) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (String warning : warnings) {
            sb.append("> **Warning:** ").append(warning).append("\n\n");
        }
        sb.append(summary).append("\n");
        for (Section s : sections) {
            sb.append("\n## ").append(s.heading()).append("\n\n");
            if (!s.text().isEmpty()) {
                sb.append(s.text()).append("\n\n");
            }
            for (String image : s.images()) {
                sb.append("![").append(image).append("](").append(image).append(")\n\n");
            }
            for (Table t : s.tables()) {
                sb.append(t.toMarkdown()).append('\n');
            }
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static String html(String title, List<String> warnings, String summary, List<Section> sections,
            Map<String, byte[]> charts) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(Table.escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n")
                .append("<body>\n<h1>").append(Table.escape(title)).append("</h1>\n");
        for (String warning : warnings) {
            sb.append("<p class=\"warning\"><strong>Warning:</strong> ").append(Table.escape(warning))
                    .append("</p>\n");
        }
        sb.append("<p>").append(Table.escape(summary)).append("</p>\n");
        for (Section s : sections) {
            sb.append("<h2>").append(Table.escape(s.heading())).append("</h2>\n");
            if (!s.text().isEmpty()) {
                sb.append("<p>").append(Table.escape(s.text())).append("</p>\n");
            }
            for (String image : s.images()) {
                sb.append("<img alt=\"").append(Table.escape(image)).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(charts.get(image))).append("\">\n");
            }
            for (Table t : s.tables()) {
                sb.append(t.toHtml());
            }
        }
        return sb.append("</body>\n</html>\n").toString();
    }
}
