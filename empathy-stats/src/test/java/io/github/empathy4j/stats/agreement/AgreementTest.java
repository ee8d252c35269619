package io.github.empathy4j.stats.agreement;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * References: statsmodels 0.13.5 ({@code cohens_kappa}, {@code fleiss_kappa}) and, for Krippendorff's alpha, an
 * independent script in /usr/bin/python3 that enumerates every ordered pair of values within each unit
 * ({@code itertools.permutations}) into the coincidence matrix, then applies the textbook delta^2 of each metric.
 */
class AgreementTest {

    private static final double NaN = Double.NaN;

    private static ConfusionMatrix matrix(long[][] counts) {
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : counts) {
            rows.add(java.util.Arrays.stream(row).boxed().toList());
        }
        return new ConfusionMatrix(List.of(1, 2, 3), rows);
    }

    @Test
    void cohensKappaMatchesStatsmodels() {
        // statsmodels: cohens_kappa(np.array([[20,5,1],[4,30,6],[2,7,25]]), wt=None|'linear'|'quadratic').kappa
        ConfusionMatrix m = matrix(new long[][] {{20, 5, 1}, {4, 30, 6}, {2, 7, 25}});
        near(Agreement.cohensKappa(m, Agreement.Weights.UNWEIGHTED), 0.6186699206833435);
        near(Agreement.cohensKappa(m, Agreement.Weights.LINEAR), 0.6615087040618955);
        near(Agreement.cohensKappa(m, Agreement.Weights.QUADRATIC), 0.709501025290499);
        // statsmodels: cohens_kappa(np.array([[0,3,0],[2,0,0],[0,0,0]]), wt=...) -> -0.923076923076923 for all three
        ConfusionMatrix disagree = matrix(new long[][] {{0, 3, 0}, {2, 0, 0}, {0, 0, 0}});
        for (Agreement.Weights w : Agreement.Weights.values()) {
            near(Agreement.cohensKappa(disagree, w), -0.923076923076923);
        }
        // no variation at all: chance agreement is 1, kappa is 0/0
        assertThat(Agreement.cohensKappa(matrix(new long[][] {{0, 0, 0}, {0, 5, 0}, {0, 0, 0}}),
                Agreement.Weights.UNWEIGHTED)).isNaN();
    }

    @Test
    void fleissKappaMatchesStatsmodels() {
        // statsmodels: fleiss_kappa(<Wikipedia's 10 x 5 example, 14 raters>, method='fleiss') -> 0.20993070442195522
        long[][] wikipedia = {{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
        near(Agreement.fleissKappa(wikipedia), 0.20993070442195522);
        // statsmodels: fleiss_kappa(np.array([[3,0,0],[1,2,0],[0,1,2],[0,0,3],[1,1,1]]), method='fleiss') -> 0.29054054054054046
        near(Agreement.fleissKappa(new long[][] {{3, 0, 0}, {1, 2, 0}, {0, 1, 2}, {0, 0, 3}, {1, 1, 1}}),
                0.29054054054054046);
        assertThatThrownBy(() -> Agreement.fleissKappa(new long[][] {{3, 0}, {1, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit 1 has 2 ratings");
    }

    @Test
    void krippendorffsWorkedExample() {
        // Krippendorff (2011), 4 coders x 12 units with missing values: 0.743, 0.815, 0.849;
        // independent script -> 0.743421052631579, 0.8153875037548814, 0.8491071428571428
        double[][] units = {{1, 1, NaN, 1}, {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3}, {2, 2, 2, 2}, {1, 2, 3, 4},
            {4, 4, 4, 4}, {1, 1, 2, 1}, {2, 2, 2, 2}, {NaN, 5, 5, 5}, {NaN, NaN, 1, 1}, {NaN, 3, NaN, NaN}};
        near(Agreement.krippendorffAlpha(units, Agreement.Metric.NOMINAL), 0.743421052631579);
        near(Agreement.krippendorffAlpha(units, Agreement.Metric.ORDINAL), 0.8153875037548814);
        near(Agreement.krippendorffAlpha(units, Agreement.Metric.INTERVAL), 0.8491071428571428);
    }

    @Test
    void krippendorffTwoRatersWithAMissingValue() {
        // independent script on [[1,1],[2,3],[3,3],[3,2],[1,2],[2,2],[3,3],[1,1],[2,nan],[3,1],[2,2],[3,3]]
        // -> 0.4716981132075472, 0.5343531468531468, 0.5420560747663551
        double[][] units = {{1, 1}, {2, 3}, {3, 3}, {3, 2}, {1, 2}, {2, 2}, {3, 3}, {1, 1}, {2, NaN}, {3, 1}, {2, 2},
            {3, 3}};
        near(Agreement.krippendorffAlpha(units, Agreement.Metric.NOMINAL), 0.4716981132075472);
        near(Agreement.krippendorffAlpha(units, Agreement.Metric.ORDINAL), 0.5343531468531468);
        near(Agreement.krippendorffAlpha(units, Agreement.Metric.INTERVAL), 0.5420560747663551);
        assertThat(Agreement.krippendorffAlpha(new double[][] {{2, 2}, {2, 2}}, Agreement.Metric.NOMINAL)).isNaN();
        assertThat(Agreement.krippendorffAlpha(new double[][] {{2, NaN}}, Agreement.Metric.NOMINAL)).isNaN();
    }

    @Test
    void krippendorffNegativeAndPositiveZeroAreOneValue() {
        // Exact arithmetic: units (0, 0), (0, 1), (1, 1) give the coincidence matrix [[2, 1], [1, 2]], n = 6,
        // D_o = 2, sum n_c n_k delta^2 = 2 * 3 * 3 = 18, alpha = 1 - 5 * 2 / 18 = 4 / 9 (nominal and interval alike).
        double[][] units = {{-0.0, 0.0}, {0.0, 1}, {1, 1}};
        near(Agreement.krippendorffAlpha(units, Agreement.Metric.NOMINAL), 4.0 / 9);
        near(Agreement.krippendorffAlpha(units, Agreement.Metric.INTERVAL), 4.0 / 9);
    }

    @Test
    void krippendorffRejectsANullUnit() {
        assertThatThrownBy(() -> Agreement.krippendorffAlpha(new double[][] {{1, 2}, null}, Agreement.Metric.NOMINAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit 1 of 2 is null");
    }

    @Test
    void aJudgeAgainstTheCrowd() {
        int[][] pairs = {{1, 1}, {2, 3}, {3, 3}, {3, 2}, {1, 2}, {2, 2}, {3, 3}, {1, 1}, {3, 1}, {2, 2}, {3, 3}};
        List<Rating> crowd = new ArrayList<>();
        List<Rating> judge = new ArrayList<>();
        for (int i = 0; i < pairs.length; i++) {
            crowd.add(new Rating("gpt-4", "d" + i, "crowd-" + i, "study", "empathy", pairs[i][0], null, null));
            judge.add(new Rating("gpt-4", "d" + i, "openai:gpt-4o", "study", "empathy", pairs[i][1], null, null));
        }
        crowd.add(new Rating("gpt-4", "only-crowd", "crowd-x", "study", "empathy", 2, null, null));
        PairAgreement agreement = Agreement.between(crowd, judge, RatingScale.STUDY.single());
        assertThat(agreement.units()).isEqualTo(11);
        assertThat(agreement.unpaired()).isEqualTo(1);
        assertThat(agreement.confusion().counts().get(2)).containsExactly(1L, 1L, 3L);
        // statsmodels: cohens_kappa(np.array([[2,1,0],[0,2,1],[1,1,3]]), wt=None|'linear'|'quadratic')
        //   -> 0.45, 0.4859813084112149, 0.5217391304347825
        // independent Krippendorff script on the same 11 pairs -> 0.4716981132075472, 0.5343531468531468,
        //   0.5420560747663551 (the unpaired rating is not pairable, so as in the test with a missing value)
        near(agreement.kappa(), 0.45);
        near(agreement.linearKappa(), 0.4859813084112149);
        near(agreement.quadraticKappa(), 0.5217391304347825);
        near(agreement.alphaNominal(), 0.4716981132075472);
        near(agreement.alphaOrdinal(), 0.5343531468531468);
        near(agreement.alphaInterval(), 0.5420560747663551);
        assertThatThrownBy(() -> Agreement.between(List.of(crowd.get(0), crowd.get(0)), judge, RatingScale.STUDY.single()))
                .hasMessageContaining("the first rater rated condition 'gpt-4', dialogue 'd0' more than once");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {1, 4}, new int[] {1, 1}, List.of(1, 2, 3)))
                .hasMessageContaining("value 4 for unit 1");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {1}, new int[] {1, 1}, List.of(1, 2, 3)))
                .hasMessageContaining("1 and 2 units");
    }

    @Test
    void alphaFromAConfusionMatrixIsAlphaOfItsUnits() {
        // python: the permutations script on the units {i + 1, j + 1}, counts[i][j] times each ->
        //   nominal 0.6204607873054623, ordinal 0.7087811515031348, interval 0.7109041189540249
        ConfusionMatrix m = matrix(new long[][] {{20, 5, 1}, {4, 30, 6}, {2, 7, 25}});
        near(Agreement.krippendorffAlpha(m, Agreement.Metric.NOMINAL), 0.6204607873054623);
        near(Agreement.krippendorffAlpha(m, Agreement.Metric.ORDINAL), 0.7087811515031348);
        near(Agreement.krippendorffAlpha(m, Agreement.Metric.INTERVAL), 0.7109041189540249);
        // a category no one used is not a value: python, same script -> 0.3921568627450981
        near(Agreement.krippendorffAlpha(matrix(new long[][] {{0, 0, 0}, {0, 5, 3}, {0, 2, 6}}),
                Agreement.Metric.ORDINAL), 0.3921568627450981);
        assertThat(Agreement.krippendorffAlpha(matrix(new long[][] {{0, 0, 0}, {0, 4, 0}, {0, 0, 0}}),
                Agreement.Metric.ORDINAL)).isNaN();
    }
}
