/**
 * The study's comparisons and what a careful analyst adds: every condition against a baseline (overall, per
 * valence, per emotion), omnibus tests, multiple-comparison corrections, confidence intervals, power analysis.
 *
 * <p>One entry point, {@link io.github.empathy4j.stats.StudyAnalysis}, from ratings or, when only counts are known,
 * from counts; its result is immutable and writes to JSON with Jackson as it is:
 *
 * <pre>{@code
 * List<Rating> ratings = ...;                       // any number of conditions, "human" among them
 * Map<String, Emotion> emotions = ...;              // dialogue id -> emotion
 * StudyAnalysis analysis = StudyAnalysis.of(ratings, emotions::get,
 *         AnalysisOptions.of(RatingScale.STUDY, "human").withBootstrap(10_000, 42));
 * Comparison gpt4 = analysis.overall().comparison("gpt-4");
 * System.out.printf(Locale.ROOT, "chi2 %.2f, p %.3g (Holm across emotions: see analysis.emotions())%n",
 *         gpt4.yates().statistic(), gpt4.yates().p().raw());
 * new ObjectMapper().writeValue(Path.of("analysis.json").toFile(), analysis);
 *
 * // the published figures, reproduced from their counts
 * StudyAnalysis published = StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study());
 * published.overall().comparison(PublishedResults.GPT_4).yates().statistic();   // 96.77
 * ChiSquarePower.sampleSize(0.3, 8, 0.05, 0.95);                                  // 253
 * }</pre>
 *
 * <p>An analysis is of one rater source ({@link io.github.empathy4j.core.RaterSource}: a judge, a panel's combined
 * rating, or the crowd), chosen with {@link io.github.empathy4j.stats.AnalysisOptions#withRater}; ratings of several
 * sources without a choice throw {@link io.github.empathy4j.stats.RaterChoiceException} listing them. The unit is the
 * reply; empty replies and refusals ({@link io.github.empathy4j.stats.UnansweredReply}) follow
 * {@link io.github.empathy4j.stats.UnansweredPolicy}; a group where a condition has no rating is untestable, never an
 * exception.
 *
 * <p>The study is paired (every condition answers the same dialogues) and clustered (a crowd participant rates a
 * batch of replies): each {@link io.github.empathy4j.stats.Comparison} carries the paired tests
 * ({@link io.github.empathy4j.stats.PairedComparison}), effect sizes with intervals
 * ({@link io.github.empathy4j.stats.Effects}), the power at the observed sizes
 * ({@link io.github.empathy4j.stats.Power}) and, with a margin, equivalence and non-inferiority
 * ({@link io.github.empathy4j.stats.Equivalence}); the analysis carries the rater-aware estimates of the overall
 * comparison from the individual ratings ({@link io.github.empathy4j.stats.RaterAware}: clustered logistic
 * regression, cluster bootstrap, and the mixed model when asked).
 *
 * <p>The single tests are also available on their own: {@link io.github.empathy4j.stats.ContingencyTests}
 * (chi-square, Yates, Fisher, Cramér's V), {@link io.github.empathy4j.stats.RankTests} (Mann-Whitney,
 * Kruskal-Wallis, Dunn), {@link io.github.empathy4j.stats.PValueCorrection},
 * {@link io.github.empathy4j.stats.Interval#wilson} and {@link io.github.empathy4j.stats.ChiSquarePower}; rater
 * agreement is in {@link io.github.empathy4j.stats.agreement}.
 *
 * <p>Errors: invalid input throws {@link java.lang.IllegalArgumentException} whose message names the group,
 * condition, rating or table cell and the offending value. Undefined statistics (an all-zero row or column, all
 * values tied) are {@code NaN}, never an exception. Every statistic was checked against R 4.2 or
 * scipy/statsmodels; each class documents its formula, edge cases and reference.
 */
package io.github.empathy4j.stats;
