package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankTestsTest {

    private static final double[] X = {1, 2, 2, 3, 3, 3};
    private static final double[] Y = {1, 1, 2, 2, 3};
    private static final double[] Z = {3, 3, 3, 2};

    private static Map<String, double[]> samples(double[]... values) {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put("g" + i, values[i]);
        }
        return map;
    }

    private static double[] repeat(int ones, int twos, int threes) {
        double[] values = new double[ones + twos + threes];
        java.util.Arrays.fill(values, 0, ones, 1);
        java.util.Arrays.fill(values, ones, ones + twos, 2);
        java.util.Arrays.fill(values, ones + twos, values.length, 3);
        return values;
    }

    @Test
    void mannWhitneyMatchesWilcoxTest() {
        // R: wilcox.test(c(1,2,2,3,3,3), c(1,1,2,2,3), correct=TRUE) -> W 20.5, p 0.33347033826188743 (ties: normal)
        TestResult ties = RankTests.mannWhitney(X, Y);
        near(ties.statistic(), 20.5);
        near(ties.p().raw(), 0.33347033826188743);
        // R: wilcox.test(c(1.5,3.2,4.1), c(2.2,5.5,6.1,7.0)) -> W 2, p 0.22857142857142856 (exact)
        TestResult exact = RankTests.mannWhitney(new double[] {1.5, 3.2, 4.1}, new double[] {2.2, 5.5, 6.1, 7.0});
        near(exact.statistic(), 2);
        near(exact.p().raw(), 0.22857142857142856);
        // R: wilcox.test(1, 2) -> W 0, p 1
        near(RankTests.mannWhitney(new double[] {1}, new double[] {2}).p().raw(), 1);
        // R: wilcox.test(c(2,2), c(2,2,2)) -> W 3, p NaN
        TestResult allTies = RankTests.mannWhitney(new double[] {2, 2}, new double[] {2, 2, 2});
        near(allTies.statistic(), 3);
        assertThat(allTies.p().raw()).isNaN();
        // R: wilcox.test(rep(1:3, c(142,563,1295)), rep(1:3, c(342,672,986)), correct=TRUE)
        //    -> W 2357561, p 1.9113995602377306e-28
        TestResult study = RankTests.mannWhitney(repeat(142, 563, 1295), repeat(342, 672, 986));
        near(study.statistic(), 2357561);
        near(study.p().raw(), 1.9113995602377306e-28, 1e-6);
    }

    @Test
    void kruskalWallisMatchesR() {
        // R: kruskal.test(list(c(1,2,2,3,3,3), c(1,1,2,2,3), c(3,3,3,2))) -> 3.1772222222222255, df 2, p 0.2042090385291126
        TestResult ties = RankTests.kruskalWallis(samples(X, Y, Z));
        near(ties.statistic(), 3.1772222222222255);
        assertThat(ties.df()).isEqualTo(2);
        near(ties.p().raw(), 0.2042090385291126);
        // R: kruskal.test(list(c(2.9,3.0,2.5,2.6,3.2), c(3.8,2.7,4.0,2.4), c(2.8,3.4,3.7,2.2,2.0)))
        //    -> 0.77142857142857224, df 2, p 0.67996477357889362
        TestResult noTies = RankTests.kruskalWallis(samples(new double[] {2.9, 3.0, 2.5, 2.6, 3.2},
                new double[] {3.8, 2.7, 4.0, 2.4}, new double[] {2.8, 3.4, 3.7, 2.2, 2.0}));
        near(noTies.statistic(), 0.77142857142857224);
        near(noTies.p().raw(), 0.67996477357889362);
        // R: kruskal.test(list(rep(1:3,c(342,672,986)), rep(1:3,c(142,563,1295)), rep(1:3,c(200,500,1300))))
        //    -> 156.51854548094303, df 2, p 1.0290339210029649e-34
        TestResult large = RankTests.kruskalWallis(samples(repeat(342, 672, 986), repeat(142, 563, 1295),
                repeat(200, 500, 1300)));
        near(large.statistic(), 156.51854548094303);
        near(large.p().raw(), 1.0290339210029649e-34, 1e-6);
        // R: kruskal.test(list(c(1,1), c(1,1,1))) -> statistic NaN, p NaN
        TestResult allTies = RankTests.kruskalWallis(samples(new double[] {1, 1}, new double[] {1, 1, 1}));
        assertThat(allTies.statistic()).isNaN();
        assertThat(allTies.p().raw()).isNaN();
    }

    @Test
    void dunnMatchesTheFormula() {
        // Independent script (/usr/bin/python3, scipy.stats.rankdata and the formula
        // z = (Rbar_i - Rbar_j) / sqrt((N(N+1)/12 - sum(t^3-t)/(12(N-1))) (1/n_i + 1/n_j)), p = 2 norm.sf(|z|)):
        // (0,1) diff 2.7333333333333343 z 1.0902228481305367 p 0.2756149910430603
        // (0,2) diff -2.166666666666666 z -0.8106924338010204 p 0.4175423194832435
        // (1,2) diff -4.9 z -1.7642016345665843 p 0.07769803764828989
        // R: p.adjust(c(0.2756149910430603, 0.4175423194832435, 0.07769803764828989), "holm")
        //    -> 0.55122998208612062 0.55122998208612062 0.23309411294486967
        List<DunnPair> pairs = RankTests.dunn(samples(X, Y, Z));
        assertThat(pairs).extracting(DunnPair::first, DunnPair::second)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("g0", "g1"),
                        org.assertj.core.groups.Tuple.tuple("g0", "g2"), org.assertj.core.groups.Tuple.tuple("g1", "g2"));
        double[][] expected = {{2.7333333333333343, 1.0902228481305367, 0.2756149910430603, 0.55122998208612062},
            {-2.166666666666666, -0.8106924338010204, 0.4175423194832435, 0.55122998208612062},
            {-4.9, -1.7642016345665843, 0.07769803764828989, 0.23309411294486967}};
        for (int i = 0; i < 3; i++) {
            near(pairs.get(i).meanRankDifference(), expected[i][0]);
            near(pairs.get(i).z(), expected[i][1]);
            near(pairs.get(i).p().raw(), expected[i][2]);
            near(pairs.get(i).p().holm(), expected[i][3]);
            assertThat(pairs.get(i).p().familySize()).isEqualTo(3);
        }
        List<DunnPair> allTies = RankTests.dunn(samples(new double[] {1, 1}, new double[] {1}));
        assertThat(allTies.get(0).z()).isNaN();
        assertThat(allTies.get(0).p().raw()).isNaN();
    }

    @Test
    void negativeAndPositiveZeroAreOneValue() {
        // R: wilcox.test(c(-0,1,2), c(0,3,4), correct=TRUE) -> W 2.5, p 0.5065551690490403 (was U = 2 here)
        TestResult u = RankTests.mannWhitney(new double[] {-0.0, 1, 2}, new double[] {0.0, 3, 4});
        near(u.statistic(), 2.5);
        near(u.p().raw(), 0.5065551690490403);
        double[] x = {-0.0, 1, 2};
        double[] y = {0.0, 3, 4};
        double[] z = {-0.0, 0.0, 5};
        // R: kruskal.test(list(c(-0,1,2), c(0,3,4), c(-0,0,5))) -> 0.46060606060605896, df 2, p 0.79429287122127912
        TestResult h = RankTests.kruskalWallis(samples(x, y, z));
        near(h.statistic(), 0.46060606060605896);
        near(h.p().raw(), 0.79429287122127912);
        // R: x <- c(-0,1,2,0,3,4,-0,0,5); g <- rep(1:3, each=3); r <- rank(x); t <- table(x);
        //    v <- 9*10/12 - sum(t^3-t)/(12*8); m <- tapply(r, g, mean); z <- (m[i]-m[j])/sqrt(v*2/3); 2*pnorm(-abs(z))
        //    -> (1,2) -1.33333333333333304 -0.62279915532921826 0.53341651347269448
        //       (1,3) -0.166666666666666963 -0.077849894416152435 0.937947456842938898
        //       (2,3) 1.16666666666666607 0.54494926091306584 0.58578841480936328
        double[][] expected = {{-1.33333333333333304, -0.62279915532921826, 0.53341651347269448},
            {-0.166666666666666963, -0.077849894416152435, 0.937947456842938898},
            {1.16666666666666607, 0.54494926091306584, 0.58578841480936328}};
        List<DunnPair> pairs = RankTests.dunn(samples(x, y, z));
        for (int i = 0; i < 3; i++) {
            near(pairs.get(i).meanRankDifference(), expected[i][0]);
            near(pairs.get(i).z(), expected[i][1]);
            near(pairs.get(i).p().raw(), expected[i][2]);
        }
    }

    @Test
    void badSamplesAreNamed() {
        assertThatThrownBy(() -> RankTests.kruskalWallis(Map.of("gpt-4", new double[0], "human", new double[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gpt-4' is empty");
        assertThatThrownBy(() -> RankTests.mannWhitney(new double[] {1, Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN at index 1");
        assertThatThrownBy(() -> RankTests.dunn(Map.of("only", new double[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two samples");
    }
}
