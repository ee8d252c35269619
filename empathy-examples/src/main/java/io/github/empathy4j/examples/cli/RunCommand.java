package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.Datasets;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.dataset.ReadResult;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.BatchMode;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.RatingResult;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.core.run.RunResult;
import io.github.empathy4j.report.Table;
import io.github.empathy4j.stats.StudyAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code empathy run}: answers a dataset's dialogues with models (and the human reference) into a run folder. */
@Command(name = "run", sortOptions = false,
        header = "Answer a dataset's dialogues with models into a resumable run folder.",
        description = {"Answers the dialogues of a dataset (the study's release CSV, an EmpatheticDialogues CSV or"
                + " empathy4j JSONL) with one or more models, and the human replies when the dataset has them, into"
                + " a run folder: run.json, dialogues.jsonl, responses.jsonl (one reply a line, appended as they"
                + " arrive), failures.jsonl. Running the same command again in the same folder resumes: answered"
                + " items are skipped, failed ones retried.",
                "A model is a spec (provider:model?key=value&..., see 'empathy models') or a preset (gpt-4,"
                        + " llama-2-70b-chat, gemini-1.0-pro, mixtral-8x7b-instruct); NAME=SPEC names its condition."
                        + " Keys come from environment variables only.",
                "With --judge, the replies are then rated into ratings.jsonl. When the folder holds ratings, the report"
                        + " is written to report/."},
        footer = {"", "Examples:",
                "  export OPENAI_API_KEY=...",
                "  empathy run dataset_and_ratings.csv --sample 320 --seed 7 \\",
                "      --model gpt-4 --out runs/first",
                "  empathy run train.csv --model warm=openai:gpt-4o?temperature=1 \\",
                "      --model ollama:llama3.1:8b --concurrency ollama=2 --rpm openai=500 \\",
                "      --out runs/second",
                "  empathy run dataset_and_ratings.csv --sample 32 --model echo:v1 --out runs/try",
                "  empathy run dataset_and_ratings.csv --sample 320 --model gpt-4 \\",
                "      --judge openai:gpt-4o --out runs/judged",
                "  empathy run dataset_and_ratings.csv --model gpt-4o --batch --no-wait \\",
                "      --out runs/cheap"})
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Parameters(index = "0", paramLabel = "DATASET",
            description = "The dialogues: release CSV, EmpatheticDialogues CSV or .jsonl.")
    private Path dataset;

    @Option(names = "--model", paramLabel = "[NAME=]SPEC", required = true, converter = SpecArgument.class,
            description = "A model to answer, by spec or preset; repeat for several.")
    private List<String> models;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "The run folder; the same folder resumes the run.")
    private Path out;

    @Option(names = "--sample", paramLabel = "N",
            description = "Answer a sample of N dialogues, stratified by emotion (default: all).")
    private Integer sample;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
            description = "The sample's seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--judge", paramLabel = "SPEC", converter = SpecArgument.class,
            description = "After answering, rate every reply with this LLM judge on the study's scale, as"
                    + " 'empathy rate' does; repeat for a panel.")
    private List<String> judges;

    @Option(names = "--combine", paramLabel = "majority|mean",
            description = "With several judges, also keep the panel's combined rating.")
    private String combine;

    @Option(names = "--rater", paramLabel = "SOURCE",
            description = "Whose ratings the report analyses: a judge's spec or the panel (default: the only judge,"
                    + " or the panel with --combine; several judges need --combine or --rater).")
    private String rater;

    @Option(names = "--prompt-file", paramLabel = "FILE",
            description = "The prompt template (default: the built-in template of the study).")
    private Path promptFile;

    @Option(names = "--include-human", negatable = true,
            description = "Include the dataset's human replies as condition 'human', for the dialogues that have"
                    + " one (default: when any has one).")
    private Boolean includeHuman;

    @Mixin
    private SchedulingOptions scheduling;

    @Mixin
    private CostOptions cost;

    @Mixin
    private BatchOptions batch;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "A folder of cached replies shared across runs and processes, DIR/cache.sqlite (default: no"
                    + " cache); see 'empathy cache'.")
    private Path cache;

    @Option(names = "--lenient", description = "Skip bad rows of the dataset (listed) instead of stopping.")
    private boolean lenient;

    /** The JSON output. */
    record Result(String directory, int dialogues, List<ConditionSummary> conditions, int answered, int cached,
            int skipped, int failed, long retries, double elapsedSeconds, boolean rated, List<String> report,
            List<String> warnings) {
    }

    /**
     * One condition's replies so far; {@code empty} and {@code refused} of them are never rated; {@code costUsd} the
     * exact sum of their known costs, {@code unpriced} the replies whose cost is unknown.
     */
    record ConditionSummary(String name, String spec, int replies, int empty, int refused, int failed,
            long inputTokens, long outputTokens, double meanLatencySeconds, String costUsd, int unpriced) {
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    @Override
    public Integer call() {
        if (judges != null && judges.size() > 1 && combine == null && rater == null) {
            throw new ParameterException(spec.commandLine(), "the report is of one rater source, and "
                    + judges.size() + " judges without --combine are " + judges.size() + " sources; add --combine"
                    + " majority|mean for the panel's rating, or choose one judge with --rater");
        }
        checkOptions();
        if (batch.problem() != null) {
            throw new ParameterException(spec.commandLine(), batch.problem());
        }
        // read the dataset and the prompt first: a mistake in them must not leave an empty run folder behind
        PrintWriter err = spec.commandLine().getErr();
        ReadResult<DialogueSet> read = Datasets.read(dataset, lenient ? ErrorPolicy.LENIENT : ErrorPolicy.STRICT);
        if (!read.report().isClean()) {
            err.println(read.report().summary());
        }
        DialogueSet dialogues = sample(read.value(), err);
        PromptTemplate template = promptFile == null ? PromptTemplate.defaultTemplate()
                : PromptTemplate.load(promptFile);
        if (cost.dryRun()) {
            return dryRun(read, dialogues, template, err);
        }
        try (RunDirectory.Lock lock = RunDirectory.create(out).lock()) {
            return answerRateAndReport(read, dialogues, template);
        }
    }

    /**
     * Prints what the run would call and cost, and which API keys it needs, without a key, a call or a write: the
     * models and judges are built as for the run (their specs checked) with stand-in keys.
     */
    private Integer dryRun(ReadResult<DialogueSet> read, DialogueSet dialogues, PromptTemplate template,
            PrintWriter err) {
        ModelProviders providers = cost.providers();
        List<Condition> conditions = conditions(providers, dialogues, template, err);
        if (judges != null && !judges.isEmpty()) {
            judges.forEach(judge -> ChatModelJudge.of(providers, judge)); // checked, and their keys listed
            err.println("empathy: the dry run estimates the answers only; estimate the judges' ratings with"
                    + " 'empathy rate --run " + out + " --dry-run' once the replies exist");
        }
        Set<String> batched = batch.enabled() ? BatchOptions.clients(providers, specs(conditions), err).keySet()
                : null;
        cost.print(output, spec.commandLine().getOut(), "Run", out, runBuilder(read, dialogues, conditions).build()
                .estimate(), batched);
        return 0;
    }

    /** Answers, rates and reports the dialogues, holding the run folder's lock. */
    private Integer answerRateAndReport(ReadResult<DialogueSet> read, DialogueSet dialogues, PromptTemplate template) {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long lacking = dialogues.dialogues().stream().filter(d -> d.humanReply() == null).count();
        ModelProviders providers = ModelProviders.load();
        List<Condition> conditions = conditions(providers, dialogues, template, err);
        boolean human = includeHuman != null ? includeHuman : lacking < dialogues.size();
        Run.Builder builder = runBuilder(read, dialogues, conditions);
        batch.mode(providers, specs(conditions), err).ifPresent(builder::batch);
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null, System::nanoTime);
        RunResult result;
        try {
            result = builder.progressListener(progress).build().execute();
        } finally {
            progress.finish();
        }

        RunFolder folder = new RunFolder(out);
        List<String> warnings = new ArrayList<>();
        String ratingProblem = null;
        // with batches pending, the replies are rated and reported once they are collected
        boolean pending = batch.enabled() && BatchOptions.pending(out.resolve(BatchMode.FILE_NAME), err);
        if (!pending && judges != null && !judges.isEmpty()) {
            RatingResult rated = RateCommand.rate(folder, dialogues.dialogues(), judges, combine, RatingScale.STUDY,
                    seed, rating -> {
                        scheduling.apply(spec.commandLine(), rating);
                        cost.apply(spec.commandLine(), rating);
                    }, batch, err);
            if (!rated.complete()) {
                ratingProblem = String.format(Locale.ROOT, "%d ratings failed (%s), %d were made; see %s", rated
                        .failures().size(), reasons(rated.failures()), rated.ratings().count(),
                        out.resolve(RatingRun.FAILURES_FILE));
                warnings.add(ratingProblem + ". The analysis uses the ratings that were made.");
            }
        }
        List<String> report = List.of();
        if (!pending && folder.hasRatings()) {
            try {
                StudyAnalysis analysis = folder.analysis(List.of(), new AnalysisSettings(), rater);
                CompareCommand.warnUntestable(err, analysis);
                report = folder.writeReport(analysis, warnings).stream().map(Path::toString).toList();
            } catch (EmpathyException | IllegalArgumentException e) {
                err.println("empathy: the report was not written: " + EmpathyCli.message(e) + "; see 'empathy report "
                        + out + " --help'");
            }
        }
        Result summary = summary(result, conditions, dialogues.size(), !report.isEmpty(), report, warnings);
        if (output.json()) {
            Output.json(stdout, summary);
        } else {
            print(stdout, summary);
        }
        int exit = 0;
        if (!result.complete()) {
            err.printf(Locale.ROOT, "empathy: %d of %d items failed (see %s); run the same command again to retry"
                    + " them%n", result.failed(), (long) dialogues.size() * conditions.size() - (human ? lacking : 0),
                    out.resolve(Run.FAILURES_FILE));
            exit = 1;
        }
        if (ratingProblem != null) {
            err.println("empathy: " + ratingProblem + "; run the same command again to retry them"
                    + (report.isEmpty() ? "" : "; the report carries a warning"));
            exit = 1;
        }
        return exit;
    }

    /** The conditions: the human reference (when included) and each {@code --model}. */
    private List<Condition> conditions(ModelProviders providers, DialogueSet dialogues, PromptTemplate template,
            PrintWriter err) {
        long lacking = dialogues.dialogues().stream().filter(d -> d.humanReply() == null).count();
        boolean human = includeHuman != null ? includeHuman : lacking < dialogues.size();
        if (human && lacking > 0) {
            err.printf(Locale.ROOT, "%d of %d dialogues have no human reply; condition human answers the other %d%n",
                    lacking, dialogues.size(), dialogues.size() - lacking);
        }
        List<Condition> conditions = new ArrayList<>();
        if (human) {
            conditions.add(Condition.humanReference());
        }
        for (String model : models) {
            conditions.add(condition(providers, model, template));
        }
        return conditions;
    }

    /** The spec argument of each model's condition, by condition name: the conditions end with the models'. */
    private Map<String, String> specs(List<Condition> conditions) {
        Map<String, String> specs = new LinkedHashMap<>();
        int first = conditions.size() - models.size();
        for (int i = 0; i < models.size(); i++) {
            specs.put(conditions.get(first + i).name(), SpecArgument.spec(models.get(i)));
        }
        return specs;
    }

    /** The run of the conditions, with the scheduling and cost options. */
    private Run.Builder runBuilder(ReadResult<DialogueSet> read, DialogueSet dialogues, List<Condition> conditions) {
        Run.Builder builder = Run.builder().outputDirectory(out).dialogues(dialogues.dialogues())
                .dataset(description(read, dialogues)).conditions(conditions).cacheDirectory(cache);
        scheduling.apply(spec.commandLine(), builder);
        cost.apply(spec.commandLine(), builder);
        if (sample != null) {
            builder.sample(seed, sample);
        }
        return builder;
    }

    /** The most common reasons of failed ratings, such as {@code 4 x the judge's answer was no level}. */
    static String reasons(List<RatingResult.Failure> failures) {
        Map<String, Long> counts = failures.stream().collect(Collectors.groupingBy(f -> f.unparseable()
                ? "the judge's answer was no level" : abbreviate(f.error()), Collectors.counting()));
        List<Map.Entry<String, Long>> sorted = counts.entrySet().stream().sorted(Map.Entry.<String, Long>
                comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).toList();
        String top = sorted.stream().limit(3).map(e -> e.getValue() + " x " + e.getKey())
                .collect(Collectors.joining("; "));
        return sorted.size() > 3 ? top + "; " + (sorted.size() - 3) + " other reasons" : top;
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }

    /** The option values picocli cannot check by type: usage errors (exit 2) before any work. */
    private void checkOptions() {
        if (sample != null && sample < 1) {
            throw new ParameterException(spec.commandLine(), "--sample must be at least 1 (it was " + sample
                    + "); leave it out to answer every dialogue");
        }
        scheduling.check(spec.commandLine());
        List<String> specs = new ArrayList<>(models.stream().map(m -> SpecArgument.name(m) == null ? m
                : SpecArgument.spec(m)).toList());
        if (judges != null) {
            specs.addAll(judges);
        }
        cost.check(spec.commandLine(), specs);
    }

    /** The dialogues to answer: all, or the {@code --sample}; none is a usage error. */
    private DialogueSet sample(DialogueSet all, PrintWriter err) {
        if (all.isEmpty()) {
            throw new ParameterException(spec.commandLine(), dataset + " holds no dialogues; expected at least one"
                    + " below its header");
        }
        if (sample == null) {
            return all;
        }
        if (sample > all.size()) {
            throw new ParameterException(spec.commandLine(), "--sample " + sample + " is more than the "
                    + all.size() + " dialogues of " + dataset);
        }
        if (!all.canBalance(sample)) {
            List<Integer> sizes = all.countsByEmotion().values().stream().filter(n -> n > 0).toList();
            err.println("empathy: " + all.size() + " dialogues cannot give " + sample + " balanced over their "
                    + sizes.size() + " emotions (the fewest has " + Collections.min(sizes) + "); each emotion gets"
                    + " a share proportional to its size instead");
        }
        return all.sample(sample, seed);
    }

    /**
     * The condition of one {@code --model} argument: {@code SPEC} or {@code NAME=SPEC}. Without a name, a preset is
     * named by its short name and a spec by its model.
     */
    private static Condition condition(ModelProviders providers, String argument, PromptTemplate template) {
        String name = SpecArgument.name(argument);
        return name != null ? providers.condition(name, SpecArgument.spec(argument), template)
                : providers.condition(argument, template);
    }

    private String description(ReadResult<DialogueSet> read, DialogueSet dialogues) {
        String format = Datasets.detect(dataset).name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String source = dataset.getFileName() + " (" + format
                + ", " + read.value().size() + " dialogues" + (read.report().skipped() > 0 ? ", "
                + read.report().skipped() + " bad rows skipped" : "") + ")";
        return sample == null ? source : source + ", stratified sample of " + dialogues.size() + " with seed " + seed
                + (read.value().canBalance(sample) ? "" : ", proportional to the emotions' sizes");
    }

    private Result summary(RunResult result, List<Condition> conditions, int dialogues, boolean rated,
            List<String> report, List<String> warnings) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        conditions.forEach(c -> tallies.put(c.name(), new Tally()));
        try (Stream<Reply> replies = result.replies()) {
            replies.forEach(r -> {
                Tally t = tallies.get(r.condition());
                if (t != null) {
                    t.add(r);
                }
            });
        }
        List<ConditionSummary> summaries = new ArrayList<>();
        for (Condition c : conditions) {
            Tally t = tallies.get(c.name());
            summaries.add(new ConditionSummary(c.name(), c.spec(), t.replies, t.empty, t.refused,
                    (int) result.failures().stream().filter(f -> f.condition().equals(c.name())).count(),
                    t.inputTokens, t.outputTokens, t.replies == 0 ? 0 : t.latencyMillis / (double) t.replies / 1000,
                    t.spend.known().toPlainString(), t.spend.unpriced()));
        }
        return new Result(out.toString(), dialogues, summaries, result.answered(), result.cached(), result.skipped(),
                result.failed(), result.retries(), result.elapsed().toMillis() / 1000.0, rated, report, warnings);
    }

    /** One condition's replies, counted as the journal is read. */
    private static final class Tally {

        private int replies;
        private int empty;
        private int refused;
        private long inputTokens;
        private long outputTokens;
        private long latencyMillis;
        private CostOptions.Spend spend = CostOptions.Spend.NONE;

        void add(Reply r) {
            spend = spend.plus(r.cost());
            replies++;
            empty += r.outcome() == Reply.Outcome.EMPTY ? 1 : 0;
            refused += r.outcome() == Reply.Outcome.REFUSED ? 1 : 0;
            inputTokens += r.usage().inputTokens();
            outputTokens += r.usage().outputTokens();
            latencyMillis += r.latency().toMillis();
        }
    }

    /** A condition's cost: the known sum, and the replies without a price apart (never shown as $0). */
    private static CostOptions.Spend cost(ConditionSummary c) {
        return new CostOptions.Spend(new BigDecimal(c.costUsd()), c.unpriced());
    }

    private void print(PrintWriter stdout, Result r) {
        List<List<String>> rows = r.conditions().stream().map(c -> List.of(c.name(), c.spec(),
                Integer.toString(c.replies()), Integer.toString(c.empty()), Integer.toString(c.refused()),
                Integer.toString(c.failed()), Long.toString(c.inputTokens()),
                Long.toString(c.outputTokens()), String.format(Locale.ROOT, "%.2f", c.meanLatencySeconds()),
                cost(c).toString())).toList();
        CostOptions.Spend total = r.conditions().stream().map(RunCommand::cost)
                .reduce(CostOptions.Spend.NONE, CostOptions.Spend::plus);
        output.tables(stdout, List.of(new Table(String.format(Locale.ROOT, "Run %s: %d dialogues", r.directory(),
                r.dialogues()), List.of("condition", "spec", "replies", "empty", "refused", "failed", "input tokens",
                "output tokens", "mean latency s", "cost USD"), rows, String.format(Locale.ROOT, "This session: %d answered,"
                + " %d from the cache, %d done before, %d failed, %d retries in %s. Spent in all: %s.", r.answered(),
                r.cached(), r.skipped(), r.failed(), r.retries(),
                ProgressPrinter.duration(Duration.ofMillis((long) (r.elapsedSeconds() * 1000))), total))));
        r.conditions().stream().filter(c -> c.empty() + c.refused() > 0).forEach(c -> output.paragraph(stdout,
                String.format(Locale.ROOT, "%s: %d empty and %d refused replies, recorded as such and never rated.",
                        c.name(), c.empty(), c.refused())));
        if (r.rated()) {
            r.warnings().forEach(w -> output.paragraph(stdout, "Warning: " + w));
            output.paragraph(stdout, "Report: " + r.report().get(0) + " (and " + (r.report().size() - 1)
                    + " more files in the same folder)");
        } else {
            output.paragraph(stdout, "No ratings yet: rate the replies (an LLM judge, or crowd batches), then run"
                    + " 'empathy report " + r.directory() + "'.");
        }
    }
}
