package io.github.empathy4j.stats;

import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Valence;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole analysis of a study: every condition against the baseline, overall, per valence and per emotion, with
 * the tests across all conditions; immutable, and written to JSON by Jackson as it is.
 *
 * <p>Start from the ratings with {@link #of} or, when only counts are known, from counts with {@link #ofCounts}
 * (the bootstrap intervals and the rank tests are then {@code null}). Each p-value comes with its corrections
 * ({@link PValues}) within its family: one condition's same test across the groups of one kind, i.e. across the
 * emotions (up to 32) or across the two valences; the overall group is a family of one. Dunn's pairs are corrected
 * among themselves.
 *
 * <p>JSON fields (stable): {@code scale}, {@code dimension}, {@code levels} (each {@code code}, {@code label},
 * {@code meaning}), {@code successLevels}, {@code baseline}, {@code conditions} (baseline first),
 * {@code confidenceLevel}, {@code bootstrapResamples} (0 when no bootstrap ran), {@code seed}, {@code overall},
 * {@code valences}, {@code emotions} (each a {@link GroupAnalysis}; groups without dialogues are left out).
 * Non-finite numbers are written as the strings {@code "NaN"} and {@code "Infinity"}; absent results as
 * {@code null}.
 *
 * @param scale the rating scale's id
 * @param dimension the analysed dimension's id
 * @param levels the dimension's levels, in the order of every {@code counts} list
 * @param successLevels the level codes counted as success
 * @param baseline the baseline condition
 * @param conditions every condition, baseline first
 * @param confidenceLevel the confidence level of every interval
 * @param bootstrapResamples the number of bootstrap resamples, 0 when no bootstrap ran
 * @param seed the bootstrap's seed
 * @param overall all dialogues
 * @param valences one group per valence present, positive first
 * @param emotions one group per emotion present, in label order
 */
public record StudyAnalysis(String scale, String dimension, List<RatingScale.Level> levels,
        List<Integer> successLevels, String baseline, List<String> conditions, double confidenceLevel,
        int bootstrapResamples, long seed, GroupAnalysis overall, List<GroupAnalysis> valences,
        List<GroupAnalysis> emotions) {

    public StudyAnalysis {
        levels = List.copyOf(levels);
        successLevels = List.copyOf(successLevels);
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(overall, "overall");
        valences = List.copyOf(valences);
        emotions = List.copyOf(emotions);
    }

    /**
     * Analyses ratings of any number of conditions, one of them the baseline named in the options.
     *
     * <p>Ratings on other dimensions of the scale are skipped. Each dialogue's emotion comes from
     * {@code emotionOf} (for example {@code Map::get} of a map from dialogue id to emotion). Several ratings of the
     * same reply (several raters) all count; a condition may lack some dialogues. The bootstrap resamples the
     * dialogues of each group and takes every rating of each drawn dialogue, in every condition.
     *
     * @throws IllegalArgumentException naming the rating's condition, dialogue and value, or the group and
     *     condition, when a rating is on another scale or outside the levels, a dialogue's emotion is unknown, the
     *     baseline is missing, there are fewer than two conditions, or a condition has no rating in a group
     */
    public static StudyAnalysis of(List<Rating> ratings, Function<String, Emotion> emotionOf,
            AnalysisOptions options) {
        Objects.requireNonNull(ratings, "ratings");
        Objects.requireNonNull(emotionOf, "emotionOf");
        Objects.requireNonNull(options, "options");
        return Analyzer.fromRatings(ratings, emotionOf, options);
    }

    /**
     * Analyses counts alone: the count-based results (shares, Wilson intervals, chi-square tests, Fisher, Cramér's
     * V) with the bootstrap intervals and the rank tests absent ({@code null}).
     *
     * @throws IllegalArgumentException naming the group, condition and value for a negative or inconsistent count,
     *     an empty condition, a wrong number of level counts, groups with different conditions, a missing baseline
     *     or fewer than two conditions
     */
    public static StudyAnalysis ofCounts(StudyCounts counts, AnalysisOptions options) {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(options, "options");
        return Analyzer.fromCounts(counts, options);
    }

    /**
     * A group by name: {@code overall}, {@code positive}, {@code negative} or an emotion label.
     *
     * @throws IllegalArgumentException listing the groups present when there is no such group
     */
    public GroupAnalysis group(String name) {
        return Stream.concat(Stream.of(overall), Stream.concat(valences.stream(), emotions.stream()))
                .filter(g -> g.group().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group '" + name + "'; the groups are: "
                        + Stream.concat(Stream.of(overall), Stream.concat(valences.stream(), emotions.stream()))
                                .map(GroupAnalysis::group).collect(Collectors.joining(", "))));
    }

    /** The group of one valence; see {@link #group}. */
    public GroupAnalysis valence(Valence valence) {
        return group(valence.label());
    }

    /** The group of one emotion; see {@link #group}. */
    public GroupAnalysis emotion(Emotion emotion) {
        return group(emotion.label());
    }
}
