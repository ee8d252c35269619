package io.github.empathy4j.stats;

import java.util.Arrays;

/**
 * The joint mid-ranking of several samples, held as counts: the distinct values in ascending order and how often
 * each sample has each value. Rank sums, sizes and the tie term {@code sum(t^3 - t)} follow from the counts, so
 * data on a rating scale rank in {@code O(levels)} rather than by sorting.
 */
final class Ranks {

    final double[] values;
    final long[][] counts;
    final double[] rankSums;
    final double[] sizes;
    final double n;
    final double ties;

    private Ranks(double[] values, long[][] counts) {
        this.values = values;
        this.counts = counts;
        int k = counts.length;
        rankSums = new double[k];
        sizes = new double[k];
        double below = 0;
        double tieSum = 0;
        for (int d = 0; d < values.length; d++) {
            double t = 0;
            for (long[] sample : counts) {
                t += sample[d];
            }
            double midRank = below + (t + 1) / 2;
            for (int s = 0; s < k; s++) {
                rankSums[s] += counts[s][d] * midRank;
                sizes[s] += counts[s][d];
            }
            tieSum += t * t * t - t;
            below += t;
        }
        n = below;
        ties = tieSum;
    }

    /** From counts: {@code counts[s][d]} is how often sample {@code s} has {@code values[d]} (ascending values). */
    static Ranks ofCounts(double[] values, long[]... counts) {
        return new Ranks(values, counts);
    }

    /** From the samples' values (none {@code NaN}); {@code -0.0} and {@code 0.0} are the same value. */
    static Ranks of(double[]... samples) {
        int total = 0;
        for (double[] sample : samples) {
            total += sample.length;
        }
        double[] pooled = new double[total];
        int offset = 0;
        for (double[] sample : samples) {
            for (double v : sample) {
                pooled[offset++] = v + 0.0;
            }
        }
        Arrays.sort(pooled);
        double[] distinct = Arrays.stream(pooled).distinct().toArray();
        long[][] counts = new long[samples.length][distinct.length];
        for (int s = 0; s < samples.length; s++) {
            for (double v : samples[s]) {
                counts[s][Arrays.binarySearch(distinct, v + 0.0)]++; // -0.0 + 0.0 is 0.0
            }
        }
        return new Ranks(distinct, counts);
    }

    /** Whether no two values are equal. */
    boolean tieFree() {
        return ties == 0;
    }

    /** Sample {@code s}'s values, in ascending order. */
    double[] sample(int s) {
        double[] sample = new double[(int) sizes[s]];
        for (int d = 0, i = 0; d < values.length; d++) {
            Arrays.fill(sample, i, i + (int) counts[s][d], values[d]);
            i += (int) counts[s][d];
        }
        return sample;
    }
}
