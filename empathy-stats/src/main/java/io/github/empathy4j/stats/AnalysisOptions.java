package io.github.empathy4j.stats;

import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * What {@link StudyAnalysis} analyses and how: the rating scale and dimension, the baseline condition, which levels
 * count as success ("Good"), the bootstrap, the confidence level, whose ratings ({@link io.github.empathy4j.core.RaterSource
 * rater source}), how several ratings of one reply become one, and what empty replies and refusals count as.
 * Immutable; change it with the {@code with...} methods.
 *
 * @param scale the rating scale the ratings use
 * @param dimension the id of the dimension analysed
 * @param baseline the condition every other condition is compared with, such as {@code human}
 * @param successLevels the level codes that count as success, at least one and not all, ascending
 * @param bootstrapResamples how many paired bootstrap resamples give the intervals of the differences; 0 for none
 * @param seed the bootstrap's random seed (the same seed gives the same intervals)
 * @param confidenceLevel the confidence level of every interval, in (0, 1)
 * @param rater the rater source analysed (a judge's spec, a panel's name or {@code crowd}; a spec as given
 *     names the only judge with that provider, model and options, such as {@code openai:gpt-4o} for
 *     {@code openai:gpt-4o?seed=42&temperature=0}); empty for the only source, or else the panel's combined
 *     rating when there is exactly one panel
 * @param conditionRaters conditions analysed from another source than {@code rater}, such as the release's crowd
 *     ratings beside a judge's; each such condition's ratings come from its source alone
 * @param perReply how several ratings of one reply by one source (a crowd with k raters per reply) become one
 * @param unanswered what empty replies and refusals count as
 * @param mixedModel whether to fit the cumulative link mixed model of the rater-aware estimates
 *     ({@link RaterAware#mixedModel()}; about half a second on the study's release)
 * @param margin the margin of the equivalence and non-inferiority tests of each comparison, a difference in share
 *     of success in (0, 1); empty for none
 */
public record AnalysisOptions(RatingScale scale, String dimension, String baseline, List<Integer> successLevels,
        int bootstrapResamples, long seed, double confidenceLevel, Optional<String> rater,
        Map<String, String> conditionRaters, Combination perReply, UnansweredPolicy unanswered, boolean mixedModel,
        OptionalDouble margin) {

    /** The default number of bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 10_000;

    /** The default bootstrap seed. */
    public static final long DEFAULT_SEED = 20_240_607L;

    public AnalysisOptions {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(baseline, "baseline");
        RatingScale.Dimension d = scale.dimension(dimension);
        successLevels = List.copyOf(new TreeSet<>(successLevels));
        if (successLevels.isEmpty() || successLevels.size() == d.levels().size()) {
            throw new IllegalArgumentException("success levels " + successLevels + " must name at least one and not"
                    + " all of the levels " + d.describe());
        }
        for (int code : successLevels) {
            d.level(code);
        }
        if (bootstrapResamples < 0) {
            throw new IllegalArgumentException("bootstrap resamples " + bootstrapResamples + " must not be negative");
        }
        Interval.checkConfidence(confidenceLevel);
        Objects.requireNonNull(rater, "rater");
        conditionRaters = Map.copyOf(conditionRaters);
        Objects.requireNonNull(perReply, "perReply");
        Objects.requireNonNull(unanswered, "unanswered");
        Objects.requireNonNull(margin, "margin");
        if (margin.isPresent() && !(margin.getAsDouble() > 0 && margin.getAsDouble() < 1)) {
            throw new IllegalArgumentException("equivalence margin " + margin.getAsDouble() + " is outside (0, 1)");
        }
        if (margin.isPresent() && confidenceLevel <= 0.5) {
            throw new IllegalArgumentException("the equivalence tests need a confidence level above 0.5 (one-sided"
                    + " tests at level 1 - confidence), got " + confidenceLevel);
        }
    }

    /**
     * Options with the default rater choice, majority per reply and unanswered replies at the lowest level.
     */
    public AnalysisOptions(RatingScale scale, String dimension, String baseline, List<Integer> successLevels,
            int bootstrapResamples, long seed, double confidenceLevel) {
        this(scale, dimension, baseline, successLevels, bootstrapResamples, seed, confidenceLevel, Optional.empty(),
                Map.of(), Combination.MAJORITY, UnansweredPolicy.LOWEST, false, OptionalDouble.empty());
    }

    /**
     * Defaults for a scale: its first dimension, the top level as success, {@value #DEFAULT_RESAMPLES} bootstrap
     * resamples with seed {@value #DEFAULT_SEED}, 95% confidence.
     */
    public static AnalysisOptions of(RatingScale scale, String baseline) {
        RatingScale.Dimension first = scale.dimensions().get(0);
        return new AnalysisOptions(scale, first.id(), baseline, List.of(first.max()), DEFAULT_RESAMPLES,
                DEFAULT_SEED, 0.95);
    }

    /** The 2024 study's setting: {@link RatingScale#STUDY}, baseline {@code human}, Good as success. */
    public static AnalysisOptions study() {
        return of(RatingScale.STUDY, PublishedResults.HUMAN);
    }

    /** The dimension analysed; success stays the new dimension's top level. */
    public AnalysisOptions withDimension(String dimensionId) {
        return new AnalysisOptions(scale, dimensionId, baseline, List.of(scale.dimension(dimensionId).max()),
                bootstrapResamples, seed, confidenceLevel, rater, conditionRaters, perReply, unanswered, mixedModel,
                margin);
    }

    /** The baseline condition. */
    public AnalysisOptions withBaseline(String condition) {
        return new AnalysisOptions(scale, dimension, condition, successLevels, bootstrapResamples, seed,
                confidenceLevel, rater, conditionRaters, perReply, unanswered, mixedModel, margin);
    }

    /** The level codes that count as success, for example {@code 4, 5} on a five-point scale. */
    public AnalysisOptions withSuccessLevels(Integer... codes) {
        return new AnalysisOptions(scale, dimension, baseline, List.of(codes), bootstrapResamples, seed,
                confidenceLevel, rater, conditionRaters, perReply, unanswered, mixedModel, margin);
    }

    /** The bootstrap: number of resamples (0 for none) and seed. */
    public AnalysisOptions withBootstrap(int resamples, long randomSeed) {
        return new AnalysisOptions(scale, dimension, baseline, successLevels, resamples, randomSeed,
                confidenceLevel, rater, conditionRaters, perReply, unanswered, mixedModel, margin);
    }

    /** The confidence level of every interval. */
    public AnalysisOptions withConfidenceLevel(double level) {
        return new AnalysisOptions(scale, dimension, baseline, successLevels, bootstrapResamples, seed, level,
                rater, conditionRaters, perReply, unanswered, mixedModel, margin);
    }

    /** The rater source to analyse: a judge's spec, a panel's name or {@code crowd}. */
    public AnalysisOptions withRater(String source) {
        return new AnalysisOptions(scale, dimension, baseline, successLevels, bootstrapResamples, seed,
                confidenceLevel, Optional.of(source), conditionRaters, perReply, unanswered, mixedModel, margin);
    }

    /** Analyses one condition from its own rater source, such as the release's crowd for {@code release:gpt-4}. */
    public AnalysisOptions withConditionRater(String condition, String source) {
        Map<String, String> all = new LinkedHashMap<>(conditionRaters);
        all.put(Objects.requireNonNull(condition, "condition"), Objects.requireNonNull(source, "source"));
        return new AnalysisOptions(scale, dimension, baseline, successLevels, bootstrapResamples, seed,
                confidenceLevel, rater, all, perReply, unanswered, mixedModel, margin);
    }

    /** How several ratings of one reply by one source become one: {@link Combination#MAJORITY} or MEAN. */
    public AnalysisOptions withPerReply(Combination combination) {
        return new AnalysisOptions(scale, dimension, baseline, successLevels, bootstrapResamples, seed,
                confidenceLevel, rater, conditionRaters, combination, unanswered, mixedModel, margin);
    }

    /** What empty replies and refusals count as. */
    public AnalysisOptions withUnanswered(UnansweredPolicy policy) {
        return new AnalysisOptions(scale, dimension, baseline, successLevels, bootstrapResamples, seed,
                confidenceLevel, rater, conditionRaters, perReply, policy, mixedModel, margin);
    }

    /** Whether to fit the cumulative link mixed model of the rater-aware estimates (off by default: it is slow). */
    public AnalysisOptions withMixedModel(boolean fit) {
        return new AnalysisOptions(scale, dimension, baseline, successLevels, bootstrapResamples, seed,
                confidenceLevel, rater, conditionRaters, perReply, unanswered, fit, margin);
    }

    /**
     * The margin of the equivalence (TOST) and non-inferiority tests of every comparison, a difference in share of
     * success such as {@code 0.05}.
     *
     * @throws IllegalArgumentException if the margin is outside (0, 1)
     */
    public AnalysisOptions withMargin(double equivalenceMargin) {
        return new AnalysisOptions(scale, dimension, baseline, successLevels, bootstrapResamples, seed,
                confidenceLevel, rater, conditionRaters, perReply, unanswered, mixedModel,
                OptionalDouble.of(equivalenceMargin));
    }

    /** The analysed dimension. */
    RatingScale.Dimension analysedDimension() {
        return scale.dimension(dimension);
    }
}
