package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RatingResult;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.stats.agreement.Calibration;
import io.github.empathy4j.stats.agreement.PairAgreement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code empathy calibrate}: how well an LLM judge agrees with the release's crowd ratings. */
@Command(name = "calibrate", sortOptions = false,
        header = "Measure how well an LLM judge agrees with the release's crowd ratings.",
        description = "Rates the release's replies (or a seeded sample) with a judge and reports its agreement with "
                + "the crowd's ratings: Krippendorff's alpha, weighted kappa, the confusion matrix, and whether it "
                + "ranks the conditions as the crowd did.")
final class CalibrateCommand implements Callable<Integer> {

    private static final RatingScale.Dimension DIMENSION = RatingScale.STUDY.single();

    @Spec
    private CommandSpec spec;

    @Option(names = "--release", required = true, paramLabel = "FILE", description = "The study's release CSV.")
    private Path release;

    @Option(names = "--judge", required = true, paramLabel = "SPEC", description = "The judge's model spec.")
    private String judge;

    @Option(names = "--sample", defaultValue = "0",
            description = "Dialogues to sample, balanced over emotions; 0 for all (default: ${DEFAULT-VALUE}).")
    private int sample;

    @Option(names = "--seed", defaultValue = "1", description = "The seed of the sample and the order (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", defaultValue = "calibration", paramLabel = "DIR",
            description = "Where the judge's ratings are kept; running again resumes (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--concurrency", defaultValue = "8", description = "Calls in flight (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        ReleaseDataset data = ReleaseDataset.read(release);
        DialogueSet dialogues = sample > 0 ? data.dialogues().sample(sample, seed) : data.dialogues();
        Set<String> ids = Set.copyOf(dialogues.ids());
        ChatModelJudge rater = ChatModelJudge.of(ModelProviders.load(), judge);
        RatingResult result = RatingRun.builder().outputDirectory(out).dialogues(dialogues.dialogues())
                .replies(data.replies().stream().filter(r -> ids.contains(r.dialogueId())).toList())
                .rater(rater.name(), rater).seed(seed).concurrency(concurrency).build().execute();
        List<Rating> crowd = data.ratings().stream().filter(r -> ids.contains(r.dialogueId())).toList();
        print(console, rater.name(), Calibration.of(crowd, result.ratings(), DIMENSION));
        if (!result.complete()) {
            console.printf(Locale.ROOT, "%d replies could not be rated (see %s); run again to retry them.%n",
                    result.failures().size(), out.resolve(RatingRun.FAILURES_FILE));
            return 1;
        }
        return 0;
    }

    private static void print(PrintWriter out, String judge, Calibration c) {
        PairAgreement a = c.agreement();
        out.printf(Locale.ROOT, "Judge %s against the crowd on %d replies%n", judge, a.units());
        out.printf(Locale.ROOT, "Krippendorff's alpha (ordinal)  %.4f%n", a.alphaOrdinal());
        out.printf(Locale.ROOT, "Cohen's kappa, quadratic        %.4f%n", a.quadraticKappa());
        out.printf(Locale.ROOT, "Cohen's kappa, linear           %.4f%n", a.linearKappa());
        out.printf(Locale.ROOT, "Cohen's kappa, unweighted       %.4f%n", a.kappa());
        out.println("Confusion matrix (rows: crowd, columns: judge)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-6s", ""));
        DIMENSION.levels().forEach(l -> header.append(String.format(Locale.ROOT, " %6s", l.label())));
        out.println(header);
        for (int i = 0; i < DIMENSION.levels().size(); i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-6s", DIMENSION.levels().get(i)
                    .label()));
            a.confusion().counts().get(i).forEach(n -> row.append(String.format(Locale.ROOT, " %6d", n)));
            out.println(row);
        }
        out.printf(Locale.ROOT, "%-16s %10s %10s %10s %10s%n", "condition", "crowd mean", "judge mean", "crowd Good",
                "judge Good");
        for (Calibration.ConditionScores s : c.conditions()) {
            out.printf(Locale.ROOT, "%-16s %10.3f %10.3f %9.1f%% %9.1f%%%n", s.condition(), s.crowdMean(),
                    s.judgeMean(), 100 * s.crowdTopShare(), 100 * s.judgeTopShare());
        }
        out.printf(Locale.ROOT, "Order by mean: crowd %s, judge %s; same: %s; Kendall's tau-b %.3f%n",
                String.join(" > ", c.crowdOrderByMean()), String.join(" > ", c.judgeOrderByMean()),
                c.sameOrderByMean() ? "yes" : "no", c.kendallTauByMean());
        out.printf(Locale.ROOT, "Order by share of Good: crowd %s, judge %s; same: %s%n",
                String.join(" > ", c.crowdOrderByTopShare()), String.join(" > ", c.judgeOrderByTopShare()),
                c.sameOrderByTopShare() ? "yes" : "no");
    }
}
