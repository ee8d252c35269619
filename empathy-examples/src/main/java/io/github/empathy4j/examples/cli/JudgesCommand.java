package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.report.JudgeTables;
import io.github.empathy4j.report.Table;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.JudgeDiagnostics;
import io.github.empathy4j.stats.LengthPreference;
import io.github.empathy4j.stats.PairwiseAnalysis;
import io.github.empathy4j.stats.PairwiseSelfPreference;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** {@code empathy judges}: several LLM judges of the same replies against the crowd and each other. */
@Command(name = "judges", sortOptions = false,
        header = "Compare the LLM judges of a run's replies with the crowd: agreement, length and self-preference.",
        description = {"For every judge that rated the run's replies (or each --judge), on the replies the crowd"
                + " also rated: agreement with the crowd (Krippendorff's alpha, quadratic kappa) beside the"
                + " human-human ceiling (where replies have two or more crowd ratings), association of rating with"
                + " reply length against the crowd's, the comparison with the baseline with and without length, and"
                + " self-preference (its own model family's replies, and LLM replies against human ones, against the"
                + " crowd's ratings of the same replies); every interval from a bootstrap over dialogues. Judges with"
                + " pairwise verdicts ('empathy pairwise') also show their position and length bias and their"
                + " self-preference against the crowd's on the same pairs.",
                "Crowd ratings are the run's own (imported crowd batches) and, with --release, the release's ratings"
                        + " of replies whose text is the same as the run's. A model's family comes from its spec"
                        + " (gpt-4o: openai, claude: anthropic, gemini: google, llama: meta, ...); --family overrides."},
        footer = {"", "Examples:", "  empathy judges runs/judged --release dataset_and_ratings.csv",
                "  empathy judges runs/judged --judge openai:gpt-4o --judge anthropic:claude-sonnet-4 --format json"})
final class JudgesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder.")
    private Path run;

    @Option(names = "--judge", paramLabel = "SOURCE", description = "A judge to show (repeatable; default: every"
            + " judge and panel that rated the run).")
    private List<String> judges = List.of();

    @Option(names = "--release", paramLabel = "FILE",
            description = "Add the release's crowd ratings of the replies the run shares with it (same text).")
    private Path release;

    @Option(names = "--family", paramLabel = "NAME=FAMILY",
            description = "The model family of a judge or a condition, where its spec does not say (repeatable).")
    private Map<String, String> families = new HashMap<>();

    @Option(names = "--baseline", paramLabel = "CONDITION", defaultValue = "human",
            description = "The human condition, the baseline of the comparisons (default: ${DEFAULT-VALUE}).")
    private String baseline;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "" + AnalysisOptions.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples of the intervals (default: ${DEFAULT-VALUE}).")
    private int bootstrap;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + AnalysisOptions.DEFAULT_SEED,
            description = "The bootstrap's seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    /**
     * The JSON output.
     *
     * @param judges each judge against the crowd
     * @param pairwise each judge's pairwise verdicts (position bias among them); empty without pairwise.jsonl
     * @param pairwiseLength each pairwise judge's length preference, by judge
     * @param pairwiseSelfPreference each pairwise judge's preference for its family and for LLMs against the crowd's
     */
    record Result(List<JudgeDiagnostics> judges, List<PairwiseAnalysis> pairwise,
            Map<String, LengthPreference> pairwiseLength, List<PairwiseSelfPreference> pairwiseSelfPreference) {
    }

    @Override
    public Integer call() {
        if (bootstrap < 0) {
            throw new ParameterException(spec.commandLine(), "--bootstrap " + bootstrap + " must be 0 or more");
        }
        RunFolder folder = new RunFolder(run);
        List<Rating> ratings = folder.ratings();
        List<Reply> replies = folder.replies();
        Set<String> scales = ratings.stream().map(Rating::scale).collect(Collectors.toCollection(TreeSet::new));
        if (scales.size() != 1) {
            throw new ConfigurationException(run + " has ratings on the scales " + scales + "; the judge diagnostics"
                    + " compare ratings on one scale");
        }
        RatingScale.Dimension dimension = RatingScale.builtIn(scales.iterator().next()).dimensions().get(0);
        List<Rating> extra = List.of();
        if (release != null) {
            if (!dimension.id().equals(RatingScale.STUDY.single().id())
                    || !scales.contains(RatingScale.STUDY.id())) {
                throw new ConfigurationException("--release adds the study's Bad/Okay/Good crowd ratings, but " + run
                        + " is rated on scale " + scales.iterator().next());
            }
            extra = releaseRatings(replies);
        }
        Set<String> sources = JudgeInputs.judgeRatings(ratings.stream()
                .filter(r -> r.dimension().equals(dimension.id())).toList()).keySet();
        if (sources.isEmpty()) {
            throw new ConfigurationException(run + " has no LLM judge's ratings; rate it with 'empathy rate'");
        }
        for (String judge : judges) {
            if (!sources.contains(judge)) {
                throw new ParameterException(spec.commandLine(), "--judge '" + judge + "' has no rating in " + run
                        + "; the judges are: " + String.join(", ", sources));
            }
        }
        Map<String, String> specs = folder.conditionOrder().isEmpty() ? Map.of()
                : RunDirectory.open(run).manifest().conditions();
        UnaryOperator<String> family = name -> name.equals(baseline) ? JudgeDiagnostics.HUMAN
                : ModelSpec.family(specs.getOrDefault(name, name));
        List<JudgeDiagnostics> diagnostics = JudgeInputs.diagnostics(ratings, extra, replies, dimension, judges,
                condition -> condition.equals(baseline) ? JudgeDiagnostics.HUMAN
                        : families.getOrDefault(condition, family.apply(condition)),
                judge -> families.getOrDefault(judge, ModelSpec.family(judge)), baseline, bootstrap, seed);
        if (diagnostics.isEmpty()) {
            throw new ConfigurationException(run + " has no crowd ratings of its replies; import crowd batches"
                    + " ('empathy batches import') or add the release's with --release");
        }
        PairwiseInputs.Judged pairwise = PairwiseInputs.analyse(folder.pairwise(), baseline, bootstrap, seed, null);
        List<PairwiseAnalysis> pairwiseJudges = pairwise.analyses().stream()
                .filter(a -> judges.isEmpty() || judges.contains(a.judge())).toList();
        List<PairwiseSelfPreference> pairwiseSelf = pairwise.selfPreference(JudgeInputs.crowd(ratings, extra,
                dimension), dimension, families, family, bootstrap, seed).stream()
                .filter(p -> judges.isEmpty() || judges.contains(p.judge())).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, LengthPreference> lengths = new LinkedHashMap<>();
            pairwiseJudges.forEach(a -> lengths.put(a.judge(), pairwise.lengths().get(a.judge())));
            Output.json(out, new Result(diagnostics, pairwiseJudges, lengths, pairwiseSelf));
        } else {
            output.heading(out, "Judges of " + run);
            List<Table> tables = new ArrayList<>(List.of(JudgeTables.agreement(diagnostics),
                    JudgeTables.lengthAdjusted(diagnostics)));
            if (!pairwiseJudges.isEmpty()) {
                tables.add(JudgeTables.positionBias(pairwiseJudges, pairwise.lengths()));
                tables.add(JudgeTables.pairwiseSelfPreference(pairwiseSelf));
            }
            output.tables(out, tables);
            pairwise.notes().forEach(n -> output.paragraph(out, "Note: " + n));
        }
        out.flush();
        return 0;
    }

    /**
     * The release's crowd ratings of the run's replies: each release reply whose text is that of a run reply to the
     * same dialogue, under the run reply's condition.
     */
    private List<Rating> releaseRatings(List<Reply> replies) {
        Map<String, String> conditionByText = new HashMap<>();
        Set<String> ambiguous = new LinkedHashSet<>();
        for (Reply r : replies) {
            String key = r.dialogueId() + '\u0000' + r.text().strip();
            if (conditionByText.putIfAbsent(key, r.condition()) != null) {
                ambiguous.add(key);
            }
        }
        ReleaseDataset data = ReleaseDataset.read(release);
        List<Rating> ratings = new ArrayList<>();
        for (ReleaseDataset.Row row : data.rows()) {
            for (ReleaseDataset.Response response : row.responses()) {
                String key = row.dialogue().id() + '\u0000' + response.text().strip();
                String condition = conditionByText.get(key);
                if (condition != null && !ambiguous.contains(key)) {
                    ratings.add(new Rating(condition, row.dialogue().id(), response.annotator(), RatingScale.STUDY.id(),
                            RatingScale.STUDY.single().id(), response.rating(), null, Integer.toString(row.batch())));
                }
            }
        }
        if (ratings.isEmpty()) {
            throw new ConfigurationException("no reply of " + run + " is in the release " + release + " (same dialogue"
                    + " and text); --release adds crowd ratings only for the release's own replies");
        }
        return ratings;
    }
}
