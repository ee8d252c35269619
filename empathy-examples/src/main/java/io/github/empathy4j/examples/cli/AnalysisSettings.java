package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.stats.AnalysisOptions;
import picocli.CommandLine.Option;

import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The options of an analysis of ratings: baseline, scale, dimension and bootstrap. */
final class AnalysisSettings {

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
        AnalysisOptions options = AnalysisOptions.of(ratingScale, baseline).withBootstrap(bootstrap, seed);
        return dimension == null ? options : options.withDimension(dimension);
    }
}
