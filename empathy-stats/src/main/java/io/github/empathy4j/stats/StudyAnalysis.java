package io.github.empathy4j.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Valence;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole analysis of a study: every condition against the baseline, overall, per valence and per emotion, with
 * the tests across all conditions; immutable, and written to JSON by Jackson as it is.
 *
 * <p>Start from the ratings with {@link #of} or, when only counts are known, from counts with {@link #ofCounts}
 * (the bootstrap intervals and the rank tests are then {@code null}). Each p-value comes with its corrections
 * ({@link PValues}) within its family, which it names: one condition's same test across the groups of one kind,
 * i.e. across the emotions (up to 32) or across the two valences; the overall group is a family of one. Dunn's pairs
 * are corrected among themselves.
 *
 * <p>An analysis is of one rater source ({@link io.github.empathy4j.core.RaterSource}: a judge, a panel's combined
 * rating, or the crowd), never a pool of several; the unit is the reply: several ratings of one reply by the source
 * become one ({@link AnalysisOptions#perReply()}), so each condition's {@code n} counts replies. Empty replies and
 * refusals are counted per condition and treated as {@link AnalysisOptions#unanswered()} says. A group where a
 * condition has no rating is {@linkplain GroupAnalysis#untestable() untestable}; the others are still computed.
 *
 * <p>JSON fields (stable): {@code scale}, {@code dimension}, {@code levels} (each {@code code}, {@code label},
 * {@code meaning}), {@code successLevels}, {@code baseline}, {@code conditions} (baseline first),
 * {@code confidenceLevel}, {@code bootstrapResamples} (0 when no bootstrap ran), {@code seed}, {@code overall},
 * {@code valences}, {@code emotions} (each a {@link GroupAnalysis}; groups without dialogues are left out); added:
 * {@code raters} (each a {@link RaterSummary}: who rated which conditions; empty from counts), {@code perReply}
 * ({@code majority} or {@code mean}), {@code unanswered} ({@code lowest} or {@code exclude}), {@code raterAware}
 * ({@link RaterAware}; {@code null} from counts), {@code margin} (the equivalence margin, or {@code null}).
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
 * @param raters who rated which conditions: one rater source, and one more for each condition analysed from its own
 *     source ({@link AnalysisOptions#conditionRaters()}); empty when the analysis had only counts
 * @param perReply how several ratings of one reply by one source became one: {@code majority} or {@code mean}
 * @param unanswered what empty replies and refusals counted as: {@code lowest} or {@code exclude}
 * @param raterAware the rater-aware estimates of the overall comparison from the individual ratings; empty when
 *     the analysis had only counts
 * @param margin the margin of the equivalence and non-inferiority tests, empty when none ran
 */
public record StudyAnalysis(String scale, String dimension, List<RatingScale.Level> levels,
        List<Integer> successLevels, String baseline, List<String> conditions, double confidenceLevel,
        int bootstrapResamples, long seed, GroupAnalysis overall, List<GroupAnalysis> valences,
        List<GroupAnalysis> emotions, List<RaterSummary> raters, String perReply, String unanswered,
        @JsonIgnore Optional<RaterAware> raterAware, @JsonIgnore OptionalDouble margin) {

    public StudyAnalysis {
        levels = List.copyOf(levels);
        successLevels = List.copyOf(successLevels);
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(overall, "overall");
        valences = List.copyOf(valences);
        emotions = List.copyOf(emotions);
        raters = List.copyOf(raters);
        Objects.requireNonNull(perReply, "perReply");
        Objects.requireNonNull(unanswered, "unanswered");
        Objects.requireNonNull(raterAware, "raterAware");
        Objects.requireNonNull(margin, "margin");
    }

    /** The rater-aware estimates, or {@code null}: the JSON field {@code raterAware}. */
    @JsonProperty("raterAware")
    RaterAware raterAwareOrNull() {
        return raterAware.orElse(null);
    }

    /** The margin, or {@code null}: the JSON field {@code margin}. */
    @JsonProperty("margin")
    Double marginOrNull() {
        return margin.isPresent() ? margin.getAsDouble() : null;
    }

    /**
     * Analyses ratings of any number of conditions, one of them the baseline named in the options, with no empty
     * reply or refusal; see {@link #of(List, List, Function, AnalysisOptions)}.
     */
    public static StudyAnalysis of(List<Rating> ratings, Function<String, Emotion> emotionOf,
            AnalysisOptions options) {
        return of(ratings, List.of(), emotionOf, options);
    }

    /**
     * Analyses the ratings of one rater source, with the replies that had nothing to rate.
     *
     * <p>Ratings on other dimensions of the scale are skipped. The source is {@link AnalysisOptions#rater()}, else
     * the only source, else the only panel's combined rating; conditions named in
     * {@link AnalysisOptions#conditionRaters()} use their own source. Ratings of other sources are left out and
     * {@link #raters()} says who rated. Several ratings of one reply by the source (a crowd with several raters a
     * reply) become one by {@link AnalysisOptions#perReply()}. Each unanswered reply (empty or refused) counts per
     * condition and, by {@link AnalysisOptions#unanswered()}, as a reply at the lowest level or not at all; a rating
     * of it is never used. Each dialogue's emotion comes from {@code emotionOf} (for example {@code Map::get} of a
     * map from dialogue id to emotion). A condition may lack some dialogues; a group where a condition has none is
     * untestable. The bootstrap resamples the dialogues of each group.
     *
     * @throws RaterChoiceException listing the sources and their numbers of ratings when there are several and
     *     none was chosen, or the chosen one has no rating
     * @throws IllegalArgumentException naming the rating's condition, dialogue and value, or the condition, when a
     *     rating is on another scale or outside the levels, a dialogue's emotion is unknown, the baseline is
     *     missing, there are fewer than two conditions, or a condition has no rating by its own source
     */
    public static StudyAnalysis of(List<Rating> ratings, List<UnansweredReply> unanswered,
            Function<String, Emotion> emotionOf, AnalysisOptions options) {
        Objects.requireNonNull(ratings, "ratings");
        Objects.requireNonNull(unanswered, "unanswered");
        Objects.requireNonNull(emotionOf, "emotionOf");
        Objects.requireNonNull(options, "options");
        return Analyzer.fromRatings(ratings, unanswered, emotionOf, options);
    }

    /**
     * Analyses counts alone: the count-based results (shares, Wilson intervals, chi-square tests, Fisher, Cramér's
     * V) with the bootstrap intervals and the rank tests absent ({@code null}).
     *
     * <p>A group where a condition's total is 0 is untestable.
     *
     * @throws IllegalArgumentException naming the group, condition and value for a negative or inconsistent count,
     *     a wrong number of level counts, groups with different conditions, a missing baseline
     *     or fewer than two conditions
     */
    public static StudyAnalysis ofCounts(StudyCounts counts, AnalysisOptions options) {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(options, "options");
        return Analyzer.fromCounts(counts, options);
    }

    /**
     * A group by label: {@code overall}, {@code positive}, {@code negative} or an emotion label.
     *
     * @throws IllegalArgumentException listing the groups present when there is no such group
     */
    public GroupAnalysis group(String label) {
        return groups().filter(g -> g.group().label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group '" + label + "'; the groups are: "
                        + groups().map(g -> g.group().label()).collect(Collectors.joining(", "))));
    }

    /** The group of one valence; see {@link #group}. */
    public GroupAnalysis valence(Valence valence) {
        return group(valence.label());
    }

    /** The group of one emotion; see {@link #group}. */
    public GroupAnalysis emotion(Emotion emotion) {
        return group(emotion.label());
    }

    /** The groups that could not be tested (overall, valences, emotions, in this order). */
    public List<GroupAnalysis> untestableGroups() {
        return groups().filter(g -> g.untestable().isPresent()).toList();
    }

    /** The same analysis, saying that these sources rated. */
    public StudyAnalysis withRaters(List<RaterSummary> sources) {
        return new StudyAnalysis(scale, dimension, levels, successLevels, baseline, conditions, confidenceLevel,
                bootstrapResamples, seed, overall, valences, emotions, sources, perReply, unanswered, raterAware,
                margin);
    }

    private Stream<GroupAnalysis> groups() {
        return Stream.concat(Stream.of(overall), Stream.concat(valences.stream(), emotions.stream()));
    }
}
