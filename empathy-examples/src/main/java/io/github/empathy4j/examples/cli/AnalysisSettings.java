package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.RaterChoiceException;
import io.github.empathy4j.stats.UnansweredPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The options of an analysis of ratings: rater source, baseline, scale, dimension, bootstrap, the unit's
 * aggregation and what empty replies and refusals count as.
 */
final class AnalysisSettings {

    @Option(names = "--rater", paramLabel = "SOURCE",
            description = "Whose ratings to analyse: a judge's spec, a panel's name (such as panel-majority) or crowd"
                    + " (default: the only source, else the panel's combined rating; otherwise the command lists the"
                    + " sources and stops).")
    List<String> raters = List.of();

    @Option(names = "--per-reply", paramLabel = "majority|mean", defaultValue = "majority",
            description = "How one source's several ratings of a reply (a crowd) become one (default:"
                    + " ${DEFAULT-VALUE}; ties go to the lower level).")
    Combination perReply = Combination.MAJORITY;

    @Option(names = "--unanswered", paramLabel = "lowest|exclude", defaultValue = "lowest",
            description = "Empty replies and refusals: counted as the lowest level, or left out (default:"
                    + " ${DEFAULT-VALUE}); either way counted and reported.")
    UnansweredPolicy unanswered = UnansweredPolicy.LOWEST;

    @Option(names = "--baseline", paramLabel = "CONDITION", defaultValue = "human",
            description = "The condition every other is compared with (default: ${DEFAULT-VALUE}).")
    String baseline = "human";

    @Option(names = "--scale", paramLabel = "ID",
            description = "The rating scale to analyse: study, likert5, epitome or empathetic-dialogues (default: the"
                    + " one the ratings use).")
    String scale;

    @Option(names = "--dimension", paramLabel = "ID", description = "The scale's dimension (default: its first).")
    String dimension;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "" + AnalysisOptions.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples for the intervals of the differences, 0 for none"
                    + " (default: ${DEFAULT-VALUE}).")
    int bootstrap = AnalysisOptions.DEFAULT_RESAMPLES;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + AnalysisOptions.DEFAULT_SEED,
            description = "The bootstrap's seed (default: ${DEFAULT-VALUE}).")
    long seed = AnalysisOptions.DEFAULT_SEED;

    @Option(names = "--mixed-model",
            description = "Also fit the cumulative link mixed model (levels ~ condition + (1 | rater) + (1 | dialogue))"
                    + " of the rater-aware estimates, when the ratings carry rater identity (a crowd); slower.")
    boolean mixedModel;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    Double margin;

    @Option(names = "--margin", paramLabel = "M",
            description = "Equivalence margin, a difference in share of success in (0, 1) such as 0.05: adds the"
                    + " equivalence (TOST) and non-inferiority tests of every condition against the baseline.")
    void margin(double value) {
        if (!(value > 0 && value < 1)) {
            throw new ParameterException(mixee.commandLine(), "--margin " + value + " must lie in (0, 1): a difference"
                    + " in share of success, such as 0.05");
        }
        margin = value;
    }

    /** The rater sources to analyse one after another: each chosen one, or the default choice ({@code null}). */
    List<String> chosenRaters() {
        return raters.isEmpty() ? Collections.singletonList(null) : raters;
    }

    /** What to tell the user when the ratings' sources need a choice: a usage error (exit 2) of {@code command}. */
    static ParameterException choose(CommandLine command, RaterChoiceException e) {
        String sources = e.sources().entrySet().stream().map(s -> s.getKey() + " (" + s.getValue() + " ratings)")
                .collect(Collectors.joining(", "));
        return new ParameterException(command, e.chosen()
                .map(c -> "--rater '" + c + "' has no rating; the rater sources are: " + sources)
                .orElse("the ratings come from " + e.sources().size() + " rater sources and an analysis is of one;"
                        + " choose with --rater (repeat it to compare sources one after another): " + sources));
    }

    /**
     * The options for these ratings: the chosen scale or else the one they all use.
     *
     * @throws ConfigurationException when the ratings use several scales and none was chosen, or none at all
     */
    AnalysisOptions options(Collection<Rating> ratings, String source) {
        RatingScale ratingScale;
        if (scale != null) {
            ratingScale = RatingScale.builtIn(scale);
        } else {
            TreeSet<String> scales = ratings.stream().map(Rating::scale).collect(Collectors.toCollection(TreeSet::new));
            if (scales.size() != 1) {
                throw new ConfigurationException(scales.isEmpty() ? source + " holds no rating"
                        : source + " has ratings on the scales " + scales + "; choose one with --scale");
            }
            ratingScale = RatingScale.builtIn(scales.first());
        }
        AnalysisOptions options = AnalysisOptions.of(ratingScale, baseline).withBootstrap(bootstrap, seed)
                .withPerReply(perReply).withUnanswered(unanswered).withMixedModel(mixedModel);
        if (margin != null) {
            options = options.withMargin(margin);
        }
        return dimension == null ? options : options.withDimension(dimension);
    }
}
