package io.github.empathy4j.benchmarks.stats;

import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.stats.AnalysisOptions;
import io.github.empathy4j.stats.StudyAnalysis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The study analysis of 6 conditions x 2,000 dialogues (one crowd rating each, 200 raters per condition, 32
 * emotions): in full with 10,000 paired bootstrap resamples and the 10,000-resample cluster bootstrap of the
 * rater-aware estimates (target: under 1 s; mixed model excluded, see {@link CumulativeLinkMixedModelBenchmark}),
 * and without any bootstrap. Without the bootstrap the analysis still runs every test, the paired tests, the
 * effect sizes (phi's and Cramér's V's noncentral intervals overall and by valence), the power and minimum
 * detectable difference of every comparison and the three rater-aware logistic regressions: about 40-50 ms of CPU
 * (about 12 ms before those were added).
 *
 * <p>Run: {@code java -jar empathy-benchmarks/target/benchmarks.jar StudyAnalysisBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StudyAnalysisBenchmark {

    private static final int DIALOGUES = 2_000;
    private static final String[] CONDITIONS = {"human", "gpt-4", "llama-2-70b-chat", "mixtral-8x7b-instruct",
        "gemini-1.0-pro", "gpt-4-plain"};

    private List<Rating> ratings;
    private Map<String, Emotion> emotions;
    private AnalysisOptions full;
    private AnalysisOptions testsOnly;

    /** Synthetic ratings with the study's shares of Bad / Okay / Good, shifted a little per condition. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2024);
        ratings = new ArrayList<>(DIALOGUES * CONDITIONS.length);
        emotions = new HashMap<>();
        Emotion[] all = Emotion.values();
        for (int d = 0; d < DIALOGUES; d++) {
            String id = "hit:" + d + "_conv:" + (2 * d);
            emotions.put(id, all[d % all.length]);
            for (int c = 0; c < CONDITIONS.length; c++) {
                double u = random.nextDouble();
                double bad = 0.17 - 0.015 * c;
                double good = 0.49 + 0.03 * c;
                int value = u < bad ? 1 : u < 1 - good ? 2 : 3;
                ratings.add(new Rating(CONDITIONS[c], id, "rater-" + c + "-" + (d / 10), "study", "empathy", value,
                        null, "batch-" + c + "-" + (d / 10)));
            }
        }
        full = AnalysisOptions.study().withBootstrap(10_000, 1);
        testsOnly = AnalysisOptions.study().withBootstrap(0, 1);
    }

    /** Every table, test and correction plus 10,000 bootstrap resamples in each of the 35 groups and of raters. */
    @Benchmark
    public StudyAnalysis fullAnalysis() {
        return StudyAnalysis.of(ratings, emotions::get, full);
    }

    /** Every test, effect size, power and rater-aware regression without the bootstrap. */
    @Benchmark
    public StudyAnalysis testsOnly() {
        return StudyAnalysis.of(ratings, emotions::get, testsOnly);
    }
}
