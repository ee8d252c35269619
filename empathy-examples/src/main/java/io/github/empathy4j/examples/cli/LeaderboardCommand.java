package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.report.Leaderboard;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.PairwiseAnalysis;
import io.github.empathy4j.stats.RaterChoiceException;
import io.github.empathy4j.stats.StudyAnalysis;
import io.github.empathy4j.stats.UnansweredReply;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** {@code empathy leaderboard}: every condition of several runs against its run's baseline, ranked. */
@Command(name = "leaderboard", sortOptions = false,
        header = "Rank the conditions of several runs against their human baseline.",
        description = {"Ranks every condition of every run by its share of Good (Wilson interval), with its paired"
                + " significance against its run's baseline (McNemar on the dialogues rated under both, and the"
                + " rater-aware clustered logistic regression) and who rated it. Runs that rated different dialogues"
                + " are compared on the dialogues they share (--all-dialogues: each on its own, flagged). A run judged"
                + " pairwise ('empathy pairwise') adds its Bradley-Terry strengths against the baseline.",
                "A condition found in several runs (a new prompt or model version) is compared with its first run,"
                        + " paired by dialogue; with --margin, with the equivalence and non-inferiority tests, and"
                        + " --require-non-inferior turns them into an exit code for CI."},
        footer = {"", "Examples:", "  empathy leaderboard runs/first runs/second --out leaderboard",
                "  empathy leaderboard runs/v1 runs/v2 --margin 0.05 --require-non-inferior"})
final class LeaderboardCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Mixin
    private AnalysisSettings settings;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "RUN", description = "The run folders.")
    private List<Path> runs;

    @Option(names = "--all-dialogues", description = "Compare each run on all its dialogues, even when the runs rated"
            + " different ones (flagged), instead of on the dialogues all runs rated.")
    private boolean allDialogues;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write leaderboard.md, leaderboard.html (with its chart), leaderboard.json and"
                    + " leaderboard.png into this folder.")
    private Path out;

    @Option(names = "--require-non-inferior",
            description = "With --margin: exit " + CompareCommand.NOT_NON_INFERIOR + " unless every condition found in"
                    + " several runs is shown non-inferior in each later run to its first run, for a CI check.")
    private boolean requireNonInferior;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (requireNonInferior && settings.margin == null) {
            throw new ParameterException(spec.commandLine(), "--require-non-inferior needs --margin M");
        }
        if (settings.raters.size() > 1) {
            throw new ParameterException(spec.commandLine(), "a leaderboard is of one rater source; give --rater once");
        }
        String rater = settings.raters.isEmpty() ? null : settings.raters.get(0);
        List<RunFolder> folders = runs.stream().map(RunFolder::new).toList();
        List<String> names = names();
        List<Set<String>> rated = folders.stream().map(f -> f.ratings().stream().map(Rating::dialogueId)
                .collect(Collectors.toCollection(LinkedHashSet::new))).collect(Collectors.toList());
        Set<String> shared = new LinkedHashSet<>(rated.get(0));
        rated.forEach(shared::retainAll);
        List<String> notes = new ArrayList<>();
        boolean same = rated.stream().allMatch(r -> r.equals(rated.get(0)));
        if (!same) {
            String sizes = IntStream.range(0, names.size())
                    .mapToObj(i -> names.get(i) + " " + rated.get(i).size()).collect(Collectors.joining(", "));
            if (allDialogues) {
                notes.add("The runs rated different dialogues (" + sizes + "; " + shared.size() + " shared): each"
                        + " run is analysed on its own dialogues, so shares are not directly comparable across runs.");
            } else if (shared.isEmpty()) {
                throw new ConfigurationException("the runs share no rated dialogue (" + sizes + "); compare them each"
                        + " on its own dialogues with --all-dialogues");
            } else {
                notes.add("The runs rated different dialogues (" + sizes + "): every run is compared on the "
                        + shared.size() + " dialogues all of them rated.");
            }
        }
        Set<String> restriction = same || allDialogues ? null : shared;
        List<Leaderboard.Run> boardRuns = new ArrayList<>();
        for (int i = 0; i < folders.size(); i++) {
            StudyAnalysis analysis = analysis(folders.get(i), rater, restriction);
            boardRuns.add(new Leaderboard.Run(names.get(i), analysis, pairwise(folders.get(i), names.get(i),
                    analysis, rater, restriction, notes)));
        }
        List<Leaderboard.Version> versions = versions(folders, names, boardRuns, rater);
        Leaderboard board = Leaderboard.of(boardRuns, versions, notes);
        if (out != null) {
            board.write(out, "Empathy leaderboard");
        }
        if (output.json()) {
            Output.json(console, board);
        } else {
            output.heading(console, "Leaderboard of " + String.join(", ", names));
            notes.forEach(n -> output.paragraph(console, "Note: " + n));
            output.tables(console, board.tables());
        }
        console.flush();
        return requireNonInferior ? nonInferiority(spec.commandLine().getErr(), versions) : 0;
    }

    /**
     * The analysis of a run's pairwise verdicts for the strength column: the judge given as {@code --rater} when it
     * judged pairs, else the first judge of {@code pairwise.jsonl} (named in a note when there are several); empty
     * without verdicts. Notes say what was left out.
     */
    private static Optional<PairwiseAnalysis> pairwise(RunFolder folder, String name, StudyAnalysis analysis,
            String rater, Set<String> dialogues, List<String> notes) {
        PairwiseInputs.Judged judged = PairwiseInputs.analyse(folder.pairwise(), analysis.baseline(),
                analysis.bootstrapResamples(), analysis.seed(), dialogues);
        judged.notes().forEach(n -> notes.add(name + ": " + n));
        Optional<PairwiseAnalysis> chosen = judged.analyses().stream().filter(a -> a.judge().equals(rater))
                .findFirst().or(() -> judged.analyses().stream().findFirst());
        if (judged.analyses().size() > 1) {
            notes.add(name + ": the pairwise strengths are judge " + chosen.orElseThrow().judge() + "'s, of "
                    + judged.analyses().size() + " judges with pairwise verdicts (see 'empathy judges' and the run's"
                    + " report for the others).");
        }
        return chosen;
    }

    /** The runs' names: their folders' names, or the paths as given when two folders have the same name. */
    private List<String> names() {
        List<String> names = runs.stream().map(p -> p.toAbsolutePath().normalize().getFileName().toString()).toList();
        return Set.copyOf(names).size() == names.size() ? names : runs.stream().map(Path::toString).toList();
    }

    private StudyAnalysis analysis(RunFolder folder, String rater, Set<String> dialogues) {
        try {
            return folder.analysis(List.of(), settings, rater, dialogues);
        } catch (RaterChoiceException e) {
            throw AnalysisSettings.choose(spec.commandLine(), e);
        }
    }

    /**
     * Every non-baseline condition found in several runs, in each later run against its first run, paired on the
     * dialogues both rated.
     */
    private List<Leaderboard.Version> versions(List<RunFolder> folders, List<String> names,
            List<Leaderboard.Run> boardRuns, String rater) {
        List<Leaderboard.Version> versions = new ArrayList<>();
        Map<String, Integer> first = new HashMap<>();
        for (int j = 0; j < folders.size(); j++) {
            StudyAnalysis a = boardRuns.get(j).analysis();
            for (String condition : a.conditions()) {
                if (condition.equals(a.baseline())) {
                    continue;
                }
                Integer i = first.putIfAbsent(condition, j);
                if (i != null) {
                    versions.add(version(condition, folders.get(i), names.get(i), folders.get(j), names.get(j), rater));
                }
            }
        }
        return versions;
    }

    private Leaderboard.Version version(String condition, RunFolder oldFolder, String oldName, RunFolder newFolder,
            String newName, String rater) {
        String oldCondition = oldName + ": " + condition;
        String newCondition = newName + ": " + condition;
        List<Rating> oldRatings = renamed(oldFolder.ratings(), condition, oldCondition);
        List<Rating> newRatings = renamed(newFolder.ratings(), condition, newCondition);
        Set<String> both = oldRatings.stream().map(Rating::dialogueId).collect(Collectors.toSet());
        both.retainAll(newRatings.stream().map(Rating::dialogueId).collect(Collectors.toSet()));
        List<Rating> ratings = Stream.concat(oldRatings.stream(), newRatings.stream())
                .filter(r -> both.contains(r.dialogueId())).toList();
        List<UnansweredReply> unanswered = Stream.concat(
                unanswered(oldFolder, condition, oldCondition), unanswered(newFolder, condition, newCondition))
                .filter(u -> both.contains(u.dialogueId())).toList();
        Map<String, Emotion> emotions = new HashMap<>(oldFolder.emotions());
        emotions.putAll(newFolder.emotions());
        AnalysisOptions options = settings.options(ratings, oldName + " and " + newName).withBaseline(oldCondition)
                .withBootstrap(0, settings.seed).withMixedModel(false);
        options = rater == null ? options : options.withRater(rater);
        StudyAnalysis pair;
        try {
            pair = StudyAnalysis.of(ratings, unanswered, emotions::get, options);
        } catch (RaterChoiceException e) {
            throw AnalysisSettings.choose(spec.commandLine(), e);
        }
        return Leaderboard.Version.of(condition, oldName, newName, pair.overall().comparison(newCondition),
                settings.margin, 1 - pair.confidenceLevel());
    }

    private static List<Rating> renamed(List<Rating> ratings, String condition, String name) {
        return ratings.stream().filter(r -> r.condition().equals(condition))
                .map(r -> new Rating(name, r.dialogueId(), r.rater(), r.scale(), r.dimension(), r.value(),
                        r.rationale(), r.batch(), r.kind())).toList();
    }

    private static Stream<UnansweredReply> unanswered(RunFolder folder, String condition, String name) {
        return folder.unanswered().stream().filter(u -> u.condition().equals(condition))
                .map(u -> new UnansweredReply(name, u.dialogueId(), u.outcome()));
    }

    /** 0 when every version is shown non-inferior, else the exit code, with one line per version that is not. */
    private int nonInferiority(PrintWriter err, List<Leaderboard.Version> versions) {
        if (versions.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--require-non-inferior needs a condition found in two"
                    + " or more of the runs");
        }
        int code = 0;
        for (Leaderboard.Version v : versions) {
            if (!v.equivalence().nonInferior()) {
                code = CompareCommand.NOT_NON_INFERIOR;
                err.println(String.format(Locale.ROOT, "empathy: %s in %s is not shown non-inferior to %s with margin"
                        + " %s: difference %+.4f, one-sided p = %.4g (alpha %.3f), paired on %d dialogues",
                        v.condition(), v.newRun(), v.oldRun(), v.equivalence().margin(), v.difference(),
                        v.equivalence().nonInferiorityP(), v.equivalence().alpha(), v.pairs()));
            }
        }
        err.flush();
        return code;
    }
}
