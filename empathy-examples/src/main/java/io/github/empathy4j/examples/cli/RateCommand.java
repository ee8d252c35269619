package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.BatchMode;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.core.run.RatingResult;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code empathy rate}: rates a run's replies with LLM judges into the run's {@code ratings.jsonl}. */
@Command(name = "rate", sortOptions = false,
        header = "Rate a run's replies with LLM judges (blind, resumable).",
        description = {"Rates every reply of a run with one or more LLM judges, blind to the condition and in a "
                + "seeded order, into the run's ratings.jsonl; running it again resumes.",
            "Each judge's ratings are kept under its spec; with --combine the panel's rating is kept too."},
        footer = {"", "Examples:",
                "  export OPENAI_API_KEY=...",
                "  empathy rate --run runs/first --judge openai:gpt-4o",
                "  empathy rate --run runs/first --judge openai:gpt-4o \\",
                "      --judge gemini:gemini-1.5-pro --judge mistral:mistral-large-latest \\",
                "      --combine majority --seed 7",
                "  empathy rate --run runs/first --judge openai:gpt-4o --batch --no-wait"})
final class RateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run's folder.")
    private Path run;

    @Option(names = "--judge", required = true, paramLabel = "SPEC", converter = SpecArgument.class,
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

    @Mixin
    private SchedulingOptions scheduling;

    @Mixin
    private CostOptions cost;

    @Mixin
    private BatchOptions batch;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "The dialogues, when the run folder has no dialogues.jsonl.")
    private Path dataset;

    @Mixin
    private Output output;

    /** The JSON output: what this execution rated, and every rating's count by rater, condition and level. */
    record Result(String ratings, int rated, int skipped, int empty, int refused, int failed, long unparseable,
            List<Count> counts, List<CostOptions.JudgeCost> costs) {
    }

    /** How many ratings of one rater, condition and dimension fell on each level (labels as keys). */
    record Count(String rater, String condition, String dimension, Map<String, Long> levels) {
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    @Override
    public Integer call() {
        scheduling.check(spec.commandLine());
        if (batch.problem() != null) {
            throw new ParameterException(spec.commandLine(), batch.problem());
        }
        cost.check(spec.commandLine(), judges);
        if (cost.dryRun()) {
            return dryRun();
        }
        try (RunDirectory.Lock lock = RunDirectory.open(run).lock()) {
            return rateAndPrint();
        }
    }

    /**
     * Prints what the rating would call and cost, and which API keys it needs, without a key, a call or a write: the
     * judges are built as for the rating (their specs checked) with stand-in keys.
     */
    private Integer dryRun() {
        RunFolder folder = new RunFolder(run);
        List<Dialogue> dialogues = folder.dialogues(dataset).dialogues();
        ModelProviders providers = cost.providers();
        List<ChatModelJudge> panel = panel(providers, judges);
        PrintWriter err = spec.commandLine().getErr();
        Set<String> batched = batch.enabled() ? BatchOptions.clients(providers, specs(panel), err).keySet() : null;
        cost.print(output, spec.commandLine().getOut(), "Rating", run, builder(folder, dialogues, panel, combine,
                RatingScale.builtIn(scale), seed, this::options).build().estimate(), batched);
        return 0;
    }

    /** Rates and prints, holding the run folder's lock. */
    private Integer rateAndPrint() {
        RunFolder folder = new RunFolder(run);
        RatingScale ratingScale = RatingScale.builtIn(scale);
        RatingResult result = rate(folder, folder.dialogues(dataset).dialogues(), judges, combine, ratingScale, seed,
                this::options, batch, spec.commandLine().getErr());
        if (batch.enabled()) {
            BatchOptions.pending(run.resolve(BatchMode.RATING_FILE_NAME), spec.commandLine().getErr());
        }
        Result summary = summary(run, result, ratingScale);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, summary);
        } else {
            print(out, summary, ratingScale);
        }
        return result.complete() ? 0 : 1;
    }

    /** Sets the scheduling and cost options on a rating. */
    private void options(RatingRun.Builder rating) {
        scheduling.apply(spec.commandLine(), rating);
        cost.apply(spec.commandLine(), rating);
    }

    /**
     * Rates a run folder's replies with LLM judges into its {@code ratings.jsonl}, with a progress bar on
     * {@code err}; what {@code empathy rate} and {@code empathy run --judge} do. The replies are read from the
     * folder's journal as they are rated.
     *
     * @param scheduling sets the scheduling options on the rating
     * @param batch the batch options: the judges whose providers have a batch API rate through batches
     */
    static RatingResult rate(RunFolder folder, List<Dialogue> dialogues, List<String> judges, String combine,
            RatingScale scale, long seed, Consumer<RatingRun.Builder> scheduling, BatchOptions batch,
            PrintWriter err) {
        ModelProviders providers = ModelProviders.load();
        List<ChatModelJudge> panel = panel(providers, judges);
        RatingRun.Builder builder = builder(folder, dialogues, panel, combine, scale, seed, scheduling);
        batch.mode(providers, specs(panel), err).ifPresent(builder::batch);
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null, System::nanoTime);
        try {
            return builder.progressListener(progress).build().execute();
        } finally {
            progress.finish();
        }
    }

    /** The judges of the specs. */
    private static List<ChatModelJudge> panel(ModelProviders providers, List<String> judges) {
        return judges.stream().map(judge -> ChatModelJudge.of(providers, judge)).toList();
    }

    /** The judges' effective specs, by name: what their batches send. */
    private static Map<String, String> specs(List<ChatModelJudge> panel) {
        Map<String, String> specs = new LinkedHashMap<>();
        panel.forEach(judge -> specs.put(judge.name(), judge.spec().toString()));
        return specs;
    }

    /** The rating of a run folder's replies by the judges, with the options {@code scheduling} sets. */
    private static RatingRun.Builder builder(RunFolder folder, List<Dialogue> dialogues,
            List<ChatModelJudge> panel, String combine, RatingScale scale, long seed,
            Consumer<RatingRun.Builder> scheduling) {
        RatingRun.Builder builder = RatingRun.builder().outputDirectory(folder.directory()).dialogues(dialogues)
                .repliesFrom(folder.directory()).scale(scale).seed(seed);
        scheduling.accept(builder);
        panel.forEach(judge -> builder.rater(judge.name(), judge));
        if (combine != null) {
            Combination combination = combination(combine);
            builder.combine(combination, "panel-" + combination.name().toLowerCase(Locale.ROOT));
        }
        return builder;
    }

    private static Result summary(Path run, RatingResult result, RatingScale scale) {
        Map<List<String>, Map<String, Long>> counts = new TreeMap<>(Comparator.comparing(Object::toString));
        Map<String, CostOptions.Spend> spent = new TreeMap<>();
        for (Rating r : (Iterable<Rating>) result.ratings()::iterator) {
            if (r.kind() == RaterSource.Kind.JUDGE) {
                spent.merge(r.rater(), CostOptions.Spend.NONE.plus(r.cost()), CostOptions.Spend::plus);
            }
            RatingScale.Dimension d = scale.dimension(r.dimension());
            Map<String, Long> levels = counts.computeIfAbsent(List.of(r.rater(), r.condition(), d.id()), k -> {
                Map<String, Long> zero = new LinkedHashMap<>();
                d.levels().forEach(l -> zero.put(l.label(), 0L));
                return zero;
            });
            levels.merge(d.level(r.value()).label(), 1L, Long::sum);
        }
        List<Count> rows = counts.entrySet().stream().map(e -> new Count(e.getKey().get(0), e.getKey().get(1),
                e.getKey().get(2), e.getValue())).toList();
        long unparseable = result.failures().stream().filter(RatingResult.Failure::unparseable).count();
        return new Result(run.resolve(RatingJournal.FILE_NAME).toString(), result.rated(), result.skipped(),
                result.empty(), result.refused(), result.failures().size(), unparseable, rows,
                spent.entrySet().stream().map(e -> CostOptions.JudgeCost.of(e.getKey(), e.getValue())).toList());
    }

    private void print(PrintWriter out, Result r, RatingScale scale) {
        List<String> header = new ArrayList<>(List.of("rater", "condition", "dimension"));
        scale.dimensions().get(0).levels().forEach(l -> header.add(l.label()));
        List<List<String>> rows = r.counts().stream().map(c -> {
            List<String> row = new ArrayList<>(List.of(c.rater(), c.condition(), c.dimension()));
            c.levels().values().forEach(n -> row.add(Long.toString(n)));
            return List.copyOf(row);
        }).toList();
        output.tables(out, List.of(new Table("Rated into " + r.ratings(), header, rows, String.format(Locale.ROOT,
                "This session: %d new ratings, %d already rated, %d failed (%d unparseable answers).", r.rated(),
                r.skipped(), r.failed(), r.unparseable()))));
        if (!r.costs().isEmpty()) {
            output.tables(out, List.of(CostOptions.judgeCosts("Cost of the judges' ratings", r.costs())));
        }
        if (r.empty() + r.refused() > 0) {
            output.paragraph(out, String.format(Locale.ROOT, "Not rated: %d empty and %d refused replies (never sent"
                    + " to a judge).", r.empty(), r.refused()));
        }
        if (r.failed() > 0) {
            output.paragraph(out, "See " + run.resolve(RatingRun.FAILURES_FILE) + " and run again to retry them.");
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
