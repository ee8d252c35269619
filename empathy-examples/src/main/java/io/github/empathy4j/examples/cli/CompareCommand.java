package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Valence;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.report.StudyTables;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.Comparison;
import io.github.empathy4j.stats.ConditionSummary;
import io.github.empathy4j.stats.Counts;
import io.github.empathy4j.stats.Equivalence;
import io.github.empathy4j.stats.Group;
import io.github.empathy4j.stats.GroupAnalysis;
import io.github.empathy4j.stats.PublishedResults;
import io.github.empathy4j.stats.RaterChoiceException;
import io.github.empathy4j.stats.RaterSummary;
import io.github.empathy4j.stats.StudyAnalysis;
import io.github.empathy4j.stats.StudyCounts;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code empathy compare}: the statistics of a run's ratings against a baseline condition. */
@Command(name = "compare", sortOptions = false,
        header = "Statistics of a run's ratings against a baseline condition.",
        description = {"Compares every condition of a run with a baseline, from the run's ratings (ratings.jsonl):"
                + " overall, by valence and by emotion (Holm-corrected), with the tests across conditions and on"
                + " every level. The ratings are of one rater source (--rater; repeat it to show several sources"
                + " one after another), one per reply; empty replies and refusals count as --unanswered says. A group"
                + " where a condition has no rating is shown untestable, with a warning.",
                "--release adds the study's crowd ratings of the same dialogues as conditions release:human,"
                        + " release:gpt-4 and release:gpt-4-plain; --published adds the paper's counts as"
                        + " published:human, published:gpt-4, ... (then the comparison uses counts only: overall and"
                        + " by valence, no rank tests)."},
        footer = {"", "Examples:", "  empathy compare runs/first",
                "  empathy compare runs/first --baseline human --published --format markdown",
                "  empathy compare runs/judged --rater openai:gpt-4o --rater panel-majority",
                "  empathy compare runs/first --release \\",
                "      ../shared/data/welivita-pu-2024/dataset_and_ratings.csv"})
final class CompareCommand implements Callable<Integer> {

    private static final String RELEASE_PREFIX = "release:";
    private static final String PUBLISHED_PREFIX = "published:";

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Mixin
    private AnalysisSettings settings;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder.")
    private Path run;

    @Option(names = "--release", paramLabel = "FILE",
            description = "Add the release's crowd ratings of the run's dialogues (dataset_and_ratings.csv).")
    private Path release;

    @Option(names = "--published", description = "Add the paper's published counts (count-based comparison).")
    private boolean published;

    @Option(names = "--require-non-inferior",
            description = "With --margin: exit " + NOT_NON_INFERIOR + " unless every condition is shown non-inferior to"
                    + " the baseline overall (no more than the margin below it), for a CI check.")
    private boolean requireNonInferior;

    /** The exit code when {@code --require-non-inferior} finds a condition not shown non-inferior. */
    static final int NOT_NON_INFERIOR = 3;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (requireNonInferior && settings.margin == null) {
            throw new ParameterException(spec.commandLine(), "--require-non-inferior needs --margin M");
        }
        RunFolder folder = new RunFolder(run);
        List<Rating> extra = release == null ? List.of() : releaseRatings(folder.emotions().keySet());
        if (published) {
            settings.bootstrap = 0;
        }
        List<StudyAnalysis> analyses = new ArrayList<>();
        for (String rater : settings.chosenRaters()) {
            StudyAnalysis analysis;
            try {
                analysis = folder.analysis(extra, settings, rater);
            } catch (RaterChoiceException e) {
                throw AnalysisSettings.choose(spec.commandLine(), e);
            }
            analyses.add(published ? withPublished(analysis) : analysis);
        }
        analyses.forEach(a -> warnUntestable(spec.commandLine().getErr(), a));
        if (output.json()) {
            Output.json(out, analyses.size() == 1 ? analyses.get(0) : analyses);
        } else {
            for (StudyAnalysis analysis : analyses) {
                output.heading(out, "Comparison against " + analysis.baseline() + ": " + run + ", rated by "
                        + analysis.raters().stream().map(r -> r.source()).collect(Collectors.joining(" and ")));
                output.tables(out, StudyTables.all(analysis));
            }
        }
        return requireNonInferior ? nonInferiority(spec.commandLine().getErr(), analyses) : 0;
    }

    /**
     * 0 when every condition of every analysis is shown non-inferior to the baseline overall, else
     * {@link #NOT_NON_INFERIOR}, with one line on standard error per condition that is not.
     */
    private static int nonInferiority(PrintWriter err, List<StudyAnalysis> analyses) {
        int code = 0;
        for (StudyAnalysis analysis : analyses) {
            for (Comparison c : analysis.overall().comparisons()) {
                Equivalence e = c.equivalence();
                if (!e.nonInferior()) {
                    code = NOT_NON_INFERIOR;
                    err.println(String.format(Locale.ROOT, "empathy: %s is not shown non-inferior to %s with margin"
                            + " %s: difference %+.4f, one-sided p = %.4g (alpha %.3f), %d%% CI [%+.4f, %+.4f]",
                            c.condition(), c.baseline(), e.margin(), e.difference(), e.nonInferiorityP(), e.alpha(),
                            Math.round((1 - 2 * e.alpha()) * 100), e.interval().lower(), e.interval().upper()));
                }
            }
        }
        err.flush();
        return code;
    }

    /** One warning line per untestable group, such as {@code group 'afraid': condition 'gpt-4' has no ratings}. */
    static void warnUntestable(PrintWriter err, StudyAnalysis analysis) {
        for (GroupAnalysis g : analysis.untestableGroups()) {
            err.println("empathy: warning: group '" + g.group().label() + "': " + g.untestable().orElseThrow()
                    + "; shown untestable, with its counts");
        }
        err.flush();
    }

    /** The release's ratings of the run's dialogues, under prefixed condition names. */
    private List<Rating> releaseRatings(Set<String> dialogueIds) {
        List<Rating> ratings = ReleaseDataset.read(release).ratings().stream()
                .filter(r -> dialogueIds.contains(r.dialogueId()))
                .map(r -> new Rating(RELEASE_PREFIX + r.condition(), r.dialogueId(), r.rater(), r.scale(),
                        r.dimension(), r.value(), r.rationale(), r.batch()))
                .toList();
        if (ratings.isEmpty()) {
            throw new ConfigurationException("no dialogue of the run " + run + " is in the release " + release
                    + "; --release needs a run over the release's dialogues");
        }
        return ratings;
    }

    /** The analysis from counts: the run's counts overall and by valence, and the paper's. */
    private StudyAnalysis withPublished(StudyAnalysis fromRatings) {
        if (!fromRatings.scale().equals(RatingScale.STUDY.id())) {
            throw new ConfigurationException("--published compares with the study's Bad/Okay/Good ratings, but the"
                    + " ratings are on scale '" + fromRatings.scale() + "'");
        }
        StudyCounts paper = PublishedResults.counts();
        Map<String, Counts> overall = counts(fromRatings.overall());
        paper.overall().forEach((condition, counts) -> overall.put(PUBLISHED_PREFIX + condition, counts));
        Map<Valence, Map<String, Counts>> valences = new LinkedHashMap<>();
        for (GroupAnalysis g : fromRatings.valences()) {
            Valence valence = ((Group.OfValence) g.group()).valence();
            Map<String, Counts> counts = counts(g);
            paper.valences().get(valence).forEach((condition, c) -> counts.put(PUBLISHED_PREFIX + condition, c));
            valences.put(valence, counts);
        }
        List<RaterSummary> raters = new ArrayList<>(fromRatings.raters());
        raters.add(publishedRater(PUBLISHED_PREFIX));
        AnalysisOptions fromCounts = AnalysisOptions.of(RatingScale.STUDY, settings.baseline)
                .withBootstrap(0, settings.seed);
        return StudyAnalysis.ofCounts(new StudyCounts(overall, valences, Map.of()),
                settings.margin == null ? fromCounts : fromCounts.withMargin(settings.margin))
                .withRaters(raters);
    }

    /** Who rated the paper's published counts: the 2024 study's crowd, one rating per reply. */
    static RaterSummary publishedRater(String prefix) {
        StudyCounts paper = PublishedResults.counts();
        long ratings = paper.overall().values().stream().mapToLong(Counts::total).sum();
        return new RaterSummary("published", "crowd", "the 2024 study's crowd, published counts",
                paper.overall().keySet().stream().map(c -> prefix + c).toList(), ratings, ratings, 1, "single");
    }

    private static Map<String, Counts> counts(GroupAnalysis group) {
        Map<String, Counts> counts = new LinkedHashMap<>();
        for (ConditionSummary c : group.conditions()) {
            counts.put(c.condition(), c.counts() == null ? Counts.ofSuccesses(c.successes(), c.n())
                    : new Counts(c.counts(), null, c.n()));
        }
        return counts;
    }
}
