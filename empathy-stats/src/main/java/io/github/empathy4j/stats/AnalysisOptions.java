package io.github.empathy4j.stats;

import io.github.empathy4j.core.rating.RatingScale;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@link StudyAnalysis} analyses and how: the rating scale and dimension, the baseline condition, which levels
 * count as success ("Good"), the bootstrap and the confidence level. Immutable; change it with the
 * {@code with...} methods.
 *
 * @param scale the rating scale the ratings use
 * @param dimension the id of the dimension analysed
 * @param baseline the condition every other condition is compared with, such as {@code human}
 * @param successLevels the level codes that count as success, at least one and not all, ascending
 * @param bootstrapResamples how many paired bootstrap resamples give the intervals of the differences; 0 for none
 * @param seed the bootstrap's random seed (the same seed gives the same intervals)
 * @param confidenceLevel the confidence level of every interval, in (0, 1)
 */
public record AnalysisOptions(RatingScale scale, String dimension, String baseline, List<Integer> successLevels,
        int bootstrapResamples, long seed, double confidenceLevel) {

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
                bootstrapResamples, seed, confidenceLevel);
    }

    /** The baseline condition. */
    public AnalysisOptions withBaseline(String condition) {
        return new AnalysisOptions(scale, dimension, condition, successLevels, bootstrapResamples, seed,
                confidenceLevel);
    }

    /** The level codes that count as success, for example {@code 4, 5} on a five-point scale. */
    public AnalysisOptions withSuccessLevels(Integer... codes) {
        return new AnalysisOptions(scale, dimension, baseline, List.of(codes), bootstrapResamples, seed,
                confidenceLevel);
    }

    /** The bootstrap: number of resamples (0 for none) and seed. */
    public AnalysisOptions withBootstrap(int resamples, long randomSeed) {
        return new AnalysisOptions(scale, dimension, baseline, successLevels, resamples, randomSeed,
                confidenceLevel);
    }

    /** The confidence level of every interval. */
    public AnalysisOptions withConfidenceLevel(double level) {
        return new AnalysisOptions(scale, dimension, baseline, successLevels, bootstrapResamples, seed, level);
    }

    /** The analysed dimension. */
    RatingScale.Dimension analysedDimension() {
        return scale.dimension(dimension);
    }
}
