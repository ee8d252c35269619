package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static io.github.empathy4j.stats.ReferenceCsv.counts;
import static io.github.empathy4j.stats.ReferenceCsv.number;
import static io.github.empathy4j.stats.ReferenceCsv.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand cases with the statsmodels, python or R command beside each value, and 200 fresh random cases per method
 * written by {@code src/test/resources/io/github/empathy4j/stats/paired/effects_reference.py} (statsmodels 0.13.5;
 * Cliff's delta from its formula on the dominance matrix) and {@code paired_reference.R} (R 4.2, Cramér's V by
 * {@code pchisq} and {@code uniroot}; hand cases also against the effectsize package).
 * Closed forms agree to 1e-14 and are asserted at 1e-9 relative. Cramér's V bounds come from root finders on both
 * sides (Brent to 1e-12 here, {@code uniroot(tol = 1e-13)} in R, whose {@code pchisq} with {@code ncp} is itself
 * accurate to about 1e-12); measured worst relative gap 2.7e-13 over the 200 cases, asserted at {@value #ROOT},
 * a margin against other platforms' rounding, not a slack the method needs.
 */
class EffectSizesTest {

    /** Tolerance where a root finder is involved (see the class comment). */
    private static final double ROOT = 1e-9;

    @Test
    void proportionsOfTheStudyMatchStatsmodels() {
        // GPT-4 Good 1295 of 2000 vs human 986 of 2000
        // python: confint_proportions_2indep(1295,2000,986,2000,method='newcomb',compare='diff')
        //    -> (0.12401557100600388, 0.18457430835461772)
        Estimate rd = EffectSizes.riskDifference(1295, 2000, 986, 2000, 0.95);
        near(rd.value(), 1295.0 / 2000 - 986.0 / 2000);
        near(rd.interval().lower(), 0.12401557100600388);
        near(rd.interval().upper(), 0.18457430835461772);
        assertThat(rd.confidence()).isEqualTo(0.95);
        // python: t = Table2x2(np.array([[1295,705],[986,1014]]), shift_zeros=False)
        //    t.riskratio -> 1.3133874239350911, t.riskratio_confint() -> (1.243147797397184, 1.3875956897180775)
        Estimate rr = EffectSizes.riskRatio(1295, 2000, 986, 2000, 0.95);
        near(rr.value(), 1.3133874239350911);
        near(rr.interval().lower(), 1.243147797397184);
        near(rr.interval().upper(), 1.3875956897180775);
        //    t.oddsratio -> 1.8890423374045142, t.oddsratio_confint() -> (1.663935351405964, 2.1446031238482166)
        Estimate or = EffectSizes.oddsRatio(1295, 2000, 986, 2000, 0.95);
        near(or.value(), 1.8890423374045142);
        near(or.interval().lower(), 1.663935351405964);
        near(or.interval().upper(), 2.1446031238482166);
    }

    @Test
    void aZeroCellAddsOneHalfToEveryCellForRatiosOnly() {
        // 0 of 10 vs 5 of 10
        // python: confint_proportions_2indep(0,10,5,10,method='newcomb',compare='diff')
        //    -> (-0.7634069094874361, -0.11736746745022203)
        Estimate rd = EffectSizes.riskDifference(0, 10, 5, 10, 0.95);
        near(rd.value(), -0.5);
        near(rd.interval().lower(), -0.7634069094874361);
        near(rd.interval().upper(), -0.11736746745022203);
        // python: t = Table2x2(np.array([[0.5,10.5],[5.5,5.5]]), shift_zeros=False)
        //    t.riskratio -> 0.09090909090909091, confint (0.005686257833282938, 1.4534097911536137)
        //    t.oddsratio -> 0.047619047619047616, confint (0.002203072073967128, 1.029278035403467)
        Estimate rr = EffectSizes.riskRatio(0, 10, 5, 10, 0.95);
        near(rr.value(), 0.09090909090909091);
        near(rr.interval().lower(), 0.005686257833282938);
        near(rr.interval().upper(), 1.4534097911536137);
        Estimate or = EffectSizes.oddsRatio(0, 10, 5, 10, 0.95);
        near(or.value(), 0.047619047619047616);
        near(or.interval().lower(), 0.002203072073967128);
        near(or.interval().upper(), 1.029278035403467);
        // all success in both: still finite, estimate 1 inside its interval
        Estimate all = EffectSizes.oddsRatio(7, 7, 3, 3, 0.95);
        near(all.value(), 7.5 * 0.5 / (0.5 * 3.5));
        assertThat(all.interval().contains(all.value())).isTrue();
    }

    @Test
    void proportionsRejectImpossibleCounts() {
        assertThatThrownBy(() -> EffectSizes.riskDifference(3, 2, 1, 2, 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x1 3 of n1 2");
        assertThatThrownBy(() -> EffectSizes.riskRatio(1, 2, 0, 0, 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x2 0 of n2 0");
        assertThatThrownBy(() -> EffectSizes.oddsRatio(1, 2, 1, 2, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence level 1.0");
    }

    @Test
    void cliffsDeltaOnTheStudyLevels() {
        // GPT-4 (Bad, Okay, Good) = (142, 563, 1295) vs human (342, 672, 986)
        // python (the cliff function of effects_reference.py):
        //    cliff(np.repeat([0,1,2],[142,563,1295]), np.repeat([0,1,2],[342,672,986]), 0.95)
        //    -> (0.1787805, 0.1475885186172535, 0.2096172029476259)
        Estimate d = EffectSizes.cliffsDelta(new long[] {142, 563, 1295}, new long[] {342, 672, 986}, 0.95);
        // exact: (P(X > Y) - P(X < Y)) = (563*342 + 1295*(342+672) - 142*(672+986) - 563*986) / 4e6
        near(d.value(), (563.0 * 342 + 1295.0 * (342 + 672) - 142.0 * (672 + 986) - 563.0 * 986) / 4e6);
        near(d.interval().lower(), 0.1475885186172535);
        near(d.interval().upper(), 0.2096172029476259);
        // delta = 2 U / (n_x n_y) - 1 with Mann-Whitney's U (ties count one half)
        double u = RankTests.mannWhitney(expand(142, 563, 1295), expand(342, 672, 986)).statistic();
        near(d.value(), 2 * u / 4e6 - 1);
    }

    /** A sample with the given counts of the codes 0, 1, 2, .... */
    private static double[] expand(long... counts) {
        return java.util.stream.IntStream.range(0, counts.length)
                .flatMap(level -> java.util.stream.IntStream.generate(() -> level).limit(counts[level]))
                .asDoubleStream().toArray();
    }

    @Test
    void cliffsDeltaEdgeCases() {
        // disjoint: python cliff(np.repeat([0,1,2],[0,0,4]), np.repeat([0,1,2],[3,0,0]), 0.95)
        //    -> (1.0, 0.643152761609725, 1.0)
        Estimate disjoint = EffectSizes.cliffsDelta(new long[] {0, 0, 4}, new long[] {3, 0, 0}, 0.95);
        near(disjoint.value(), 1);
        near(disjoint.interval().lower(), 0.643152761609725);
        near(disjoint.interval().upper(), 1);
        // python cliff(np.repeat([0,1,2],[1,2,0]), np.repeat([0,1,2],[0,1,3]), 0.95)
        //    -> (-0.8333333333333334, -0.9812587995207852, -0.06741120960588266)
        Estimate small = EffectSizes.cliffsDelta(new long[] {1, 2, 0}, new long[] {0, 1, 3}, 0.95);
        near(small.value(), -10.0 / 12);
        near(small.interval().lower(), -0.9812587995207852);
        near(small.interval().upper(), -0.06741120960588266);
        // every value on one level: delta 0, no interval; one value in a sample: no interval
        Estimate equal = EffectSizes.cliffsDelta(new long[] {0, 5}, new long[] {0, 3}, 0.95);
        near(equal.value(), 0);
        assertThat(equal.interval().lower()).isNaN();
        assertThat(equal.interval().upper()).isNaN();
        Estimate one = EffectSizes.cliffsDelta(new long[] {1, 0}, new long[] {2, 3}, 0.95);
        near(one.value(), -0.6);
        assertThat(one.interval().lower()).isNaN();
        assertThatThrownBy(() -> EffectSizes.cliffsDelta(new long[] {0, 0}, new long[] {1, 1}, 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample x is empty");
        assertThatThrownBy(() -> EffectSizes.cliffsDelta(new long[] {1, -1}, new long[] {1, 1}, 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative count -1");
        assertThatThrownBy(() -> EffectSizes.cliffsDelta(new long[] {1}, new long[] {1, 1}, 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x 1 and y 2");
    }

    @Test
    void cramersVIntervalMatchesRNoncentralInversion() {
        // R: ncp <- function(x2, df, p) { f <- function(l) pchisq(x2, df, ncp = l) - p; if (f(0) <= 0) return(0);
        //        hi <- max(1, x2); while (f(hi) > 0) hi <- 2 * hi; uniroot(f, c(0, hi), tol = 1e-13)$root }
        //    m <- matrix(c(1295,705,986,1014),2,byrow=TRUE); x2 <- chisq.test(m, correct=FALSE)$statistic
        //    c(sqrt(x2/4000), sqrt(ncp(x2,1,0.975)/4000), sqrt(ncp(x2,1,0.025)/4000))
        //    -> 0.15604788917734089 0.12505813756211298 0.18703764079256896
        Estimate phi = EffectSizes.cramersV(new long[][] {{1295, 705}, {986, 1014}}, 0.95);
        near(phi.value(), 0.15604788917734089);
        near(phi.interval().lower(), 0.12505813756211298, ROOT);
        near(phi.interval().upper(), 0.18703764079256896, ROOT);
        // the same for matrix(c(142,563,1295,342,672,986),2,byrow=TRUE), df 2
        //    -> 0.18311481593741050 0.15137429618400775 0.21347226541202111
        Estimate v = EffectSizes.cramersV(new long[][] {{142, 563, 1295}, {342, 672, 986}}, 0.95);
        near(v.value(), 0.18311481593741050);
        near(v.interval().lower(), 0.15137429618400775, ROOT);
        near(v.interval().upper(), 0.21347226541202111, ROOT);
        // 5x3, 90%: pchisq(8.7, 8) = 0.632 < 0.95, so no lower root: bound 0
        //    s <- sum(m)*2; c(sqrt(x2/s), sqrt(ncp(x2,8,0.95)/s), sqrt(ncp(x2,8,0.05)/s))
        //    -> 0.12041594578792295 0 0.14245741926577543
        long[][] five = {{10, 20, 30}, {5, 25, 30}, {12, 18, 30}, {8, 22, 30}, {15, 15, 30}};
        Estimate weak = EffectSizes.cramersV(five, 0.90);
        near(weak.value(), 0.12041594578792295);
        assertThat(weak.interval().lower()).isZero();
        near(weak.interval().upper(), 0.14245741926577543, ROOT);
    }

    @Test
    void cramersVIntervalMatchesTheEffectsizePackage() {
        // R 4.2, effectsize 0.8.3 (Debian r-cran-effectsize), whose root search stops early (1e-8 to 3e-7 off the
        // pchisq/uniroot roots), hence 1e-6:
        //    cramers_v(m, ci=0.95, alternative="two.sided", adjust=FALSE) for the tables above
        //    -> 0.15604788917734089 [0.12505813734421367, 0.18703764069653228] (phi(m, ...) gives the same)
        //    -> 0.1831148159374105 [0.151374294810944, 0.21347226748821596]
        //    m = the 5x3 table, ci=0.90 -> 0.12041594578792293 [0, 0.14245742612913945]
        //    m = matrix(c(4,0,0,4),2) -> 1 [0.30638170191749992, 1]
        double loose = 1e-6;
        Interval phi = EffectSizes.cramersV(new long[][] {{1295, 705}, {986, 1014}}, 0.95).interval();
        near(phi.lower(), 0.12505813734421367, loose);
        near(phi.upper(), 0.18703764069653228, loose);
        Interval v = EffectSizes.cramersV(new long[][] {{142, 563, 1295}, {342, 672, 986}}, 0.95).interval();
        near(v.lower(), 0.151374294810944, loose);
        near(v.upper(), 0.21347226748821596, loose);
        long[][] five = {{10, 20, 30}, {5, 25, 30}, {12, 18, 30}, {8, 22, 30}, {15, 15, 30}};
        Interval weak = EffectSizes.cramersV(five, 0.90).interval();
        assertThat(weak.lower()).isZero();
        near(weak.upper(), 0.14245742612913945, loose);
        Interval strong = EffectSizes.cramersV(new long[][] {{4, 0}, {0, 4}}, 0.95).interval();
        near(strong.lower(), 0.30638170191749992, loose);
        assertThat(strong.upper()).isEqualTo(1);
        // R: sqrt(uniroot(function(l) pchisq(8, 1, ncp = l) - 0.975, c(0, 8), tol = 1e-15)$root / 8)
        //    -> 0.30638178964688834
        near(strong.lower(), 0.30638178964688834, ROOT);
    }

    @Test
    void cramersVEdgeCases() {
        // X^2 = 0: P(X^2 <= 0) = 0 for every noncentrality, so both bounds are 0
        Estimate none = EffectSizes.cramersV(new long[][] {{5, 5}, {5, 5}}, 0.95);
        near(none.value(), 0);
        assertThat(none.interval()).isEqualTo(new Interval(0, 0));
        // one non-empty row: undefined
        Estimate undefined = EffectSizes.cramersV(new long[][] {{5, 5}, {0, 0}}, 0.95);
        assertThat(undefined.value()).isNaN();
        assertThat(undefined.interval().upper()).isNaN();
        // a strong association in a small table: the upper bound is capped at 1
        Estimate strong = EffectSizes.cramersV(new long[][] {{4, 0}, {0, 4}}, 0.95);
        near(strong.value(), 1);
        assertThat(strong.interval().upper()).isEqualTo(1);
        assertThatThrownBy(() -> EffectSizes.cramersV(new long[][] {{1, 2}, {3, 4}}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence level 0");
    }

    @Test
    void randomProportionsAgreeWithStatsmodels() {
        List<Map<String, String>> cases = ReferenceCsv.read("paired/proportions.csv");
        assertThat(cases).hasSize(200);
        for (Map<String, String> c : cases) {
            long x1 = Long.parseLong(c.get("x1"));
            long n1 = Long.parseLong(c.get("n1"));
            long x2 = Long.parseLong(c.get("x2"));
            long n2 = Long.parseLong(c.get("n2"));
            double confidence = number(c, "confidence");
            check(EffectSizes.riskDifference(x1, n1, x2, n2, confidence), c, "rd", 1e-9);
            check(EffectSizes.riskRatio(x1, n1, x2, n2, confidence), c, "rr", 1e-9);
            check(EffectSizes.oddsRatio(x1, n1, x2, n2, confidence), c, "or", 1e-9);
        }
    }

    @Test
    void randomCliffsDeltaAgreesWithTheDominanceMatrix() {
        List<Map<String, String>> cases = ReferenceCsv.read("paired/cliff.csv");
        assertThat(cases).hasSize(200);
        for (Map<String, String> c : cases) {
            Estimate d = EffectSizes.cliffsDelta(counts(c.get("x")), counts(c.get("y")), number(c, "confidence"));
            near(d.value(), number(c, "delta"));
            check(d, c, "", 1e-9);
        }
    }

    @Test
    void randomCramersVAgreesWithR() {
        List<Map<String, String>> cases = ReferenceCsv.read("paired/cramers_v.csv");
        assertThat(cases).hasSizeGreaterThan(190);
        for (Map<String, String> c : cases) {
            Estimate v = EffectSizes.cramersV(table(c.get("table")), number(c, "confidence"));
            near(v.value(), number(c, "v"));
            near(v.interval().lower(), number(c, "lower"), ROOT);
            near(v.interval().upper(), number(c, "upper"), ROOT);
        }
    }

    /**
     * The estimate's value and bounds against columns {@code prefix}, {@code prefix_lower}, {@code prefix_upper}
     * (just {@code lower}, {@code upper} without prefix); relative tolerance, absolute 1e-15 near 0.
     */
    private static void check(Estimate e, Map<String, String> c, String prefix, double tolerance) {
        String p = prefix.isEmpty() ? "" : prefix + "_";
        if (!prefix.isEmpty()) {
            near(e.value(), number(c, prefix), tolerance);
        }
        near(e.interval().lower(), number(c, p + "lower"), tolerance);
        near(e.interval().upper(), number(c, p + "upper"), tolerance);
    }
}
