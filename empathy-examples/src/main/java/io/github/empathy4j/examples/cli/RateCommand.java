package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RatingResult;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.RatingJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code empathy rate}: rates a run's replies with LLM judges into the run's {@code ratings.jsonl}. */
@Command(name = "rate", mixinStandardHelpOptions = true,
        description = {"Rates every reply of a run with one or more LLM judges, blind to the condition and in a "
                + "seeded order, into the run's ratings.jsonl; running it again resumes.",
            "Each judge's ratings are kept under its spec; with --combine the panel's rating is kept too."})
public final class RateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run's folder.")
    private Path run;

    @Option(names = "--judge", required = true, paramLabel = "SPEC",
            description = "A judge's model spec, such as openai:gpt-4o (temperature 0 and seed 42 unless set); "
                    + "repeat for a panel.")
    private List<String> judges;

    @Option(names = "--combine", paramLabel = "majority|mean",
            description = "Also keep the panel's combined rating (rater panel-majority or panel-mean).")
    private String combine;

    @Option(names = "--scale", defaultValue = "study", paramLabel = "ID",
            description = "The rating scale (default: ${DEFAULT-VALUE}).")
    private String scale;

    @Option(names = "--seed", defaultValue = "1", description = "The seed of the rating order (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--concurrency", defaultValue = "8", description = "Calls in flight (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "The dialogues, when the run folder has no dialogues.jsonl.")
    private Path dataset;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            RatingScale ratingScale = RatingScale.builtIn(scale);
            ModelProviders providers = ModelProviders.load();
            RatingRun.Builder builder = RatingRun.builder().outputDirectory(run)
                    .dialogues(RunFiles.dialogues(run, dataset)).replies(RunFiles.replies(run)).scale(ratingScale)
                    .seed(seed).concurrency(concurrency);
            for (String judgeSpec : judges) {
                ChatModelJudge judge = ChatModelJudge.of(providers, judgeSpec);
                builder.rater(judge.name(), judge);
            }
            if (combine != null) {
                Combination combination = combination(combine);
                builder.combine(combination, "panel-" + combination.name().toLowerCase(Locale.ROOT));
            }
            RatingResult result = builder.build().execute();
            out.printf(Locale.ROOT, "Rated into %s: %d new ratings, %d items already rated.%n",
                    run.resolve(RatingJournal.FILE_NAME), result.rated(), result.skipped());
            RunFiles.printCounts(out, result.ratings(), ratingScale);
            if (!result.complete()) {
                long unparseable = result.failures().stream().filter(RatingResult.Failure::unparseable).count();
                out.printf(Locale.ROOT, "%d ratings failed (%d unparseable answers); see %s and run again to "
                        + "retry them.%n", result.failures().size(), unparseable,
                        run.resolve(RatingRun.FAILURES_FILE));
                return 1;
            }
            return 0;
        } catch (EmpathyException | IllegalArgumentException | UncheckedIOException e) {
            return RunFiles.fail(spec, e);
        }
    }

    private static Combination combination(String name) {
        try {
            return Combination.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--combine '" + name + "' is not valid; expected majority or mean", e);
        }
    }
}
