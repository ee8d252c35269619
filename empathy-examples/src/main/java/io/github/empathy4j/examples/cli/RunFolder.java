package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.Datasets;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.PairwiseJournal;
import io.github.empathy4j.core.run.PairwiseJudgement;
import io.github.empathy4j.core.run.ReplyJournal;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.report.Report;
import io.github.empathy4j.report.RunDescription;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.JudgeDiagnostics;
import io.github.empathy4j.stats.PairwiseSelfPreference;
import io.github.empathy4j.stats.RaterChoiceException;
import io.github.empathy4j.stats.StudyAnalysis;
import io.github.empathy4j.stats.UnansweredReply;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A run's folder as the CLI reads it: {@link RunDirectory}'s files with the CLI's advice when one is missing, the
 * analysis of its ratings and its report ({@code report/}).
 *
 * @param directory the run's folder
 */
record RunFolder(Path directory) {

    /** The report's folder. */
    static final String REPORT = RunDirectory.REPORT;

    /** What a judge's pairwise verdicts' cost is named after, behind the judge's spec. */
    static final String PAIRWISE_COST = " (pairwise)";

    /** Whether the folder holds ratings. */
    boolean hasRatings() {
        return Files.isDirectory(directory) && RunDirectory.open(directory).hasRatings();
    }

    /**
     * The analysis of the folder's ratings by one rater source, the emotions taken from its dialogues, with the
     * run's empty replies and refusals; {@code extra} ratings (the release's crowd) are conditions of their own
     * source.
     *
     * @param rater the rater source, or {@code null} for the default choice
     * @throws ConfigurationException when the folder, its dialogues or its ratings are missing
     * @throws RaterChoiceException when the ratings' sources need a choice
     */
    StudyAnalysis analysis(List<Rating> extra, AnalysisSettings settings, String rater) {
        return analysis(extra, settings, rater, null);
    }

    /**
     * The analysis as {@link #analysis(List, AnalysisSettings, String)}, of the run's ratings and unanswered replies
     * of the given dialogues only ({@code null} for all).
     */
    StudyAnalysis analysis(List<Rating> extra, AnalysisSettings settings, String rater, Set<String> dialogues) {
        List<Rating> ratings = ratings().stream().filter(r -> dialogues == null || dialogues.contains(r.dialogueId()))
                .toList();
        List<String> order = conditionOrder();
        List<Rating> all = Stream.concat(ratings.stream().sorted(Comparator.comparingInt(r -> {
            int i = order.indexOf(r.condition());
            return i < 0 ? order.size() : i;
        })), extra.stream()).toList();
        Map<String, Emotion> emotions = emotions();
        AnalysisOptions options = settings.options(ratings, directory.resolve(RunDirectory.RATINGS).toString());
        options = rater == null ? options : options.withRater(rater);
        for (String condition : extra.stream().map(Rating::condition).collect(Collectors.toCollection(
                LinkedHashSet::new))) {
            options = options.withConditionRater(condition, RaterSource.CROWD);
        }
        List<UnansweredReply> unanswered = unanswered().stream()
                .filter(u -> dialogues == null || dialogues.contains(u.dialogueId())).toList();
        return StudyAnalysis.of(all, unanswered, emotions::get, options);
    }

    /**
     * The run's conditions in {@code run.json}'s order (the order of {@code --model}), which the analysis keeps;
     * empty when the folder has no {@code run.json}, and then the ratings' order is kept.
     */
    List<String> conditionOrder() {
        return Files.isRegularFile(directory.resolve(RunDirectory.MANIFEST))
                ? List.copyOf(RunDirectory.open(directory).manifest().conditions().keySet()) : List.of();
    }

    /** Each dialogue's emotion, by id. */
    Map<String, Emotion> emotions() {
        return dialogues().dialogues().stream().collect(Collectors.toMap(Dialogue::id, Dialogue::emotion));
    }

    /** The run's dialogues, from its {@code dialogues.jsonl}. */
    DialogueSet dialogues() {
        return dialogues(null);
    }

    /** The run's dialogues: from {@code dataset} when not {@code null}, else from the run's {@code dialogues.jsonl}. */
    DialogueSet dialogues(Path dataset) {
        if (dataset != null) {
            return Datasets.read(dataset, ErrorPolicy.STRICT).value();
        }
        RunDirectory folder = RunDirectory.open(directory);
        if (!Files.isRegularFile(folder.file(RunDirectory.DIALOGUES))) {
            throw new ConfigurationException(directory + " has no " + RunDirectory.DIALOGUES + ", which 'empathy run'"
                    + " writes; run it again in this folder (it resumes), or name the run's dataset with --dataset");
        }
        return folder.dialogues();
    }

    /** The run's empty replies and refusals; none when the folder has no {@code responses.jsonl}. */
    List<UnansweredReply> unanswered() {
        return Files.isRegularFile(directory.resolve(RunDirectory.RESPONSES)) ? UnansweredReply.of(replies())
                : List.of();
    }

    /** The run's replies, from its {@code responses.jsonl}. */
    List<Reply> replies() {
        return RunDirectory.open(directory).replies();
    }

    /** The run's pairwise verdicts, from its {@code pairwise.jsonl}; empty when it has none. */
    List<PairwiseJudgement> pairwise() {
        Path file = directory.resolve(RunDirectory.PAIRWISE);
        return Files.isRegularFile(file) ? PairwiseJournal.read(file) : List.of();
    }

    /** The run's ratings. */
    List<Rating> ratings() {
        RunDirectory folder = RunDirectory.open(directory);
        if (!folder.hasRatings()) {
            throw new ConfigurationException(directory + " has no ratings yet (" + RunDirectory.RATINGS + "); rate"
                    + " the replies first, with an LLM judge ('empathy rate') or crowd batches ('empathy batches')");
        }
        return folder.ratings();
    }

    /**
     * Writes the report of an analysis into {@code report/}, with what was rated from {@code run.json} when the
     * folder has one; returns the files written.
     */
    List<Path> writeReport(StudyAnalysis analysis) {
        return writeReport(analysis, List.of());
    }

    /** Writes the report of an analysis, with warnings at its top, into {@code report/}; returns the files written. */
    List<Path> writeReport(StudyAnalysis analysis, List<String> warnings) {
        PairwiseInputs.Judged pairwise = PairwiseInputs.analyse(pairwise(), analysis.baseline(),
                analysis.bootstrapResamples(), analysis.seed(), null);
        List<String> notes = Stream.concat(warnings.stream(), pairwise.notes().stream()).toList();
        return Report.write(analysis, "Empathy report: " + directory.toAbsolutePath().normalize().getFileName(),
                description(), notes, judgeDiagnostics(analysis), pairwise.analyses(),
                pairwiseSelfPreference(analysis, pairwise), directory.resolve(REPORT));
    }

    /**
     * The diagnostics of the run's judges against its crowd ratings of the same replies, with the analysis' baseline,
     * bootstrap and seed; empty when the run has no replies file, no crowd rating or no judge.
     */
    List<JudgeDiagnostics> judgeDiagnostics(StudyAnalysis analysis) {
        if (!Files.isRegularFile(directory.resolve(RunDirectory.RESPONSES))) {
            return List.of();
        }
        RatingScale.Dimension dimension = RatingScale.builtIn(analysis.scale()).dimension(analysis.dimension());
        List<Rating> ratings = ratings().stream().filter(r -> r.scale().equals(analysis.scale())).toList();
        Map<String, String> specs = conditionOrder().isEmpty() ? Map.of()
                : RunDirectory.open(directory).manifest().conditions();
        return JudgeInputs.diagnostics(ratings, List.of(), replies(), dimension, List.of(),
                c -> c.equals(analysis.baseline()) ? JudgeDiagnostics.HUMAN
                        : ModelSpec.family(specs.getOrDefault(c, c)), ModelSpec::family, analysis.baseline(),
                analysis.bootstrapResamples(), analysis.seed());
    }

    /**
     * The self-preference of the run's pairwise judges against its crowd ratings of the same replies, with the
     * analysis' scale, baseline, bootstrap and seed (not available, with the reason, without crowd ratings); empty
     * without pairwise verdicts.
     */
    private List<PairwiseSelfPreference> pairwiseSelfPreference(StudyAnalysis analysis,
            PairwiseInputs.Judged pairwise) {
        if (pairwise.analyses().isEmpty()) {
            return List.of();
        }
        RatingScale.Dimension dimension = RatingScale.builtIn(analysis.scale()).dimension(analysis.dimension());
        List<Rating> crowd = !hasRatings() ? List.of() : JudgeInputs.crowd(ratings().stream()
                .filter(r -> r.scale().equals(analysis.scale())).toList(), List.of(), dimension);
        Map<String, String> specs = conditionOrder().isEmpty() ? Map.of()
                : RunDirectory.open(directory).manifest().conditions();
        return pairwise.selfPreference(crowd, dimension, Map.of(), name -> name.equals(analysis.baseline())
                ? JudgeDiagnostics.HUMAN : ModelSpec.family(specs.getOrDefault(name, name)),
                analysis.bootstrapResamples(), analysis.seed());
    }

    /** The dataset, its hash, the sample and the models, from {@code run.json}; {@code null} without one. */
    RunDescription description() {
        if (!Files.isRegularFile(directory.resolve(RunDirectory.MANIFEST))) {
            return null;
        }
        RunDirectory.Manifest run = RunDirectory.open(directory).manifest();
        return new RunDescription(run.datasetDescription(), run.dialogues(), run.dialoguesSha256(), run.sampleSize(),
                run.sampleSeed(), run.conditions(), costs(run.conditions().keySet()));
    }

    /**
     * What each condition's replies, each judge's ratings and each judge's pairwise verdicts (under the judge's spec
     * and {@value #PAIRWISE_COST}) cost, from the journals' {@code costUsd}: conditions in the run's order (then any
     * other in the journal's), judges by name, so the order never depends on which call ended first.
     */
    private List<RunDescription.Cost> costs(Collection<String> conditions) {
        Map<String, CostOptions.Spend> answers = new LinkedHashMap<>();
        if (Files.isRegularFile(directory.resolve(ReplyJournal.FILE_NAME))) {
            Map<String, CostOptions.Spend> journaled = new LinkedHashMap<>();
            replies().forEach(r -> journaled.merge(r.condition(), CostOptions.Spend.NONE.plus(r.cost()),
                    CostOptions.Spend::plus));
            conditions.stream().filter(journaled::containsKey).forEach(c -> answers.put(c, journaled.get(c)));
            journaled.forEach(answers::putIfAbsent);
        }
        Map<String, CostOptions.Spend> judges = new TreeMap<>();
        if (hasRatings()) {
            ratings().stream().filter(r -> r.kind() == RaterSource.Kind.JUDGE).forEach(r -> judges.merge(r.rater(),
                    CostOptions.Spend.NONE.plus(r.cost()), CostOptions.Spend::plus));
        }
        pairwise().forEach(v -> judges.merge(v.judge() + PAIRWISE_COST, CostOptions.Spend.NONE.plus(v.cost()),
                CostOptions.Spend::plus));
        List<RunDescription.Cost> costs = new ArrayList<>();
        answers.forEach((c, s) -> costs.add(new RunDescription.Cost(c, false, s.known().toPlainString(),
                s.unpriced())));
        judges.forEach((j, s) -> costs.add(new RunDescription.Cost(j, true, s.known().toPlainString(),
                s.unpriced())));
        return costs;
    }
}
