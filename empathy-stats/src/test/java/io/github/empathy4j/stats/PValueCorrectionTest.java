package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PValueCorrectionTest {

    // R: p <- c(0.01, 0.04, 0.03, 0.005, NA, 0.2, 0.04); p.adjust(p, "bonferroni"); p.adjust(p, "holm"); p.adjust(p, "BH")
    private static final double[] P = {0.01, 0.04, 0.03, 0.005, Double.NaN, 0.2, 0.04};
    private static final double[] BONFERRONI = {0.06, 0.24, 0.18, 0.03, Double.NaN, 1, 0.24};
    private static final double[] HOLM = {0.05, 0.12, 0.12, 0.03, Double.NaN, 0.2, 0.12};
    private static final double[] BH = {0.03, 0.048, 0.048, 0.03, Double.NaN, 0.2, 0.048};

    @Test
    void matchesRsPAdjustWithTiesAndAMissingValue() {
        double[][] actual = {PValueCorrection.BONFERRONI.adjust(P), PValueCorrection.HOLM.adjust(P),
            PValueCorrection.BENJAMINI_HOCHBERG.adjust(P)};
        double[][] expected = {BONFERRONI, HOLM, BH};
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < P.length; i++) {
                near(actual[m][i], expected[m][i]);
            }
        }
    }

    @Test
    void familyKeepsRawAndCorrectedSideBySide() {
        List<PValues> family = PValues.family(P);
        assertThat(family).hasSize(P.length);
        near(family.get(3).raw(), 0.005);
        near(family.get(3).holm(), 0.03);
        near(family.get(1).benjaminiHochberg(), 0.048);
        assertThat(family.get(0).familySize()).isEqualTo(6);
        assertThat(PValueCorrection.HOLM.adjust()).isEmpty();
    }

    @Test
    void rejectsAnImpossiblePValue() {
        assertThatThrownBy(() -> PValueCorrection.HOLM.adjust(0.1, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5 at index 1");
    }
}
