package io.github.empathy4j.stats.agreement;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * References: scipy 1.x {@code scipy.stats.kendalltau} for tau-b; the kappas from a numpy script applying
 * {@code (sum w p - sum w p_i. p_.j) / (1 - sum w p_i. p_.j)} to the confusion table {@code [[1,0,0],[0,3,3],[0,0,5]]}.
 */
class CalibrationTest {

    private static final List<String> CONDITIONS = List.of("human", "gpt-4", "llm");

    private static List<Rating> ratings(String rater, int[][] values) {
        List<Rating> list = new ArrayList<>();
        for (int c = 0; c < values.length; c++) {
            for (int d = 0; d < values[c].length; d++) {
                list.add(new Rating(CONDITIONS.get(c), "d" + d, rater, "study", "empathy", values[c][d], null, null));
            }
        }
        return list;
    }

    @Test
    void comparesTheJudgeWithTheCrowdOnTheUnitsBothRated() throws Exception {
        List<Rating> crowd = ratings("crowd", new int[][] {{1, 2, 2, 3}, {3, 3, 2, 3}, {2, 3, 2, 2}});
        List<Rating> judge = new ArrayList<>(ratings("judge", new int[][] {{1, 2, 2, 3}, {3, 3, 3, 3}, {3, 3, 3, 2}}));
        judge.add(new Rating("human", "d9", "judge", "study", "empathy", 3, null, null));   // no crowd rating: ignored

        Calibration c = Calibration.of(crowd, judge, RatingScale.STUDY.single());

        assertThat(c.agreement().units()).isEqualTo(12);
        assertThat(c.agreement().confusion().counts())
                .isEqualTo(List.of(List.of(1L, 0L, 0L), List.of(0L, 3L, 3L), List.of(0L, 0L, 5L)));
        near(c.agreement().linearKappa(), 0.6326530612244897);
        near(c.agreement().quadraticKappa(), 0.7096774193548385);
        assertThat(c.conditions()).extracting(Calibration.ConditionScores::condition).containsExactlyElementsOf(CONDITIONS);
        Calibration.ConditionScores llm = c.conditions().get(2);
        assertThat(llm.units()).isEqualTo(4);
        near(llm.crowdMean(), 2.25);
        near(llm.judgeMean(), 2.75);
        near(llm.crowdTopShare(), 0.25);
        near(llm.judgeTopShare(), 0.75);
        assertThat(c.crowdOrderByMean()).containsExactly("gpt-4", "llm", "human");
        assertThat(c.judgeOrderByMean()).containsExactly("gpt-4", "llm", "human");
        assertThat(c.sameOrderByMean()).isTrue();
        // crowd: human and llm tie at 0.25 and go by name
        assertThat(c.crowdOrderByTopShare()).containsExactly("gpt-4", "human", "llm");
        assertThat(c.judgeOrderByTopShare()).containsExactly("gpt-4", "llm", "human");
        assertThat(c.sameOrderByTopShare()).isFalse();
        near(c.kendallTauByMean(), 1.0);

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(c));
        assertThat(json.path("agreement").path("alphaOrdinal").isNumber()).isTrue();
        assertThat(json.path("judgeOrderByTopShare").get(1).asText()).isEqualTo("llm");
    }

    @Test
    void kendallTauBMatchesScipy() {
        // scipy.stats.kendalltau([1,2,3,4],[1,3,2,4]).statistic
        near(KendallTau.of(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}).tauB(), 0.6666666666666669);
        // scipy.stats.kendalltau([1,1,2,3],[1,2,2,3]).statistic
        near(KendallTau.of(new double[] {1, 1, 2, 3}, new double[] {1, 2, 2, 3}).tauB(), 0.7999999999999999);
        // scipy.stats.kendalltau([3,1,2,5,4],[1,1,2,2,3]).statistic
        near(KendallTau.of(new double[] {3, 1, 2, 5, 4}, new double[] {1, 1, 2, 2, 3}).tauB(), 0.4472135954999579);
        near(KendallTau.of(new double[] {1}, new double[] {2}).tauB(), Double.NaN);
        near(KendallTau.of(new double[] {1, 1}, new double[] {1, 2}).tauB(), Double.NaN);
    }

    @Test
    void kendallTauCountsMinusZeroAsATieWithZero() {
        // scipy.stats.kendalltau([0.0,-0.0,1,2],[1,2,2,3], method='asymptotic'): statistic, pvalue
        KendallTau tau = KendallTau.of(new double[] {0.0, -0.0, 1, 2}, new double[] {1, 2, 2, 3});
        near(tau.tauB(), 0.7999999999999999);
        near(tau.p(), 0.12597116307723114);
    }
}
