package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static io.github.empathy4j.stats.ReferenceCsv.booleans;
import static io.github.empathy4j.stats.ReferenceCsv.codes;
import static io.github.empathy4j.stats.ReferenceCsv.columns;
import static io.github.empathy4j.stats.ReferenceCsv.number;
import static io.github.empathy4j.stats.ReferenceCsv.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand cases with the R or statsmodels command beside each value, and 200 fresh random cases per test written by
 * {@code src/test/resources/io/github/empathy4j/stats/paired/paired_reference.R} (R 4.2) and
 * {@code effects_reference.py} (statsmodels 0.13.5), agreeing to 1e-9 (relative; p-values too).
 */
class PairedTestsTest {

    @Test
    void mcNemarMatchesRWithAndWithoutCorrection() {
        // R: r <- mcnemar.test(matrix(c(50,12,30,8),2)); c(r$statistic, r$p.value)
        //    -> 6.8809523809523813753 0.0087119129623795828 (b = 30, c = 12)
        TestResult corrected = PairedTests.mcNemar(30, 12, true);
        near(corrected.statistic(), 6.8809523809523813753);
        near(corrected.p().raw(), 0.0087119129623795828);
        assertThat(corrected.df()).isEqualTo(1);
        // R: mcnemar.test(matrix(c(50,12,30,8),2), correct=FALSE) -> 7.7142857142857144126 0.0054785532425473699
        TestResult plain = PairedTests.mcNemar(30, 12, false);
        near(plain.statistic(), 7.7142857142857144126);
        near(plain.p().raw(), 0.0054785532425473699);
    }

    @Test
    void mcNemarEdgeCasesAsR() {
        // R: mcnemar.test(matrix(c(1,5,5,1),2)) -> 0, p 1 (no correction for a symmetric table)
        near(PairedTests.mcNemar(5, 5, true).statistic(), 0);
        near(PairedTests.mcNemar(5, 5, true).p().raw(), 1);
        // R: mcnemar.test(matrix(c(1,2,3,1),2)) -> 0, p 1 (|b - c| = 1: the correction is not capped)
        near(PairedTests.mcNemar(3, 2, true).statistic(), 0);
        // R: mcnemar.test(matrix(c(3,0,0,4),2))$statistic -> NaN
        TestResult none = PairedTests.mcNemar(0, 0, true);
        assertThat(none.statistic()).isNaN();
        assertThat(none.p().raw()).isNaN();
        assertThat(none.p().familySize()).isZero();
        assertThatThrownBy(() -> PairedTests.mcNemar(-1, 3, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> PairedTests.mcNemar(new boolean[2], new boolean[3], true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x 2 and y 3");
    }

    @Test
    void mcNemarFromPairedOutcomesCountsTheDiscordantPairs() {
        // b = 2 (x only), c = 1 (y only); (|2 - 1|)^2 / 3 = 1/3 without correction
        boolean[] x = {true, true, true, false, false, true};
        boolean[] y = {true, false, false, true, false, true};
        near(PairedTests.mcNemar(x, y, false).statistic(), 1.0 / 3);
        assertThat(PairedTests.mcNemar(x, y, true)).isEqualTo(PairedTests.mcNemar(2, 1, true));
    }

    @Test
    void stuartMaxwellMatchesStatsmodels() {
        // python: SquareTable(np.array([[20,10,5],[3,30,15],[2,5,40]]), shift_zeros=False).homogeneity()
        //    -> statistic 8.676171079429743, df 2, p 0.013061510024661271
        TestResult r = PairedTests.stuartMaxwell(new long[][] {{20, 10, 5}, {3, 30, 15}, {2, 5, 40}});
        near(r.statistic(), 8.676171079429743);
        assertThat(r.df()).isEqualTo(2);
        near(r.p().raw(), 0.013061510024661271);
        // a 2x2 table is McNemar without correction: (7 - 2)^2 / 9
        // R: pchisq(25/9, 1, lower.tail=FALSE) -> 0.095580704545628808
        TestResult two = PairedTests.stuartMaxwell(new long[][] {{10, 7}, {2, 9}});
        near(two.statistic(), 25.0 / 9);
        near(two.p().raw(), 0.095580704545628808);
    }

    @Test
    void stuartMaxwellLeavesOutLevelsWithoutDiscordantPairs() {
        // level 3 is in no discordant pair: the test is McNemar on levels 1 and 2, (3 - 1)^2 / 4 = 1 with 1 df;
        // R: pchisq(1, 1, lower.tail=FALSE) -> 0.31731050786291415 (statsmodels gives NaN: singular matrix)
        TestResult r = PairedTests.stuartMaxwell(new long[][] {{5, 3, 0}, {1, 6, 0}, {0, 0, 4}});
        near(r.statistic(), 1);
        assertThat(r.df()).isEqualTo(1);
        near(r.p().raw(), 0.31731050786291415);
        TestResult none = PairedTests.stuartMaxwell(new long[][] {{5, 0}, {0, 6}});
        assertThat(none.statistic()).isNaN();
        assertThat(none.p().raw()).isNaN();
        assertThatThrownBy(() -> PairedTests.stuartMaxwell(new long[][] {{1, 2, 3}, {4, 5, 6}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
        assertThatThrownBy(() -> PairedTests.stuartMaxwell(new long[][] {{1, -2}, {4, 5}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table[0][1]");
    }

    @Test
    void stuartMaxwellFromCodesBuildsTheTableOverLevelsSeen() {
        // x by y: (1,1) (1,2) (1,2) (2,1) (3,3) (2,3) (-0.0 = 0.0, 0.0): the 4x4 table over levels 0, 1, 2, 3
        double[] x = {1, 1, 1, 2, 3, 2, -0.0};
        double[] y = {1, 2, 2, 1, 3, 3, 0.0};
        long[][] table = {{1, 0, 0, 0}, {0, 1, 2, 0}, {0, 1, 0, 1}, {0, 0, 0, 1}};
        assertThat(PairedTests.stuartMaxwell(x, y)).isEqualTo(PairedTests.stuartMaxwell(table));
        // one level only: nothing to test
        assertThat(PairedTests.stuartMaxwell(new double[] {2, 2}, new double[] {2, 2}).p().raw()).isNaN();
        assertThat(PairedTests.stuartMaxwell(new double[0], new double[0]).statistic()).isNaN();
    }

    @Test
    void wilcoxonSignedRankMatchesR() {
        // R: wilcox.test(c(1,2,2,3,3,3), c(3,3,2,1,2,1), paired=TRUE, exact=FALSE, correct=TRUE)
        //    -> V 9.5, p 0.67884529942431826
        TestResult r = PairedTests.wilcoxonSignedRank(new double[] {1, 2, 2, 3, 3, 3},
                new double[] {3, 3, 2, 1, 2, 1});
        near(r.statistic(), 9.5);
        near(r.p().raw(), 0.67884529942431826);
        // R: wilcox.test(c(1,2,3), c(1,2,3), paired=TRUE, exact=FALSE) -> V = 0, p-value = NA
        TestResult zero = PairedTests.wilcoxonSignedRank(new double[] {1, 2, -0.0}, new double[] {1, 2, 0.0});
        near(zero.statistic(), 0);
        assertThat(zero.p().raw()).isNaN();
        assertThatThrownBy(() -> PairedTests.wilcoxonSignedRank(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x has NaN at index 1");
    }

    @Test
    void cochranQMatchesStatsmodels() {
        // python: cochrans_q(np.array([[1,1,0],[1,0,0],[1,1,1],[0,1,0],[1,1,0],[1,0,1],[0,0,0],[1,1,0]]))
        //    -> statistic 4.333333333333333, df 2, p 0.11455884399268772
        boolean[] a = {true, true, true, false, true, true, false, true};
        boolean[] b = {true, false, true, true, true, false, false, true};
        boolean[] c = {false, false, true, false, false, true, false, false};
        TestResult r = PairedTests.cochranQ(a, b, c);
        near(r.statistic(), 4.333333333333333);
        assertThat(r.df()).isEqualTo(2);
        near(r.p().raw(), 0.11455884399268772);
        // two conditions: McNemar without correction
        near(PairedTests.cochranQ(a, b).statistic(), PairedTests.mcNemar(a, b, false).statistic());
        TestResult agree = PairedTests.cochranQ(a, a.clone());
        assertThat(agree.statistic()).isNaN();
        assertThat(agree.p().raw()).isNaN();
        assertThatThrownBy(() -> PairedTests.cochranQ(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two conditions");
        assertThatThrownBy(() -> PairedTests.cochranQ(a, new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("condition 1 has 3");
    }

    @Test
    void friedmanMatchesR() {
        // R: friedman.test(matrix(c(1,2,3, 2,3,1, 3,3,2, 1,2,2, 3,1,2), 5, byrow=TRUE))
        //    -> 0.33333333333333331, df 2, p 0.84648172489061402
        TestResult r = PairedTests.friedman(new double[] {1, 2, 3, 1, 3}, new double[] {2, 3, 3, 2, 1},
                new double[] {3, 1, 2, 2, 2});
        near(r.statistic(), 0.33333333333333331);
        assertThat(r.df()).isEqualTo(2);
        near(r.p().raw(), 0.84648172489061402);
        TestResult tied = PairedTests.friedman(new double[] {1, 2}, new double[] {1, 2});
        assertThat(tied.statistic()).isNaN();
        assertThat(tied.p().raw()).isNaN();
        assertThatThrownBy(() -> PairedTests.friedman(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no dialogue");
    }

    @Test
    void randomMcNemarAgreesWithR() {
        List<Map<String, String>> cases = ReferenceCsv.read("paired/mcnemar.csv");
        assertThat(cases).hasSize(200);
        for (Map<String, String> c : cases) {
            boolean correct = Boolean.parseBoolean(c.get("correct").toLowerCase(java.util.Locale.ROOT));
            TestResult fromOutcomes = PairedTests.mcNemar(booleans(c.get("x")), booleans(c.get("y")), correct);
            TestResult fromCounts = PairedTests.mcNemar(Long.parseLong(c.get("b")), Long.parseLong(c.get("c")),
                    correct);
            for (TestResult r : List.of(fromOutcomes, fromCounts)) {
                near(r.statistic(), number(c, "statistic"));
                near(r.p().raw(), number(c, "p"));
            }
        }
    }

    @Test
    void randomWilcoxonAgreesWithR() {
        List<Map<String, String>> cases = ReferenceCsv.read("paired/wilcoxon.csv");
        assertThat(cases).hasSize(200);
        for (Map<String, String> c : cases) {
            TestResult r = PairedTests.wilcoxonSignedRank(codes(c.get("x")), codes(c.get("y")));
            near(r.statistic(), number(c, "statistic"));
            near(r.p().raw(), number(c, "p"));
        }
    }

    @Test
    void randomFriedmanAgreesWithR() {
        List<Map<String, String>> cases = ReferenceCsv.read("paired/friedman.csv");
        assertThat(cases).hasSize(200);
        for (Map<String, String> c : cases) {
            TestResult r = PairedTests.friedman(columns(c.get("table")));
            near(r.statistic(), number(c, "statistic"));
            assertThat(r.df()).isEqualTo(Integer.parseInt(c.get("df")));
            near(r.p().raw(), number(c, "p"));
        }
    }

    @Test
    void randomStuartMaxwellAgreesWithRGeneralisedInverseAndStatsmodels() {
        List<Map<String, String>> r = ReferenceCsv.read("paired/stuart_maxwell.csv");
        List<Map<String, String>> statsmodels = ReferenceCsv.read("paired/stuart_maxwell_statsmodels.csv");
        assertThat(r).hasSize(200);
        assertThat(statsmodels).hasSize(200);
        for (Map<String, String> c : r) {
            TestResult result = PairedTests.stuartMaxwell(table(c.get("table")));
            near(result.statistic(), number(c, "statistic"));
            near(result.p().raw(), number(c, "p"));
            if (!Double.isNaN(result.statistic())) {
                assertThat(result.df()).isEqualTo(Integer.parseInt(c.get("df")));
            }
        }
        for (Map<String, String> c : statsmodels) {
            TestResult result = PairedTests.stuartMaxwell(table(c.get("table")));
            near(result.statistic(), number(c, "statistic"));
            assertThat(result.df()).isEqualTo(Integer.parseInt(c.get("df")));
            // statsmodels computes p as 1 - chi2.cdf, exact only to about 1.1e-16 absolute
            assertThat(result.p().raw()).isCloseTo(number(c, "p"), within(1e-9 * number(c, "p") + 2.3e-16));
        }
    }

    @Test
    void randomCochranQAgreesWithStatsmodels() {
        List<Map<String, String>> cases = ReferenceCsv.read("paired/cochran.csv");
        assertThat(cases).hasSize(200);
        for (Map<String, String> c : cases) {
            double[][] codes = columns(c.get("table"));
            boolean[][] success = new boolean[codes.length][];
            for (int j = 0; j < codes.length; j++) {
                success[j] = new boolean[codes[j].length];
                for (int i = 0; i < codes[j].length; i++) {
                    success[j][i] = codes[j][i] == 1;
                }
            }
            TestResult r = PairedTests.cochranQ(success);
            near(r.statistic(), number(c, "statistic"));
            assertThat(r.df()).isEqualTo(Integer.parseInt(c.get("df")));
            near(r.p().raw(), number(c, "p"));
        }
    }
}
