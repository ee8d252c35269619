package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class ContingencyTestsTest {

    /** GPT-4 (Good, not Good) over human, overall. */
    private static final long[][] STUDY = {{1295, 705}, {986, 1014}};

    @Test
    void yatesMatchesRAndScipyOnTheStudyTable() {
        TestResult r = ContingencyTests.yates(STUDY);
        // R: chisq.test(matrix(c(1295,705,986,1014),2,byrow=TRUE), correct=TRUE) -> 96.774349859820319, p 7.7696164931066517e-23
        // scipy: chi2_contingency([[1295,705],[986,1014]], correction=True)[0] -> 96.77434985982032
        near(r.statistic(), 96.774349859820319);
        near(r.p().raw(), 7.7696164931066517e-23, 1e-7);
        assertThat(r.df()).isEqualTo(1);
        assertThat(r.p().familySize()).isEqualTo(1);
        assertThat(r.p().holm()).isEqualTo(r.p().raw());
    }

    @Test
    void pearsonFisherAndPhiOnTheStudyTable() {
        // R: chisq.test(<STUDY>, correct=FALSE) -> 97.403774866814643, p 5.6538141186091598e-23
        TestResult pearson = ContingencyTests.chiSquare(STUDY);
        near(pearson.statistic(), 97.403774866814643);
        near(pearson.p().raw(), 5.6538141186091598e-23, 1e-7);
        // R: fisher.test(<STUDY>)$p.value -> 6.278113954444669e-23
        near(ContingencyTests.fisher(STUDY).p().raw(), 6.278113954444669e-23, 1e-7);
        near(ContingencyTests.fisher(STUDY).statistic(), 1295.0 * 1014 / (705.0 * 986));
        // sqrt(97.403774866814643 / 4000)
        near(ContingencyTests.cramersV(STUDY), Math.sqrt(97.403774866814643 / 4000));
    }

    @Test
    void twoByThreeAndFiveByThree() {
        // R: r <- chisq.test(matrix(c(142,563,1295,342,672,986),2,byrow=TRUE)); r$statistic, r$p.value
        //    -> 134.1241432631669, df 2, 7.5043372863709833e-30; sqrt(stat/(4000*1)) -> 0.1831148159374105
        long[][] levels = {{142, 563, 1295}, {342, 672, 986}};
        TestResult r = ContingencyTests.chiSquare(levels);
        near(r.statistic(), 134.1241432631669);
        assertThat(r.df()).isEqualTo(2);
        near(r.p().raw(), 7.5043372863709833e-30, 1e-7);
        near(ContingencyTests.cramersV(levels), 0.1831148159374105);
        // R: k <- matrix(c(10,20,30,5,25,30,12,18,30,8,22,30,15,15,30),5,byrow=TRUE); chisq.test(k)
        //    -> 8.6999999999999993, df 8, p 0.36823216959687705; sqrt(stat/(sum(k)*2)) -> 0.12041594578792295
        long[][] five = {{10, 20, 30}, {5, 25, 30}, {12, 18, 30}, {8, 22, 30}, {15, 15, 30}};
        TestResult omnibus = ContingencyTests.chiSquare(five);
        near(omnibus.statistic(), 8.6999999999999993);
        assertThat(omnibus.df()).isEqualTo(8);
        near(omnibus.p().raw(), 0.36823216959687705);
        near(ContingencyTests.cramersV(five), 0.12041594578792295);
    }

    @Test
    void smallCountsAndAZeroCell() {
        // R: chisq.test(matrix(c(3,1,1,3),2,byrow=TRUE), correct=TRUE) -> 0.5, p 0.47950012218695348
        // R: fisher.test(matrix(c(3,1,1,3),2,byrow=TRUE))$p.value -> 0.48571428571428582
        long[][] small = {{3, 1}, {1, 3}};
        near(ContingencyTests.yates(small).statistic(), 0.5);
        near(ContingencyTests.yates(small).p().raw(), 0.47950012218695348);
        near(ContingencyTests.fisher(small).p().raw(), 0.48571428571428582);
        assertThat(ContingencyTests.smallExpected(small)).isTrue();
        assertThat(ContingencyTests.smallExpected(STUDY)).isFalse();
        // R: z <- matrix(c(0,5,4,3),2,byrow=TRUE); chisq.test(z, correct=TRUE) -> 2.1000000000000001, p 0.14729913862267613
        //    chisq.test(z, correct=FALSE) -> 4.2857142857142856, p 0.038433930236781808; fisher.test(z)$p.value -> 0.080808080808080801
        long[][] zero = {{0, 5}, {4, 3}};
        near(ContingencyTests.yates(zero).statistic(), 2.1000000000000001);
        near(ContingencyTests.yates(zero).p().raw(), 0.14729913862267613);
        near(ContingencyTests.chiSquare(zero).statistic(), 4.2857142857142856);
        near(ContingencyTests.chiSquare(zero).p().raw(), 0.038433930236781808);
        near(ContingencyTests.fisher(zero).p().raw(), 0.080808080808080801);
        assertThat(ContingencyTests.fisher(zero).statistic()).isZero();
    }

    @Test
    void anEmptyLevelIsLeftOutAndAnEmptyTwoByTwoColumnIsUndefined() {
        // R: e <- matrix(c(0,4,6,0,7,3),2,byrow=TRUE); chisq.test(e) gives NaN; on the non-empty columns,
        // chisq.test(e[,2:3], correct=FALSE) -> 1.8181818181818183, df 1, p 0.17752985241215349
        long[][] emptyLevel = {{0, 4, 6}, {0, 7, 3}};
        TestResult r = ContingencyTests.chiSquare(emptyLevel);
        near(r.statistic(), 1.8181818181818183);
        assertThat(r.df()).isEqualTo(1);
        near(r.p().raw(), 0.17752985241215349);
        // R: chisq.test(matrix(c(0,5,0,3),2,byrow=TRUE), correct=TRUE)$statistic -> NaN; fisher.test(...)$p.value -> 1
        long[][] noSuccess = {{0, 5}, {0, 3}};
        assertThat(ContingencyTests.yates(noSuccess).statistic()).isNaN();
        assertThat(ContingencyTests.yates(noSuccess).p().raw()).isNaN();
        assertThat(ContingencyTests.chiSquare(noSuccess).statistic()).isNaN();
        assertThat(ContingencyTests.cramersV(noSuccess)).isNaN();
        assertThat(ContingencyTests.fisher(noSuccess).p().raw()).isEqualTo(1.0);
    }

    @Test
    void badTablesAreRejectedNamingTheCell() {
        assertThatThrownBy(() -> ContingencyTests.chiSquare(new long[][] {{1, 2}, {3, -4}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1][1]").hasMessageContaining("-4");
        assertThatThrownBy(() -> ContingencyTests.chiSquare(new long[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> ContingencyTests.yates(new long[][] {{1, 2, 3}, {3, 4, 5}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x3");
    }

    @Test
    void fisherCountsTablesThatTieTheObservedProbability() {
        // R: fisher.test(matrix(c(2,8,13,7),2,byrow=TRUE))$p.value -> 0.050174912543728051 (was 0.02769 here)
        near(ContingencyTests.fisher(new long[][] {{2, 8}, {13, 7}}).p().raw(), 0.050174912543728051);
        // R: fisher.test(matrix(c(4,5,10,2),2,byrow=TRUE))$p.value -> 0.15882352941176481 (was 0.0873)
        near(ContingencyTests.fisher(new long[][] {{4, 5}, {10, 2}}).p().raw(), 0.15882352941176481);
        // R: fisher.test(matrix(c(0,2,2,3),2,byrow=TRUE))$p.value -> 0.99999999999999989 (was 0.524)
        near(ContingencyTests.fisher(new long[][] {{0, 2}, {2, 3}}).p().raw(), 0.99999999999999989);
    }

    @Test
    void fisherMatchesROnRandomTables() throws IOException {
        // fisher-2x2.csv: 400 random 2x2 tables with n <= 40 and R's fisher.test(m)$p.value, made by the script
        // beside it (Rscript fisher-2x2.R in src/test/resources/io/github/empathy4j/stats).
        List<String> lines;
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("fisher-2x2.csv")), StandardCharsets.UTF_8))) {
            lines = in.lines().skip(1).toList();
        }
        assertThat(lines).hasSize(400);
        for (String line : lines) {
            double[] v = Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
            long[][] table = {{(long) v[0], (long) v[1]}, {(long) v[2], (long) v[3]}};
            assertThat(ContingencyTests.fisher(table).p().raw()).as(line).isCloseTo(v[4], within(1e-9 * v[4]));
        }
    }

    @Test
    void fisherRejectsATableTooLargeForItsTotal() {
        // The total of these cells overflows a long (it would wrap to a negative number).
        assertThatThrownBy(() -> ContingencyTests.fisher(new long[][] {{Long.MAX_VALUE, 1}, {1, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2147483647 observations");
        assertThatThrownBy(() -> ContingencyTests.fisher(new long[][] {{1L << 30, 1L << 30}, {0, 0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2147483647 observations");
    }

    @Test
    void oneRowAndOneColumnTablesBehaveAlike() {
        // Independence needs two rows and two columns. (R's chisq.test would test goodness of fit of the counts
        // 3, 5, 2 to equal shares instead; R: fisher.test(matrix(c(3,5,2),1)) -> error "'x' must have at least 2 rows
        // and columns", for matrix(c(3,5,2),3) too.)
        for (long[][] table : new long[][][] {{{3, 5, 2}}, {{3}, {5}, {2}}, {{3, 5, 2}, {0, 0, 0}},
                {{3, 0}, {5, 0}, {2, 0}}}) {
            TestResult r = ContingencyTests.chiSquare(table);
            assertThat(r.statistic()).as(Arrays.deepToString(table)).isNaN();
            assertThat(r.p().raw()).isNaN();
            assertThat(ContingencyTests.cramersV(table)).isNaN();
        }
        assertThatThrownBy(() -> ContingencyTests.fisher(new long[][] {{3, 5}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a 2x2 table, got 1x2");
        assertThatThrownBy(() -> ContingencyTests.fisher(new long[][] {{3}, {5}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a 2x2 table, got 2x1");
        assertThatThrownBy(() -> ContingencyTests.yates(new long[][] {{3}, {5}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a 2x2 table, got 2x1");
        assertThatThrownBy(() -> ContingencyTests.chiSquare(new long[][] {{}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one row and one column");
    }
}
