package io.github.empathy4j.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the cluster bootstrap. A bootstrap interval has no exact reference value, so these tests check
 * determinism, coverage in simulation, and its width against independent estimates of the same spread.
 */
class ClusterBootstrapTest {

    /** Ratings of {@code k} conditions, {@code g} clusters each of {@code m} ratings, beta-binomial in a cluster. */
    private record Design(int[] condition, int[] success, int[] cluster) {

        /**
         * Cluster {@code j}'s probability is Beta(a, b) with mean {@code p} and intra-cluster correlation
         * {@code 1 / (a + b + 1) = icc}; {@code icc = 0} makes the ratings independent.
         */
        static Design of(double[] p, int g, int m, double icc, SplittableRandom random) {
            int k = p.length;
            int n = k * g * m;
            int[] condition = new int[n];
            int[] success = new int[n];
            int[] cluster = new int[n];
            for (int i = 0; i < n; i++) {
                int c = i / (g * m);
                int j = i / m;
                condition[i] = c;
                cluster[i] = j;
            }
            for (int j = 0; j < k * g; j++) {
                int c = j / g;
                double q = icc == 0 ? p[c] : beta(p[c] * (1 / icc - 1), (1 - p[c]) * (1 / icc - 1), random);
                for (int r = 0; r < m; r++) {
                    success[j * m + r] = random.nextDouble() < q ? 1 : 0;
                }
            }
            return new Design(condition, success, cluster);
        }

        /** Beta(a, b) as a ratio of gammas (Marsaglia &amp; Tsang), enough for test data. */
        private static double beta(double a, double b, SplittableRandom random) {
            double x = gamma(a, random);
            return x / (x + gamma(b, random));
        }

        private static double gamma(double shape, SplittableRandom random) {
            if (shape < 1) {
                return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
            }
            double d = shape - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            while (true) {
                double z = normal(random);
                double v = Math.pow(1 + c * z, 3);
                if (v > 0 && Math.log(random.nextDouble()) < z * z / 2 + d - d * v + d * Math.log(v)) {
                    return d * v;
                }
            }
        }

        private static double normal(SplittableRandom random) {
            return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }
    }

    @Test
    void theSeedAloneDeterminesTheResult() {
        Design d = Design.of(new double[] {0.5, 0.6, 0.4}, 20, 10, 0.1, new SplittableRandom(1));
        ClusterShares a = ClusterBootstrap.shares(d.condition(), d.success(), d.cluster(), 2000, 0.95, 42);
        assertThat(ClusterBootstrap.shares(d.condition(), d.success(), d.cluster(), 2000, 0.95, 42)).isEqualTo(a);
        assertThat(ClusterBootstrap.shares(d.condition(), d.success(), d.cluster(), 2000, 0.95, 43)).isNotEqualTo(a);
        assertThat(a.shares()).hasSize(3);
        assertThat(a.differences()).hasSize(2);
        // the estimates are the observed shares, inside their intervals
        long good = 0;
        for (int i = 0; i < 200; i++) {
            good += d.success()[i];
        }
        assertThat(a.shares().get(0).estimate()).isEqualTo(good / 200.0);
        for (ShareEstimate s : a.shares()) {
            assertThat(s.interval().contains(s.estimate())).isTrue();
        }
        assertThat(a.differences().get(0).estimate())
                .isEqualTo(a.shares().get(1).estimate() - a.shares().get(0).estimate());
    }

    @Test
    void correlatedClustersWidenTheIntervalBeyondTheBinomialOne() {
        // 40 raters of 10 ratings each, intra-rater correlation 0.2: design effect 1 + 9 * 0.2 = 2.8, so the
        // interval should be about sqrt(2.8) = 1.67 times the Wilson interval's width
        Design d = Design.of(new double[] {0.5, 0.6}, 40, 10, 0.2, new SplittableRandom(5));
        ClusterShares shares = ClusterBootstrap.shares(d.condition(), d.success(), d.cluster(), 10_000, 0.95, 7);
        ShareEstimate first = shares.shares().get(0);
        Interval wilson = Interval.wilson(Math.round(first.estimate() * 400), 400, 0.95);
        double ratio = width(first.interval()) / width(wilson);
        assertThat(ratio).isBetween(1.3, 2.1);
        // independent ratings, one per cluster: the bootstrap matches the binomial spread
        Design independent = Design.of(new double[] {0.5, 0.6}, 400, 1, 0, new SplittableRandom(6));
        ShareEstimate alone = ClusterBootstrap.shares(independent.condition(), independent.success(),
                independent.cluster(), 10_000, 0.95, 8).shares().get(0);
        Interval binomial = Interval.wilson(Math.round(alone.estimate() * 400), 400, 0.95);
        assertThat(width(alone.interval()) / width(binomial)).isBetween(0.93, 1.07);
    }

    @Test
    void coversTheTrueShareAboutAsOftenAsItSays() {
        // 300 data sets of 2 conditions x 30 raters x 10 ratings, correlation 0.15, true shares 0.5 and 0.65;
        // a 90% percentile interval should cover about 90% (a little less with 30 clusters), the binomial one
        // far less (design effect 2.35)
        SplittableRandom random = new SplittableRandom(11);
        int sets = 300;
        int share = 0;
        int difference = 0;
        int wilson = 0;
        for (int s = 0; s < sets; s++) {
            Design d = Design.of(new double[] {0.5, 0.65}, 30, 10, 0.15, random);
            ClusterShares r = ClusterBootstrap.shares(d.condition(), d.success(), d.cluster(), 1000, 0.9, s);
            share += r.shares().get(0).interval().contains(0.5) ? 1 : 0;
            difference += r.differences().get(0).interval().contains(0.15) ? 1 : 0;
            long good = Math.round(r.shares().get(0).estimate() * 300);
            wilson += Interval.wilson(good, 300, 0.9).contains(0.5) ? 1 : 0;
        }
        // binomial standard error of a 90% coverage over 300 sets: 0.017
        assertThat(share / (double) sets).isBetween(0.82, 0.95);
        assertThat(difference / (double) sets).isBetween(0.82, 0.95);
        assertThat(wilson / (double) sets).isLessThan(0.80);
    }

    @Test
    void onTheReleaseItAgreesWithTheRaterClusteredSandwich() {
        ReleaseRatings r = ReleaseRatings.read();
        ClusterShares shares = ClusterBootstrap.shares(r.condition(), r.success(), r.rater(), 10_000, 0.95, 2024);
        // exact: Good 986, 1295 and 1268 of 2,000
        assertThat(shares.shares().get(0).estimate()).isEqualTo(0.493);
        assertThat(shares.differences().get(0).estimate()).isEqualTo(1295 / 2000.0 - 0.493);
        // the rater-clustered delta-method standard error of the GPT-4 - human difference (R: 0.019048056701589561,
        // see ClusteredLogitTest) gives a 95% width of 2 * 1.96 * 0.01905 = 0.0747; the bootstrap estimates the
        // same spread without the sandwich's G / (G - 1) = 200 / 199
        double expected = 2 * 1.959963984540054 * 0.019048056701589561;
        assertThat(width(shares.differences().get(0).interval()) / expected).isBetween(0.92, 1.08);
        // and is wider than the binomial interval of an independent-ratings analysis
        assertThat(width(shares.shares().get(1).interval()))
                .isGreaterThan(1.1 * width(Interval.wilson(1295, 2000, 0.95)));
    }

    private static double width(Interval interval) {
        return interval.upper() - interval.lower();
    }

    @Test
    void badInputIsRefused() {
        int[] c = {0, 0, 1, 1};
        int[] s = {0, 1, 0, 1};
        assertThatThrownBy(() -> ClusterBootstrap.shares(c, s, new int[] {1, 2, 2, 3}, 10, 0.95, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster 2 has ratings in conditions 0 and 1");
        assertThatThrownBy(() -> ClusterBootstrap.shares(c, s, new int[] {1, 1, 2, 3}, 10, 0.95, 1))
                .hasMessageContaining("condition 0 has 1 clusters");
        assertThatThrownBy(() -> ClusterBootstrap.shares(new int[] {0, 0, 2, 2}, s, new int[] {1, 2, 3, 4}, 10,
                0.95, 1)).hasMessageContaining("condition 1 has 0 clusters");
        assertThatThrownBy(() -> ClusterBootstrap.shares(c, s, new int[] {1, 2, 3}, 10, 0.95, 1))
                .hasMessageContaining("differ in length: 4, 4 and 3");
        assertThatThrownBy(() -> ClusterBootstrap.shares(c, new int[] {0, 1, 0, 3}, new int[] {1, 2, 3, 4}, 10,
                0.95, 1)).hasMessageContaining("success 3 at rating 3");
        assertThatThrownBy(() -> ClusterBootstrap.shares(c, s, new int[] {1, 2, 3, 4}, 0, 0.95, 1))
                .hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> ClusterBootstrap.shares(c, s, new int[] {1, 2, 3, 4}, 10, 0, 1))
                .hasMessageContaining("confidence level 0.0");
        assertThatThrownBy(() -> ClusterBootstrap.shares(new int[0], new int[0], new int[0], 10, 0.95, 1))
                .hasMessageContaining("needs ratings");
    }
}
