package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.report.StudyTables;
import io.github.empathy4j.report.Table;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.ChiSquarePower;
import io.github.empathy4j.stats.GroupAnalysis;
import io.github.empathy4j.stats.PublishedResults;
import io.github.empathy4j.stats.RaterAware;
import io.github.empathy4j.stats.StudyAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code empathy reproduce}: the study's published table, and with the release its per-emotion analysis. */
@Command(name = "reproduce", sortOptions = false,
        header = "The study's published table, reproduced offline; --release adds its raw ratings.",
        description = {"Reproduces the tables of Welivita & Pu (2024) from the published counts (offline):"
                + " Bad/Okay/Good, share of Good, relative increase over humans, chi-square with Yates'"
                + " correction, p and significance, overall and by valence.",
                "With --release, adds the analysis of the released ratings: per emotion with raw and Holm-corrected"
                        + " p-values, the tests across conditions and the tests on every level, the paired tests"
                        + " (McNemar, Wilcoxon, Stuart-Maxwell, Cochran's Q, Friedman), the effect sizes with their"
                        + " intervals, and the rater-aware estimates (logistic regression clustered by rater and by"
                        + " rater and dialogue, and the cumulative link mixed model)."},
        footer = {"", "Examples:", "  empathy reproduce",
                "  empathy reproduce --release \\",
                "      ../shared/data/welivita-pu-2024/dataset_and_ratings.csv",
                "  empathy reproduce --format json"})
final class ReproduceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Option(names = "--release", paramLabel = "FILE",
            description = "The study's release CSV (dataset_and_ratings.csv) to analyse its individual ratings.")
    private Path release;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0",
            description = "Bootstrap resamples for the intervals of the differences in the release's analysis (JSON"
                    + " output); default ${DEFAULT-VALUE}.")
    private int bootstrap;

    /** The JSON output: {@code published}, {@code paper}, {@code power}, {@code release} (or null). */
    record Result(StudyAnalysis published, List<PublishedResults.Figure> paper, Power power, String releaseFile,
            StudyAnalysis release) {
    }

    /** The study's power analysis, recomputed. */
    record Power(double w, int df, double alpha, double power, long sampleSize, long publishedSampleSize) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StudyAnalysis published = StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study())
                .withRaters(List.of(CompareCommand.publishedRater("")));
        Power power = new Power(PublishedResults.POWER_EFFECT_SIZE, PublishedResults.POWER_DEGREES_OF_FREEDOM,
                PublishedResults.POWER_ALPHA, PublishedResults.POWER,
                ChiSquarePower.sampleSize(PublishedResults.POWER_EFFECT_SIZE, PublishedResults.POWER_DEGREES_OF_FREEDOM,
                        PublishedResults.POWER_ALPHA, PublishedResults.POWER),
                PublishedResults.POWER_SAMPLE_SIZE);
        StudyAnalysis fromRelease = release == null ? null : analyseRelease(release, bootstrap);
        if (output.json()) {
            Output.json(out, new Result(published, PublishedResults.figures(), power,
                    release == null ? null : release.toString(), fromRelease));
            return 0;
        }
        output.heading(out, "Welivita & Pu (2024), \"Are Large Language Models More Empathetic than Humans?\"");
        output.paragraph(out, String.format(Locale.ROOT, "Reproduced from the published counts: %,d dialogues (%,d"
                + " positive, %,d negative),%neach reply rated Bad, Okay or Good; the paper's figures beside ours.",
                PublishedResults.DIALOGUES, PublishedResults.POSITIVE_DIALOGUES, PublishedResults.NEGATIVE_DIALOGUES));
        List<Table> tables = new ArrayList<>();
        tables.add(withPaperColumns(StudyTables.conditions(published, published.overall()), published.overall()));
        published.valences().forEach(v -> tables.add(withPaperColumns(StudyTables.conditions(published, v), v)));
        output.tables(out, tables);
        output.paragraph(out, String.format(Locale.ROOT, "Power analysis: w = %s, df = %d, alpha = %s, power = %s"
                + " needs N = %d participants (paper: %d).", power.w(), power.df(), power.alpha(), power.power(),
                power.sampleSize(), power.publishedSampleSize()));
        if (fromRelease != null) {
            output.heading(out, "The released ratings: " + release);
            output.paragraph(out, String.format(Locale.ROOT, "Conditions: human (EmpatheticDialogues listeners),"
                    + " gpt-4 (GPT-4 with the empathy prompt, the group the%n2024 study reused), gpt-4-plain (GPT-4"
                    + " with a plain prompt); one crowd rating per reply."));
            output.tables(out, StudyTables.all(fromRelease));
            fromRelease.raterAware().ifPresent(r -> output.paragraph(out, whyWider(r)));
        }
        return 0;
    }

    /** The analysis of the release's ratings, every condition against human. */
    static StudyAnalysis analyseRelease(Path file, int resamples) {
        ReleaseDataset dataset = ReleaseDataset.read(file);
        Map<String, Emotion> emotions = dataset.dialogues().dialogues().stream()
                .collect(Collectors.toMap(Dialogue::id, Dialogue::emotion));
        return StudyAnalysis.of(dataset.ratings(), emotions::get,
                AnalysisOptions.study().withBootstrap(resamples, AnalysisOptions.DEFAULT_SEED).withMixedModel(true));
    }

    /**
     * Two sentences on why the rater-clustered interval of the first condition's effect is wider than the naive one,
     * with the release's numbers.
     */
    static String whyWider(RaterAware r) {
        if (r.clustered() == null || r.modelBased() == null) {
            return "No clustered estimate: " + String.join("; ", r.notes()) + ".";
        }
        double ratio = r.clustered().get(0).standardError() / r.modelBased().get(0).standardError();
        return String.format(Locale.ROOT, "Why the clustered interval is wider: each participant rated a batch of"
                + " replies of one condition, so a lenient or%nstrict rater moves all of their ratings together and"
                + " the %,d ratings carry less information than as many independent%nones. The clustered standard"
                + " errors count the %,d %ss, not the ratings, as the independent units, which widens%nthe naive"
                + " interval of %s's effect by %.0f%% (the mixed model adds the raters' spread explicitly).",
                r.ratings(), r.clusters(), r.clusteredBy(), r.conditions().get(1), (ratio - 1) * 100);
    }

    /** Adds the paper's chi-square and, overall, its relative increase beside the recomputed ones. */
    private static Table withPaperColumns(Table table, GroupAnalysis group) {
        List<String> chiSquares = new ArrayList<>();
        List<String> increases = new ArrayList<>();
        for (var c : group.conditions()) {
            PublishedResults.Figure figure = PublishedResults.figures().stream()
                    .filter(f -> f.condition().equals(c.condition()) && f.group().equals(group.group().label()))
                    .findFirst().orElseThrow();
            chiSquares.add(figure.chiSquare() == null ? "" : String.format(Locale.ROOT, "%.2f", figure.chiSquare()));
            increases.add(figure.relativeIncreasePercent() == null ? ""
                    : String.format(Locale.ROOT, "%+.1f%%", figure.relativeIncreasePercent()));
        }
        Table result = table.withColumn("paper chi2", chiSquares);
        return increases.stream().allMatch(String::isEmpty) ? result : result.withColumn("paper increase", increases);
    }
}
