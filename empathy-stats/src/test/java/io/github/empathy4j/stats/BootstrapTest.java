package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    @Test
    void quantileIsRsTypeSeven() {
        // R: quantile(c(0.3, -1, 2.5, 2.5, 7, 0.1, 4), c(0.025, 0.975, 0.5), type=7) -> -0.835, 6.55, 2.5
        double[] values = {0.3, -1, 2.5, 2.5, 7, 0.1, 4};
        Interval i = Bootstrap.interval(values.clone(), 0.95);
        near(i.lower(), -0.83500000000000008);
        near(i.upper(), 6.5499999999999989);
        java.util.Arrays.sort(values);
        near(Bootstrap.quantile(values, values.length, 0.5), 2.5);
        assertThat(Bootstrap.interval(new double[] {Double.NaN, Double.NaN}, 0.95).lower()).isNaN();
    }

    @Test
    void indicesAreUniform() {
        SplittableRandom random = new SplittableRandom(3);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[Bootstrap.index(random, 7)]++;
        }
        // each expected 10,000 with standard deviation about 93
        for (int c : counts) {
            assertThat(c).isBetween(9_600, 10_400);
        }
        assertThat(Bootstrap.index(random, 1)).isZero();
    }

    /** Packs one rating per dialogue and condition: success flags per condition, dialogue-major. */
    private static long[] pack(boolean[][] successByDialogue) {
        int k = successByDialogue[0].length;
        long[] packed = new long[successByDialogue.length * k];
        for (int d = 0; d < successByDialogue.length; d++) {
            for (int c = 0; c < k; c++) {
                packed[d * k + c] = Bootstrap.pack(successByDialogue[d][c]);
            }
        }
        return packed;
    }

    @Test
    void resamplingIsPairedByDialogue() {
        // condition 1 copies the baseline; condition 2 succeeds wherever the baseline does and on 10 more dialogues
        boolean[][] data = new boolean[100][3];
        for (int d = 0; d < 100; d++) {
            boolean base = d % 3 == 0;
            data[d] = new boolean[] {base, base, base || d % 10 == 1};
        }
        Interval[][] intervals = Bootstrap.intervals(pack(data), 3, 2000, 0.95, new SplittableRandom(7));
        // identical per dialogue: every paired resample has difference 0 and relative increase 0
        assertThat(intervals[1][0]).isEqualTo(new Interval(0, 0));
        assertThat(intervals[1][1]).isEqualTo(new Interval(0, 0));
        // never worse on any dialogue: no paired resample can have a negative difference
        assertThat(intervals[2][0].lower()).isGreaterThanOrEqualTo(0);
        assertThat(intervals[2][0].contains(0.06)).isTrue();
        assertThat(intervals[0]).isNull();
    }

    @Test
    void sameSeedSameIntervalsAndTheWidthIsPlausible() {
        SplittableRandom data = new SplittableRandom(1);
        boolean[][] ratings = new boolean[500][2];
        for (int d = 0; d < 500; d++) {
            ratings[d] = new boolean[] {data.nextDouble() < 0.5, data.nextDouble() < 0.6};
        }
        long[] packed = pack(ratings);
        Interval[][] first = Bootstrap.intervals(packed, 2, 4000, 0.95, new SplittableRandom(42));
        Interval[][] second = Bootstrap.intervals(packed, 2, 4000, 0.95, new SplittableRandom(42));
        Interval[][] other = Bootstrap.intervals(packed, 2, 4000, 0.95, new SplittableRandom(43));
        assertThat(first[1]).containsExactly(second[1]);
        assertThat(other[1][0]).isNotEqualTo(first[1][0]);
        // independent conditions: the difference's standard error is about sqrt(0.25/500 + 0.24/500) = 0.0313,
        // so the 95% interval is about 4 * 0.0313 = 0.125 wide
        double width = first[1][0].upper() - first[1][0].lower();
        assertThat(width).isBetween(0.11, 0.14);
    }
}
