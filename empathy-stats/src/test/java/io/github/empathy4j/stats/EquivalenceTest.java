package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EquivalenceTest {

    // References: /usr/bin/python3, statsmodels 0.13.5, with sp = statsmodels.stats.proportion:
    //   r = sp.tost_proportions_2indep(x1, n1, x2, n2, -m, m, method='wald', compare='diff')
    //   lower p = r.results_larger.pvalue, upper p = r.results_smaller.pvalue,
    //   se = sqrt(r.results_larger.variance),
    //   non-inferiority p = sp.test_proportions_2indep(x1, n1, x2, n2, value=-m, method='wald', compare='diff',
    //                                                  alternative='larger').pvalue,
    //   interval = sp.confint_proportions_2indep(x1, n1, x2, n2, method='wald', compare='diff', alpha=2*a).
    // The TOST p is the larger one-sided p; r.pvalue itself is the smaller in statsmodels 0.13.5 (statsmodels
    // issue #8213, fixed in 0.14), so it is not used.
    // Columns: x1, n1, x2, n2, m, a, lower p, upper p, interval lower, interval upper, se.
    private static final double[][] CASES = {
        {60, 100, 50, 90, 0.1, 0.05, 0.022001682352270267, 0.2192768028097805, -0.07352131362161049,
            0.16241020251049929, 0.07171808854790893},
        {1010, 2000, 986, 2000, 0.05, 0.05, 4.399707585958592e-05, 0.008119286133776006, -0.014005494773529144,
            0.038005494773529165, 0.01581021821481285},
        {1295, 2000, 986, 2000, 0.05, 0.025, 3.133853551859531e-40, 0.9999999999930126, 0.12419352016154692,
            0.18480647983845302, 0.015462773845594458},
        {12, 40, 30, 60, 0.2, 0.05, 0.5, 1.8777224797229134e-05, -0.3596157913848078, -0.04038420861519218,
            0.09703951085339758}};

    @Test
    void matchesStatsmodels() {
        for (double[] c : CASES) {
            Equivalence e = Equivalence.of((long) c[0], (long) c[1], (long) c[2], (long) c[3], c[4], c[5]);
            near(e.difference(), c[0] / c[1] - c[2] / c[3]);
            near(e.lowerP(), c[6]);
            near(e.upperP(), c[7]);
            near(e.p(), Math.max(c[6], c[7]));
            near(e.nonInferiorityP(), c[6]);
            near(e.interval().lower(), c[8]);
            near(e.interval().upper(), c[9]);
            near(e.standardError(), c[10]);
            // Equivalence at level a exactly when the 1 - 2a interval lies inside (-m, m)
            assertThat(e.equivalent()).isEqualTo(c[8] > -c[4] && c[9] < c[4]);
            assertThat(e.nonInferior()).isEqualTo(c[6] < c[5]);
        }
    }

    @Test
    void matchesTheFormulaInR() {
        // R: p1 <- 0.6; p2 <- 50/90; d <- p1-p2; se <- sqrt(p1*(1-p1)/100+p2*(1-p2)/90);
        //    pnorm((d+0.1)/se, lower.tail=FALSE); pnorm((d-0.1)/se); d -+ qnorm(0.95)*se
        //    -> 0.022001682352270280 0.219276802809780541 -0.073521313621610393 0.162410202510499202
        Equivalence e = Equivalence.of(60, 100, 50, 90, 0.1, 0.05);
        near(e.lowerP(), 0.022001682352270280);
        near(e.upperP(), 0.219276802809780541);
        near(e.interval().lower(), -0.073521313621610393);
        near(e.interval().upper(), 0.162410202510499202);
        assertThat(e.nonInferior()).isTrue();
        assertThat(e.equivalent()).isFalse();
    }

    @Test
    void noVariationIsUndefinedNotCertain() {
        Equivalence e = Equivalence.of(0, 5, 0, 5, 0.1, 0.05);
        assertThat(e.difference()).isZero();
        assertThat(e.p()).isNaN();
        assertThat(e.nonInferiorityP()).isNaN();
        assertThat(e.interval().lower()).isNaN();
        assertThat(e.equivalent()).isFalse();
        assertThat(e.nonInferior()).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Equivalence.of(6, 5, 0, 5, 0.1, 0.05)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first group").hasMessageContaining("6 of 5");
        assertThatThrownBy(() -> Equivalence.of(1, 5, 0, 0, 0.1, 0.05)).hasMessageContaining("second group");
        assertThatThrownBy(() -> Equivalence.of(1, 5, 1, 5, 0, 0.05)).hasMessageContaining("margin 0.0");
        assertThatThrownBy(() -> Equivalence.of(1, 5, 1, 5, 0.1, 0.5)).hasMessageContaining("alpha 0.5");
    }

    @Test
    void pairedMatchesStatsmodelsOnThePerDialogueDifferences() {
        // python: d = np.array([1]*23 + [-1]*11 + [0]*66, float); s = DescrStatsW(d)
        //   s.ztost_mean(-0.05, 0.05) -> p 0.8888812859974217, lower 0.0015167889657507802, upper 0.8888812859974217
        //   s.std_mean -> 0.05734883511361754
        Equivalence e = Equivalence.paired(23, 11, 100, 0.05, 0.05);
        near(e.difference(), 0.12);
        near(e.standardError(), 0.05734883511361754);
        near(e.lowerP(), 0.0015167889657507802);
        near(e.upperP(), 0.8888812859974217);
        assertThat(e.nonInferior()).isTrue();
        assertThat(e.equivalent()).isFalse();
        assertThat(Equivalence.paired(0, 0, 10, 0.05, 0.05).p()).isNaN();
        assertThatThrownBy(() -> Equivalence.paired(6, 5, 10, 0.05, 0.05)).hasMessageContaining("secondOnly 5");
        assertThatThrownBy(() -> Equivalence.paired(0, 0, 1, 0.05, 0.05)).hasMessageContaining("pairs 1");
    }
}
