package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The cluster bootstrap of each condition's share of Good and of its difference to the baseline, for ratings that
 * come in clusters (a rater's batch) nested in conditions.
 *
 * <p>In the study's release every crowd participant rated one batch of ten replies of one condition: the raters
 * are nested in the conditions, and each condition's raters are an independent sample. A resample therefore draws,
 * within each condition separately, as many clusters as that condition has, with replacement (a stratified cluster
 * bootstrap), and keeps every rating of each drawn cluster. A condition's resampled share is the drawn clusters'
 * successes over their ratings (batches of unequal size weigh by their size), and a difference is taken between
 * shares of the same resample. The intervals are the {@code (1 - confidence) / 2} and {@code (1 + confidence) / 2}
 * percentiles of the resampled values, interpolated as R's {@code quantile(type = 7)}.
 *
 * <p>Resampling whole clusters keeps their within-cluster correlation, so with positively correlated ratings (a
 * lenient or strict rater) the intervals are wider than the binomial ones, which assume independent ratings. The
 * differences ignore that conditions share dialogues (a paired design across conditions); with positively
 * correlated dialogues that makes them, if anything, conservative. With few clusters per condition percentile
 * intervals are too narrow (they lack the {@code G / (G - 1)} factor of the sandwich variance; see
 * {@link ClusteredLogit}); prefer the sandwich with under about 30 clusters per condition.
 *
 * <p>Resamples draw from one {@link SplittableRandom} seeded with the given seed, in a fixed order, so the result
 * depends on the seed alone.
 *
 * <p>References: Davison &amp; Hinkley (1997), <i>Bootstrap Methods and their Application</i>, section 3.8;
 * Field &amp; Welsh (2007), "Bootstrapping clustered data", J. R. Statist. Soc. B 69(3):369-390; Cameron, Gelbach
 * &amp; Miller (2008), "Bootstrap-based improvements for inference with clustered errors", Rev. Econ. Stat.
 * 90(3):414-427.
 */
public final class ClusterBootstrap {

    private ClusterBootstrap() {
    }

    /**
     * The shares of Good per condition and their differences to condition 0, with percentile intervals from a
     * cluster bootstrap stratified by condition.
     *
     * @param condition per rating, its condition {@code 0..k-1} (0 is the baseline)
     * @param success per rating, 1 for Good, 0 otherwise
     * @param cluster per rating, its cluster's id (a rater's batch; any {@code int}); a cluster lies in one
     *     condition
     * @param resamples the number of resamples, at least 1 (10,000 for intervals to report)
     * @param confidence the intervals' confidence level, in (0, 1)
     * @param seed the random generator's seed
     * @throws IllegalArgumentException for no ratings, arrays of different lengths, a success other than 0 or 1, a negative
     *     condition, a condition without ratings, a condition with fewer than two clusters, a cluster in two
     *     conditions (its id and both conditions named: clusters crossed with conditions, such as dialogues, need
     *     a paired bootstrap instead), fewer than one resample or a confidence outside (0, 1)
     */
    public static ClusterShares shares(int[] condition, int[] success, int[] cluster, int resamples,
            double confidence, long seed) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(success, "success");
        Objects.requireNonNull(cluster, "cluster");
        if (condition.length != success.length || condition.length != cluster.length) {
            throw new IllegalArgumentException("condition, success and cluster differ in length: " + condition.length
                    + ", " + success.length + " and " + cluster.length);
        }
        if (condition.length == 0) {
            throw new IllegalArgumentException("a cluster bootstrap needs ratings, got none");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        }
        Interval.checkConfidence(confidence);
        int k = ClusteredLogit.conditions(condition, success);
        // per condition, per cluster (numbered in order of first appearance): successes and ratings
        Map<Integer, int[]> where = new HashMap<>();
        List<List<long[]>> clusters = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            clusters.add(new ArrayList<>());
        }
        for (int i = 0; i < condition.length; i++) {
            int c = condition[i];
            int[] at = where.computeIfAbsent(cluster[i], id -> new int[] {c, clusters.get(c).size()});
            if (at[0] != c) {
                throw new IllegalArgumentException("cluster " + cluster[i] + " has ratings in conditions " + at[0]
                        + " and " + c + "; this bootstrap resamples clusters within conditions");
            }
            if (at[1] == clusters.get(c).size()) {
                clusters.get(c).add(new long[2]);
            }
            clusters.get(c).get(at[1])[0] += success[i];
            clusters.get(c).get(at[1])[1]++;
        }
        long[][] successes = new long[k][];
        long[][] ratings = new long[k][];
        double[] observed = new double[k];
        for (int c = 0; c < k; c++) {
            List<long[]> list = clusters.get(c);
            if (list.size() < 2) {
                throw new IllegalArgumentException("condition " + c + " has " + list.size()
                        + " clusters; a cluster bootstrap needs at least two in every condition");
            }
            successes[c] = list.stream().mapToLong(a -> a[0]).toArray();
            ratings[c] = list.stream().mapToLong(a -> a[1]).toArray();
            observed[c] = (double) sum(successes[c]) / sum(ratings[c]);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] share = new double[k][resamples];
        double[][] difference = new double[k][resamples];
        for (int b = 0; b < resamples; b++) {
            for (int c = 0; c < k; c++) {
                int g = successes[c].length;
                long s = 0;
                long n = 0;
                for (int draw = 0; draw < g; draw++) {
                    int j = Bootstrap.index(random, g);
                    s += successes[c][j];
                    n += ratings[c][j];
                }
                share[c][b] = (double) s / n;
                difference[c][b] = share[c][b] - share[0][b];
            }
        }
        List<ShareEstimate> shares = new ArrayList<>();
        List<ShareEstimate> differences = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            shares.add(new ShareEstimate(observed[c], Bootstrap.interval(share[c], confidence)));
            if (c > 0) {
                differences.add(new ShareEstimate(observed[c] - observed[0],
                        Bootstrap.interval(difference[c], confidence)));
            }
        }
        return new ClusterShares(shares, differences, resamples, confidence);
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum;
    }
}
