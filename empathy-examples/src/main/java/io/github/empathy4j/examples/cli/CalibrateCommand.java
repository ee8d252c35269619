package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RatingResult;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.report.JudgeTables;
import io.github.empathy4j.report.Table;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.JudgeDiagnostics;
import io.github.empathy4j.stats.agreement.Calibration;
import io.github.empathy4j.stats.agreement.PairAgreement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code empathy calibrate}: how well an LLM judge agrees with the release's crowd ratings. */
@Command(name = "calibrate", sortOptions = false,
        header = "Measure how well an LLM judge agrees with the release's crowd ratings.",
        description = "Rates the release's replies (or a seeded sample) with a judge and reports its agreement with "
                + "the crowd's ratings: Krippendorff's alpha, weighted kappa, the confusion matrix, and whether it "
                + "ranks the conditions as the crowd did; then its diagnostics (as 'empathy judges'): agreement with"
                + " bootstrap intervals beside the human-human ceiling, length bias, and self-preference for GPT-4's"
                + " replies (family openai) and for LLM over human replies against the crowd.",
        footer = {"", "Example:",
                "  empathy calibrate --release dataset_and_ratings.csv --judge openai:gpt-4o \\",
                "      --sample 320 --seed 7"})
final class CalibrateCommand implements Callable<Integer> {

    private static final RatingScale.Dimension DIMENSION = RatingScale.STUDY.single();

    /** The model family of the release's LLM replies (GPT-4). */
    private static final String RELEASE_FAMILY = "openai";

    @Spec
    private CommandSpec spec;

    @Option(names = "--release", required = true, paramLabel = "FILE", description = "The study's release CSV.")
    private Path release;

    @Option(names = "--judge", required = true, paramLabel = "SPEC", converter = SpecArgument.class, description = "The judge's model spec.")
    private String judge;

    @Option(names = "--sample", defaultValue = "0",
            description = "Dialogues to sample, balanced over emotions; 0 for all (default: ${DEFAULT-VALUE}).")
    private int sample;

    @Option(names = "--seed", defaultValue = "1", description = "The seed of the sample and the order (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", defaultValue = "calibration", paramLabel = "DIR",
            description = "Where the judge's ratings are kept; running again resumes (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Mixin
    private SchedulingOptions scheduling;

    @Mixin
    private Output output;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "" + AnalysisOptions.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples of the diagnostics' intervals, over dialogues (default:"
                    + " ${DEFAULT-VALUE}).")
    private int bootstrap;

    @Option(names = "--family", paramLabel = "FAMILY", description = "The judge's model family, for self-preference"
            + " (default: from its spec, such as openai for gpt-4o; the release's LLM replies are openai's).")
    private String family;

    /** The JSON output: the judge's rater name, its calibration against the crowd and its diagnostics. */
    record Result(String judge, Calibration calibration, JudgeDiagnostics diagnostics) {
    }

    @Override
    public Integer call() {
        scheduling.check(spec.commandLine());
        PrintWriter console = spec.commandLine().getOut();
        ReleaseDataset data = ReleaseDataset.read(release);
        DialogueSet dialogues = sample > 0 ? data.dialogues().sample(sample, seed) : data.dialogues();
        Set<String> ids = Set.copyOf(dialogues.ids());
        ChatModelJudge rater = ChatModelJudge.of(ModelProviders.load(), judge);
        RatingRun.Builder rating = RatingRun.builder().outputDirectory(out).dialogues(dialogues.dialogues())
                .replies(data.replies().stream().filter(r -> ids.contains(r.dialogueId())).toList())
                .rater(rater.name(), rater).seed(seed);
        scheduling.apply(spec.commandLine(), rating);
        RatingResult result = rating.build().execute();
        List<Rating> crowd = data.ratings().stream().filter(r -> ids.contains(r.dialogueId())).toList();
        List<Rating> ratings = result.ratings().toList();
        Calibration calibration = Calibration.of(crowd, ratings, DIMENSION);
        List<Reply> replies = data.replies().stream().filter(r -> ids.contains(r.dialogueId())).toList();
        JudgeDiagnostics diagnostics = JudgeDiagnostics.of(rater.name(),
                family == null ? ModelSpec.family(judge) : family,
                JudgeInputs.replies(ratings, crowd, replies, c -> c.equals(ReleaseDataset.HUMAN)
                        ? JudgeDiagnostics.HUMAN : RELEASE_FAMILY, DIMENSION), ReleaseDataset.HUMAN, DIMENSION,
                0.95, bootstrap, seed);
        if (output.json()) {
            Output.json(console, new Result(rater.name(), calibration, diagnostics));
        } else {
            print(console, rater.name(), calibration);
            output.tables(console, List.of(JudgeTables.agreement(List.of(diagnostics)),
                    JudgeTables.lengthAdjusted(List.of(diagnostics))));
        }
        if (!result.complete()) {
            console.printf(Locale.ROOT, "%s could not be rated (see %s); run again to retry them.%n",
                    Output.count(result.failures().size(), "reply"), out.resolve(RatingRun.FAILURES_FILE));
            return 1;
        }
        return 0;
    }

    private void print(PrintWriter out, String judge, Calibration c) {
        PairAgreement a = c.agreement();
        List<List<String>> measures = List.of(row("Krippendorff's alpha (ordinal)", a.alphaOrdinal()),
                row("Cohen's kappa, quadratic weights", a.quadraticKappa()),
                row("Cohen's kappa, linear weights", a.linearKappa()), row("Cohen's kappa, unweighted", a.kappa()));
        List<String> confusionHeader = new ArrayList<>(List.of("crowd \\ judge"));
        DIMENSION.levels().forEach(l -> confusionHeader.add(l.label()));
        List<List<String>> confusion = new ArrayList<>();
        for (int i = 0; i < DIMENSION.levels().size(); i++) {
            List<String> cells = new ArrayList<>(List.of(DIMENSION.levels().get(i).label()));
            a.confusion().counts().get(i).forEach(n -> cells.add(Long.toString(n)));
            confusion.add(cells);
        }
        List<List<String>> conditions = c.conditions().stream().map(s -> List.of(s.condition(),
                format("%.3f", s.crowdMean()), format("%.3f", s.judgeMean()), format("%.1f%%", 100 * s.crowdTopShare()),
                format("%.1f%%", 100 * s.judgeTopShare()))).toList();
        output.tables(out, List.of(
                new Table(format("Judge %s against the crowd on %d replies", judge, a.units()),
                        List.of("agreement", "value"), measures, ""),
                new Table("Confusion matrix", confusionHeader, confusion, ""),
                new Table("Conditions", List.of("condition", "crowd mean", "judge mean", "crowd Good", "judge Good"),
                        conditions, format("Order by mean: crowd %s, judge %s; same: %s; Kendall's tau-b %.3f. Order"
                                + " by share of Good: crowd %s, judge %s; same: %s.",
                                String.join(" > ", c.crowdOrderByMean()), String.join(" > ", c.judgeOrderByMean()),
                                c.sameOrderByMean() ? "yes" : "no", c.kendallTauByMean(),
                                String.join(" > ", c.crowdOrderByTopShare()),
                                String.join(" > ", c.judgeOrderByTopShare()), c.sameOrderByTopShare() ? "yes" : "no"))));
    }

    private static List<String> row(String name, double value) {
        return List.of(name, format("%.4f", value));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
