package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * The statistics of one judge's pairwise verdicts: every condition against the baseline (wins, ties, losses and a
 * sign test), Bradley-Terry strengths of all conditions with bootstrap intervals, and the judge's position bias.
 *
 * <p><b>Pairs.</b> Every pair of replies (one dialogue, two conditions) is judged in both orders. The pair's outcome
 * is a win only when both orders name the same winner; otherwise it is a tie, and the pair is
 * <i>position-inconsistent</i> ({@code inconsistent}: the two verdicts differ; {@code flipped}: they name opposite
 * winners, the verdict following the position).
 *
 * <p><b>Against the baseline.</b> For each condition, its pairs with the baseline: the shares of wins and of losses
 * among all its pairs with Wilson intervals ({@link Interval#wilson}), and the two-sided exact sign test of wins
 * against losses among the decided pairs (ties left out), as R {@code binom.test(wins, wins + losses)}.
 *
 * <p><b>Strengths.</b> Bradley-Terry log-strengths ({@link BradleyTerry}, a tie half a win each way), anchored at
 * the baseline (0); the percentile bootstrap intervals resample dialogues with replacement (each dialogue with all
 * its pairs), seeded, as R {@code quantile(type = 7)}. When the verdicts have no finite estimate the strengths are
 * empty and {@code strengthsProblem} says why; when some resamples have none, their number is
 * {@code degenerateResamples} and the intervals are undefined ({@code NaN}) rather than computed from the others
 * alone, which would narrow them.
 *
 * <p><b>Position bias.</b> The share of inconsistent pairs with its Wilson interval, and among the single verdicts
 * that chose a reply the share won by the reply shown first, with the two-sided exact binomial test against 1/2.
 *
 * <p>The judge's self-preference against the crowd on the same pairs is {@link PairwiseSelfPreference}.
 *
 * <p>JSON fields: {@code judge}, {@code baseline}, {@code conditions}, {@code confidenceLevel},
 * {@code bootstrapResamples}, {@code seed}, {@code dialogues}, {@code pairs}, {@code versusBaseline},
 * {@code strengths}, {@code strengthsProblem}, {@code degenerateResamples}, {@code positionBias}.
 *
 * @param judge the judge
 * @param baseline the baseline condition
 * @param conditions every condition, baseline first
 * @param confidenceLevel the confidence level of every interval
 * @param bootstrapResamples the bootstrap resamples of the strengths' intervals, 0 for none
 * @param seed the bootstrap's seed
 * @param dialogues the dialogues with at least one pair
 * @param pairs the pairs judged in both orders
 * @param versusBaseline each other condition against the baseline, in {@code conditions}' order
 * @param strengths each condition's log-strength, baseline first; empty when not estimable
 * @param strengthsProblem why there are no strengths, empty when there are
 * @param degenerateResamples the bootstrap resamples without a finite estimate
 * @param positionBias the judge's position bias
 */
public record PairwiseAnalysis(String judge, String baseline, List<String> conditions, double confidenceLevel,
        int bootstrapResamples, long seed, int dialogues, int pairs, List<VersusBaseline> versusBaseline,
        List<Strength> strengths, String strengthsProblem, int degenerateResamples, PositionBias positionBias) {

    public PairwiseAnalysis {
        conditions = List.copyOf(conditions);
        versusBaseline = List.copyOf(versusBaseline);
        strengths = List.copyOf(strengths);
        Objects.requireNonNull(strengthsProblem, "strengthsProblem");
        Objects.requireNonNull(positionBias, "positionBias");
    }

    /**
     * One condition against the baseline.
     *
     * @param condition the condition
     * @param baseline the baseline
     * @param pairs the pairs of the two
     * @param wins the pairs the condition won in both orders
     * @param ties the pairs tied, inconsistent ones included
     * @param losses the pairs the baseline won in both orders
     * @param inconsistent the pairs whose two verdicts differ (counted as ties)
     * @param winShare {@code wins / pairs} with its Wilson interval
     * @param lossShare {@code losses / pairs} with its Wilson interval
     * @param signTestP the two-sided exact sign test's p-value of wins against losses; {@code NaN} when no pair was
     *     decided
     */
    public record VersusBaseline(String condition, String baseline, int pairs, int wins, int ties, int losses,
            int inconsistent, ShareEstimate winShare, ShareEstimate lossShare, double signTestP) {
    }

    /**
     * One condition's Bradley-Terry strength.
     *
     * @param condition the condition
     * @param logStrength its log-strength, the baseline's being 0: {@code exp} of the difference of two is the odds
     *     that the first wins a pair
     * @param interval its percentile bootstrap interval ({@code [0, 0]} for the baseline); {@code NaN} bounds when
     *     no bootstrap ran or a resample had no finite estimate
     */
    public record Strength(String condition, double logStrength, Interval interval) {
    }

    /**
     * A judge's position bias in pairwise verdicts.
     *
     * @param pairs the pairs judged in both orders
     * @param inconsistent the pairs whose two verdicts differ
     * @param flipped the pairs whose two verdicts name opposite winners
     * @param inconsistentShare {@code inconsistent / pairs} with its Wilson interval
     * @param decidedVerdicts the single verdicts that chose a reply
     * @param firstWins those that chose the reply shown first
     * @param firstWinShare {@code firstWins / decidedVerdicts} with its Wilson interval; {@code NaN} when none
     * @param firstWinP the two-sided exact binomial test of {@code firstWins} against 1/2, as R
     *     {@code binom.test(firstWins, decidedVerdicts)}; {@code NaN} when none
     */
    public record PositionBias(int pairs, int inconsistent, int flipped, ShareEstimate inconsistentShare,
            int decidedVerdicts, int firstWins, ShareEstimate firstWinShare, double firstWinP) {
    }

    /**
     * Analyses one judge's verdicts.
     *
     * @param verdicts the verdicts, every pair in both orders
     * @param baseline the baseline condition, in at least one pair
     * @param confidence the intervals' confidence level, in (0, 1)
     * @param resamples the bootstrap resamples of the strengths' intervals, 0 for none
     * @param seed the bootstrap's seed
     * @throws IllegalArgumentException for no verdicts, verdicts of several judges, a pair not judged exactly once
     *     in each order (naming it), a baseline in no pair, negative resamples or a confidence outside (0, 1)
     */
    public static PairwiseAnalysis of(List<PairwiseVerdict> verdicts, String baseline, double confidence,
            int resamples, long seed) {
        Interval.checkConfidence(confidence);
        if (resamples < 0) {
            throw new IllegalArgumentException("bootstrap resamples " + resamples + " is negative");
        }
        Set<String> judges = new TreeSet<>();
        verdicts.forEach(v -> judges.add(v.judge()));
        if (judges.size() != 1) {
            throw new IllegalArgumentException(judges.isEmpty() ? "no pairwise verdicts to analyse"
                    : "a pairwise analysis is of one judge, but the verdicts come from " + judges);
        }
        Set<String> names = new LinkedHashSet<>();
        names.add(baseline);
        sorted(verdicts).forEach(v -> {
            names.add(v.conditionA());
            names.add(v.conditionB());
        });
        List<String> conditions = List.copyOf(names);
        int k = conditions.size();
        Map<String, Integer> dialogueIndex = new LinkedHashMap<>();
        List<List<int[]>> outcomes = new ArrayList<>();
        int[][] wins = new int[k][k];
        int[][] ties = new int[k][k];
        int[][] inconsistent = new int[k][k];
        int flipped = 0;
        int decided = 0;
        int firstWins = 0;
        List<Pair> byPair = pairs(verdicts);
        for (Pair pair : byPair) {
            PairwiseVerdict[] orders = {pair.lowFirst(), pair.highFirst()};
            int i = conditions.indexOf(pair.low());
            int j = conditions.indexOf(pair.high());
            String w0 = orders[0].winner();
            String w1 = orders[1].winner();
            for (PairwiseVerdict v : orders) {
                if (v.verdict() != PairwiseVerdict.Verdict.TIE) {
                    decided++;
                    firstWins += v.firstWon() ? 1 : 0;
                }
            }
            int result;
            if (Objects.equals(w0, w1)) {
                result = w0 == null ? -1 : conditions.indexOf(w0);
            } else {
                result = -1;
                inconsistent[i][j]++;
                inconsistent[j][i]++;
                flipped += w0 != null && w1 != null ? 1 : 0;
            }
            if (result < 0) {
                ties[i][j]++;
                ties[j][i]++;
            } else {
                wins[result][result == i ? j : i]++;
            }
            int d = dialogueIndex.computeIfAbsent(pair.dialogueId(), x -> {
                outcomes.add(new ArrayList<>());
                return outcomes.size() - 1;
            });
            outcomes.get(d).add(new int[] {i, j, result});
        }
        int pairs = byPair.size();
        List<VersusBaseline> versus = new ArrayList<>();
        for (int c = 1; c < k; c++) {
            int w = wins[c][0];
            int l = wins[0][c];
            int t = ties[c][0];
            int n = w + l + t;
            if (n == 0) {
                throw new IllegalArgumentException("condition " + conditions.get(c) + " has no pair with the baseline "
                        + baseline);
            }
            versus.add(new VersusBaseline(conditions.get(c), baseline, n, w, t, l, inconsistent[c][0],
                    new ShareEstimate((double) w / n, Interval.wilson(w, n, confidence)),
                    new ShareEstimate((double) l / n, Interval.wilson(l, n, confidence)), signTest(w, w + l)));
        }
        int inconsistentPairs = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                inconsistentPairs += inconsistent[i][j];
            }
        }
        PositionBias position = new PositionBias(pairs, inconsistentPairs, flipped,
                new ShareEstimate((double) inconsistentPairs / pairs, Interval.wilson(inconsistentPairs, pairs,
                        confidence)),
                decided, firstWins, decided == 0 ? new ShareEstimate(Double.NaN, new Interval(Double.NaN, Double.NaN))
                        : new ShareEstimate((double) firstWins / decided, Interval.wilson(firstWins, decided,
                                confidence)), signTest(firstWins, decided));
        BradleyTerry.Fit fit = BradleyTerry.fit(matrix(outcomes, k, null), conditions);
        List<Strength> strengths = new ArrayList<>();
        int degenerate = 0;
        if (fit.estimable()) {
            double[][] resampled = new double[k][resamples];
            SplittableRandom random = new SplittableRandom(seed);
            for (int b = 0; b < resamples; b++) {
                int[] draw = new int[outcomes.size()];
                for (int d = 0; d < draw.length; d++) {
                    draw[d] = Bootstrap.index(random, draw.length);
                }
                BradleyTerry.Fit again = BradleyTerry.fit(matrix(outcomes, k, draw), conditions);
                if (!again.estimable()) {
                    degenerate++;
                    continue;
                }
                for (int c = 0; c < k; c++) {
                    resampled[c][b] = again.logStrengths().get(c);
                }
            }
            for (int c = 0; c < k; c++) {
                Interval interval = resamples == 0 || degenerate > 0 ? new Interval(Double.NaN, Double.NaN)
                        : Bootstrap.interval(resampled[c], confidence);
                strengths.add(new Strength(conditions.get(c), fit.logStrengths().get(c), interval));
            }
        }
        return new PairwiseAnalysis(judges.iterator().next(), baseline, conditions, confidence, resamples, seed,
                outcomes.size(), pairs, versus, strengths, fit.problem(), degenerate, position);
    }

    /**
     * One pair of replies judged in both orders.
     *
     * @param dialogueId the dialogue
     * @param low the pair's condition first in name order
     * @param high the other condition
     * @param lowFirst the verdict with {@code low} shown first
     * @param highFirst the verdict with {@code high} shown first
     */
    record Pair(String dialogueId, String low, String high, PairwiseVerdict lowFirst, PairwiseVerdict highFirst) {

        /** The pair's outcome: the condition both orders name, or {@code null} for a tie or an inconsistent pair. */
        String winner() {
            String w = lowFirst.winner();
            return Objects.equals(w, highFirst.winner()) ? w : null;
        }
    }

    /**
     * The verdicts' pairs, sorted by dialogue and conditions.
     *
     * @throws IllegalArgumentException for a pair not judged exactly once in each order, naming it
     */
    static List<Pair> pairs(List<PairwiseVerdict> verdicts) {
        Map<List<String>, PairwiseVerdict[]> byPair = new LinkedHashMap<>();
        for (PairwiseVerdict v : sorted(verdicts)) {
            boolean sorted = v.conditionA().compareTo(v.conditionB()) < 0;
            String low = sorted ? v.conditionA() : v.conditionB();
            List<String> key = List.of(v.dialogueId(), low, sorted ? v.conditionB() : v.conditionA());
            boolean lowFirst = sorted == v.aFirst();
            PairwiseVerdict[] orders = byPair.computeIfAbsent(key, x -> new PairwiseVerdict[2]);
            int slot = lowFirst ? 0 : 1;
            if (orders[slot] != null) {
                throw new IllegalArgumentException("dialogue " + v.dialogueId() + ": the pair " + key.get(1) + " / "
                        + key.get(2) + " is judged more than once with " + (lowFirst ? key.get(1) : key.get(2))
                        + " shown first");
            }
            orders[slot] = v;
        }
        List<Pair> pairs = new ArrayList<>();
        byPair.forEach((key, orders) -> {
            if (orders[0] == null || orders[1] == null) {
                throw new IllegalArgumentException("dialogue " + key.get(0) + ": the pair " + key.get(1) + " / "
                        + key.get(2) + " is judged only with " + key.get(orders[0] == null ? 2 : 1) + " shown first;"
                        + " every pair needs both orders");
            }
            pairs.add(new Pair(key.get(0), key.get(1), key.get(2), orders[0], orders[1]));
        });
        return pairs;
    }

    /** The verdicts in a fixed order, so that the seeded bootstrap does not depend on the order they came in. */
    private static List<PairwiseVerdict> sorted(List<PairwiseVerdict> verdicts) {
        return verdicts.stream().sorted(Comparator.comparing(PairwiseVerdict::dialogueId)
                .thenComparing(PairwiseVerdict::conditionA).thenComparing(PairwiseVerdict::conditionB)
                .thenComparing(PairwiseVerdict::aFirst)).toList();
    }

    /** The win matrix (a tie half a win each way) of the dialogues drawn, or of all when {@code draw} is null. */
    private static double[][] matrix(List<List<int[]>> outcomes, int k, int[] draw) {
        double[][] wins = new double[k][k];
        int n = draw == null ? outcomes.size() : draw.length;
        for (int d = 0; d < n; d++) {
            for (int[] o : outcomes.get(draw == null ? d : draw[d])) {
                if (o[2] < 0) {
                    wins[o[0]][o[1]] += 0.5;
                    wins[o[1]][o[0]] += 0.5;
                } else {
                    wins[o[2]][o[2] == o[0] ? o[1] : o[0]] += 1;
                }
            }
        }
        return wins;
    }

    /** The two-sided exact binomial test of {@code x} successes in {@code n} against 1/2; {@code NaN} for n = 0. */
    static double signTest(int x, int n) {
        return n == 0 ? Double.NaN : BinomialTest.withDefaults().with(AlternativeHypothesis.TWO_SIDED)
                .test(n, x, 0.5).getPValue();
    }
}
