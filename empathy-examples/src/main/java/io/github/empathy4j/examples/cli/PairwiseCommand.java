package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.run.PairwiseJournal;
import io.github.empathy4j.core.run.PairwiseJudgement;
import io.github.empathy4j.core.run.PairwiseResult;
import io.github.empathy4j.core.run.PairwiseRun;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.report.PairwiseTables;
import io.github.empathy4j.report.Table;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.JudgeDiagnostics;
import io.github.empathy4j.stats.PairwiseAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code empathy pairwise}: judges a run's replies in pairs, blinded and in both orders, into its pairwise.jsonl. */
@Command(name = "pairwise", sortOptions = false,
        header = "Judge a run's replies in pairs against the human baseline (blind, both orders, resumable).",
        description = {"For each dialogue, each judge compares each condition's reply with the baseline's (or every"
                + " two conditions' with --pairs all), shown as Response A and Response B without names, once in"
                + " each order, at temperature 0, into the run's pairwise.jsonl; running it again resumes.",
            "A pair counts as a win only when both orders agree; a pair whose verdict flips with the order counts as"
                + " a tie and as position-inconsistent. Then prints, per judge: wins, ties and losses against the"
                + " baseline (Wilson intervals, sign test), Bradley-Terry strengths anchored at the baseline with"
                + " bootstrap intervals over dialogues, and the judge's position bias, and what each judge's verdicts"
                + " cost.",
            "A judge is paid as in 'rate': --prices, --budget (exit " + CostOptions.BUDGET_EXIT + " when reached; run"
                + " again with a larger one to resume) and --dry-run; --cache keeps verdicts as 'run --cache' keeps"
                + " replies."},
        footer = {"", "Examples:",
                "  empathy pairwise --run runs/first --judge openai:gpt-4o",
                "  empathy pairwise --run runs/first --judge openai:gpt-4o --judge anthropic:claude-sonnet-4-6 \\",
                "      --pairs all --max-words 60 --concurrency openai=16",
                "  empathy pairwise --run runs/first --judge 'openai:gpt-4o?maxTokens=200' --budget 5 --dry-run",
                "  empathy pairwise --run runs/try --judge echo:judge     # offline, meaningless verdicts"})
final class PairwiseCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run's folder.")
    private Path run;

    @Option(names = "--judge", required = true, paramLabel = "SPEC", converter = SpecArgument.class,
            description = "A judge's model spec, such as openai:gpt-4o (temperature 0 and seed 42 unless set);"
                    + " repeatable.")
    private List<String> judges;

    @Option(names = "--baseline", defaultValue = PairwiseRun.HUMAN, paramLabel = "CONDITION",
            description = "The condition every other is compared with (default: ${DEFAULT-VALUE}).")
    private String baseline;

    @Option(names = "--pairs", defaultValue = "baseline", paramLabel = "baseline|all",
            description = "baseline: each condition against the baseline; all: also every two other conditions"
                    + " (default: ${DEFAULT-VALUE}).")
    private String pairs;

    @Option(names = "--max-words", defaultValue = "0", paramLabel = "N",
            description = "Cut both replies to their first N words for the judge, against length bias; 0 shows them"
                    + " whole, as the crowd and the absolute judges saw them (default: ${DEFAULT-VALUE}).")
    private int maxWords;

    @Option(names = "--seed", defaultValue = "1",
            description = "The seed of the judging order and of the bootstrap (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "" + AnalysisOptions.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples of the dialogues for the strengths' intervals, 0 for none"
                    + " (default: ${DEFAULT-VALUE}).")
    private int bootstrap;

    @Mixin
    private SchedulingOptions scheduling;

    @Mixin
    private CostOptions cost;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "A folder of cached verdicts shared across runs and processes, DIR/cache.sqlite (default: no"
                    + " cache); see 'empathy cache'.")
    private Path cache;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "The dialogues, when the run folder has no dialogues.jsonl.")
    private Path dataset;

    @Mixin
    private Output output;

    /**
     * The JSON output: what this execution judged, the analyses of every judge's verdicts, notes, and what the
     * verdicts of this command's judges in the journal cost.
     */
    record Result(String journal, int judged, int skipped, int unanswered, int failed, long unparseable,
            int maxWords, List<PairwiseAnalysis> analyses, List<String> notes, List<CostOptions.JudgeCost> costs) {
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    @Override
    public Integer call() {
        scheduling.check(spec.commandLine());
        if (!pairs.equals("baseline") && !pairs.equals("all")) {
            throw new ParameterException(spec.commandLine(), "--pairs must be baseline or all (it was " + pairs + ")");
        }
        if (maxWords < 0) {
            throw new ParameterException(spec.commandLine(), "--max-words must be 0 (no limit) or more (it was "
                    + maxWords + ")");
        }
        if (bootstrap < 0) {
            throw new ParameterException(spec.commandLine(), "--bootstrap must be 0 or more (it was " + bootstrap
                    + ")");
        }
        cost.check(spec.commandLine(), judges);
        if (cost.dryRun()) {
            cost.print(output, spec.commandLine().getOut(), "Pairwise judging", run,
                    builder(cost.providers()).build().estimate(), null);
            return 0;
        }
        PairwiseResult result;
        try (RunDirectory.Lock lock = RunDirectory.open(run).lock()) {
            result = judge();
        }
        RunFolder folder = new RunFolder(run);
        PairwiseInputs.Judged judged = PairwiseInputs.analyse(folder.pairwise(), baseline, bootstrap, seed, null);
        Result summary = new Result(run.resolve(PairwiseJournal.FILE_NAME).toString(), result.judged(),
                result.skipped(), result.unanswered(), result.failures().size(),
                result.failures().stream().filter(PairwiseResult.Failure::unparseable).count(), maxWords,
                judged.analyses(), judged.notes(), costs(result));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, summary);
        } else {
            print(out, summary);
        }
        out.flush();
        return result.complete() ? 0 : 1;
    }

    /** What each of this command's judges' verdicts in the journal cost, by judge. */
    private static List<CostOptions.JudgeCost> costs(PairwiseResult result) {
        Map<String, CostOptions.Spend> spent = new TreeMap<>();
        try (Stream<PairwiseJudgement> verdicts = result.judgements()) {
            verdicts.forEach(v -> spent.merge(v.judge(), CostOptions.Spend.NONE.plus(v.cost()),
                    CostOptions.Spend::plus));
        }
        return spent.entrySet().stream().map(e -> CostOptions.JudgeCost.of(e.getKey(), e.getValue())).toList();
    }

    private PairwiseResult judge() {
        PairwiseRun.Builder builder = builder(ModelProviders.load());
        ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(), System.console() != null,
                System::nanoTime);
        try {
            return builder.progressListener(progress).build().execute();
        } finally {
            progress.finish();
        }
    }

    /** The pairwise judging of the run's replies with the command's judges (from {@code providers}) and options. */
    private PairwiseRun.Builder builder(ModelProviders providers) {
        RunFolder folder = new RunFolder(run);
        List<Dialogue> dialogues = folder.dialogues(dataset).dialogues();
        Map<String, String> specs = Files.isRegularFile(run.resolve(RunDirectory.MANIFEST))
                ? RunDirectory.open(run).manifest().conditions() : Map.of();
        Map<String, String> authors = new LinkedHashMap<>();
        specs.forEach((condition, model) -> authors.put(condition, ModelSpec.family(model)));
        authors.putIfAbsent(PairwiseRun.HUMAN, JudgeDiagnostics.HUMAN); // the human reference's spec is "human"
        RatingRun.Builder limits = RatingRun.builder();
        scheduling.apply(spec.commandLine(), limits);
        PairwiseRun.Builder builder = PairwiseRun.builder().outputDirectory(run).dialogues(dialogues)
                .repliesFrom(run).authors(authors).baseline(baseline).allPairs(pairs.equals("all"))
                .maxWords(maxWords).seed(seed).scheduling(limits).cacheDirectory(cache);
        cost.apply(spec.commandLine(), builder);
        for (String judgeSpec : judges) {
            ChatModelJudge judge = ChatModelJudge.of(providers, judgeSpec);
            builder.judge(judge.name(), judge, ModelSpec.family(judge.name()));
        }
        return builder;
    }

    private void print(PrintWriter out, Result r) {
        output.paragraph(out, String.format(Locale.ROOT, "Judged into %s: %d new verdicts, %d pairs already judged (each judge's counted),"
                + " %d failed (%d unparseable answers); %d pairs not judged (a reply missing, empty or refused).",
                r.journal(), r.judged(), r.skipped(), r.failed(), r.unparseable(), r.unanswered()));
        if (r.maxWords() > 0) {
            output.paragraph(out, "Length control: the judges saw each reply cut to its first " + r.maxWords()
                    + " words.");
        }
        if (r.failed() > 0) {
            output.paragraph(out, "See " + run.resolve(PairwiseRun.FAILURES_FILE) + " and run again to retry them.");
        }
        r.notes().forEach(n -> output.paragraph(out, "Note: " + n));
        List<Table> tables = new ArrayList<>();
        r.analyses().forEach(a -> tables.addAll(PairwiseTables.all(a)));
        if (!r.costs().isEmpty()) {
            tables.add(CostOptions.judgeCosts("Cost of the judges' verdicts", r.costs()));
        }
        output.tables(out, tables);
    }
}
