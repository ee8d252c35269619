package io.github.empathy4j.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The paired percentile bootstrap of the differences between conditions in one group.
 *
 * <p>Every condition answered the same dialogues, so a resample draws dialogues with replacement and takes every
 * condition's ratings of each drawn dialogue. Each dialogue's ratings are precomputed as one packed {@code long}
 * per condition, {@code successes << 32 | ratings}, so a resample is a sum of longs. Resamples are split into
 * fixed chunks, each with its own {@link SplittableRandom} split from the group's generator in a fixed order: the
 * chunks may run in parallel and the result still depends on the seed alone.
 *
 * <p>The interval is the {@code (1 - confidence) / 2} and {@code (1 + confidence) / 2} quantiles of the resampled
 * statistics, interpolated as R's {@code quantile(type = 7)}; resamples whose statistic is undefined ({@code NaN},
 * a condition without ratings in the resample, or 0/0) are left out.
 *
 * <p>Reference: Efron &amp; Tibshirani (1993), <i>An Introduction to the Bootstrap</i>, chapter 13.
 */
final class Bootstrap {

    private static final int CHUNK = 250;
    private static final long LOW_32 = 0xFFFF_FFFFL;

    private Bootstrap() {
    }

    /** Packs one rating for {@link #intervals}: add it to its dialogue's and condition's cell. */
    static long pack(boolean success) {
        return success ? (1L << 32) + 1 : 1;
    }

    /**
     * The intervals of each condition against condition 0 (the baseline).
     *
     * @param packed per dialogue, per condition ({@code packed[dialogue * k + condition]}) the packed ratings
     * @param k the number of conditions
     * @return for each condition {@code c >= 1}: {@code [c][0]} the share difference's interval, {@code [c][1]}
     *     the relative increase's; row 0 is {@code null}
     */
    static Interval[][] intervals(long[] packed, int k, int resamples, double confidence, SplittableRandom random) {
        int dialogues = packed.length / k;
        double[][] difference = new double[k][resamples];
        double[][] relative = new double[k][resamples];
        int chunks = (resamples + CHUNK - 1) / CHUNK;
        SplittableRandom[] streams = new SplittableRandom[chunks];
        for (int i = 0; i < chunks; i++) {
            streams[i] = random.split();
        }
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            SplittableRandom r = streams[chunk];
            long[] sum = new long[k];
            int end = Math.min(resamples, (chunk + 1) * CHUNK);
            for (int b = chunk * CHUNK; b < end; b++) {
                Arrays.fill(sum, 0);
                for (int i = 0; i < dialogues; i++) {
                    int row = index(r, dialogues) * k;
                    for (int c = 0; c < k; c++) {
                        sum[c] += packed[row + c];
                    }
                }
                double baseline = share(sum[0]);
                for (int c = 1; c < k; c++) {
                    double share = share(sum[c]);
                    difference[c][b] = share - baseline;
                    relative[c][b] = share / baseline - 1;
                }
            }
        });
        Interval[][] result = new Interval[k][];
        for (int c = 1; c < k; c++) {
            result[c] = new Interval[] {interval(difference[c], confidence), interval(relative[c], confidence)};
        }
        return result;
    }

    /**
     * A uniform index in {@code [0, bound)} by Lemire's multiply-and-shift with rejection (unbiased, and without
     * the division of {@link SplittableRandom#nextInt(int)} in all but a few draws).
     *
     * <p>Reference: Lemire (2019), "Fast Random Integer Generation in an Interval", ACM TOMACS 29(1).
     */
    static int index(SplittableRandom random, int bound) {
        long product = (random.nextInt() & LOW_32) * bound;
        if ((product & LOW_32) < bound) {
            long threshold = ((1L << 32) - bound) % bound;
            while ((product & LOW_32) < threshold) {
                product = (random.nextInt() & LOW_32) * bound;
            }
        }
        return (int) (product >>> 32);
    }

    private static double share(long packedSum) {
        return (double) (packedSum >>> 32) / (packedSum & LOW_32);
    }

    /** The percentile interval of a sample (sorted in place), ignoring {@code NaN}. */
    static Interval interval(double[] values, double confidence) {
        Arrays.sort(values);
        int count = values.length;
        while (count > 0 && Double.isNaN(values[count - 1])) {
            count--;
        }
        return new Interval(quantile(values, count, (1 - confidence) / 2),
                quantile(values, count, (1 + confidence) / 2));
    }

    /** R's {@code quantile(x, p, type = 7)} of the first {@code count} values of a sorted array. */
    static double quantile(double[] sorted, int count, double p) {
        if (count == 0) {
            return Double.NaN;
        }
        double h = (count - 1) * p;
        int low = (int) Math.floor(h);
        if (low + 1 >= count || sorted[low] == sorted[low + 1]) {
            return sorted[low];
        }
        return sorted[low] + (h - low) * (sorted[low + 1] - sorted[low]);
    }
}
