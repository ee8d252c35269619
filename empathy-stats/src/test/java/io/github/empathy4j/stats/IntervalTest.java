package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void wilsonMatchesPropTestWithoutCorrection() {
        // R: prop.test(x, n, correct=FALSE)$conf.int for (986, 2000), (0, 10), (10, 10), (1, 1), (3, 7)
        long[][] cases = {{986, 2000}, {0, 10}, {10, 10}, {1, 1}, {3, 7}};
        double[][] expected = {{0.47112351149482434, 0.51490332716711307}, {0, 0.27753279986288915},
            {0.72246720013711085, 1}, {0.2065493143772375, 1}, {0.1582198552514697, 0.74954163547234265}};
        for (int i = 0; i < cases.length; i++) {
            Interval w = Interval.wilson(cases[i][0], cases[i][1], 0.95);
            near(w.lower(), expected[i][0]);
            near(w.upper(), expected[i][1]);
        }
        // R: prop.test(3, 7, correct=FALSE, conf.level=0.9)$conf.int -> 0.18644319036395615 0.71052290898640702
        Interval ninety = Interval.wilson(3, 7, 0.9);
        near(ninety.lower(), 0.18644319036395615);
        near(ninety.upper(), 0.71052290898640702);
    }

    @Test
    void wilsonBoundsAreExactlyZeroAndOneAtTheEnds() {
        // R: prop.test(0, n, correct=FALSE)$conf.int[1] is exactly 0 and prop.test(n, n, ...)$conf.int[2] exactly 1
        // (R sets them when x/n is 0 or 1); arithmetic alone leaves some a rounding error away.
        for (double confidence : new double[] {0.8, 0.9, 0.95, 0.99}) {
            for (long n = 1; n <= 2000; n++) {
                assertThat(Interval.wilson(0, n, confidence).lower()).as("n %d", n).isEqualTo(0.0);
                assertThat(Interval.wilson(n, n, confidence).upper()).as("n %d", n).isEqualTo(1.0);
                Interval mid = Interval.wilson(n / 3, n, confidence);
                assertThat(mid.lower()).isBetween(0.0, 1.0);
                assertThat(mid.upper()).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> Interval.wilson(0, 0, 0.95)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n 0");
        assertThatThrownBy(() -> Interval.wilson(5, 4, 0.95)).hasMessageContaining("successes 5 of n 4");
        assertThatThrownBy(() -> Interval.wilson(1, 4, 1.0)).hasMessageContaining("confidence level 1.0");
    }
}
