package io.github.empathy4j.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mixed model against R {@code ordinal::clmm} on 10 fresh synthetic data sets (2 to 5 levels, 2 to 4
 * conditions, batched and randomly crossed raters, two with a standard deviation on its boundary), made and fitted
 * by {@code src/test/resources/clmm/synthetic.R} (run there with {@code Rscript synthetic.R}).
 */
class CumulativeLinkMixedModelTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void matchesClmmOnSyntheticData(int set) throws IOException {
        List<String> lines = lines("synthetic-" + set + ".csv");
        int n = lines.size() - 1;
        int[][] data = new int[4][n];
        for (int i = 0; i < n; i++) {
            String[] fields = lines.get(i + 1).split(",");
            for (int k = 0; k < 4; k++) {
                data[k][i] = Integer.parseInt(fields[k]);
            }
        }
        Map<String, Double> r = new HashMap<>();
        List<String> expected = lines("synthetic-expected.csv");
        for (String line : expected.subList(1, expected.size())) {
            String[] fields = line.split(",");
            if (Integer.parseInt(fields[0]) == set) {
                r.put(fields[1], fields[2].equals("NA") ? Double.NaN : Double.parseDouble(fields[2]));
            }
        }
        CumulativeLinkMixedModel m = CumulativeLinkMixedModel.fit(data[0], data[1], data[2], data[3]);
        for (int j = 0; j < m.thresholds().size(); j++) {
            assertThat(m.thresholds().get(j).estimate()).as("alpha" + (j + 1)).isCloseTo(r.get("alpha" + (j + 1)),
                    within(TOLERANCE));
            assertThat(m.thresholds().get(j).standardError()).as("se_alpha" + (j + 1))
                    .isCloseTo(r.get("se_alpha" + (j + 1)), within(TOLERANCE));
        }
        assertThat(r).containsKey("beta" + m.effects().size()).doesNotContainKey("beta" + (m.effects().size() + 1));
        for (int c = 1; c <= m.effects().size(); c++) {
            assertThat(m.effect(c).estimate()).as("beta" + c).isCloseTo(r.get("beta" + c), within(TOLERANCE));
            assertThat(m.effect(c).standardError()).as("se_beta" + c).isCloseTo(r.get("se_beta" + c),
                    within(TOLERANCE));
        }
        assertThat(m.rater().standardDeviation()).as("sd_rater").isCloseTo(r.get("sd_rater"), within(TOLERANCE));
        assertThat(m.dialogue().standardDeviation()).as("sd_dialogue").isCloseTo(r.get("sd_dialogue"),
                within(TOLERANCE));
        checkSe(m.rater(), r.get("se_sd_rater"));
        checkSe(m.dialogue(), r.get("se_sd_dialogue"));
        assertThat(m.logLik()).as("logLik").isCloseTo(r.get("logLik"), within(1e-6 * Math.abs(r.get("logLik"))));
        // clmm stops its inner Newton at max |gradient| 1e-4, so its Laplace log-likelihood is a little low (by up
        // to ~1e-8 here); this fit's optimum is never worse than clmm's
        assertThat(m.logLik()).as("at least as high as clmm's").isGreaterThanOrEqualTo(r.get("logLik") - 1e-7);
        assertThat(m.convergence().maxAbsGradient()).isLessThan(1e-3);
    }

    private static void checkSe(CumulativeLinkMixedModel.RandomEffect effect, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(effect.onBoundary()).isTrue();
            assertThat(effect.standardError()).isNaN();
        } else {
            assertThat(effect.onBoundary()).isFalse();
            assertThat(effect.standardError()).isCloseTo(expected, within(TOLERANCE));
        }
    }

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(
                CumulativeLinkMixedModelTest.class.getResourceAsStream("/clmm/" + name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void effectsAndIntervalsFollowFromTheEstimates() {
        // z, p and the 90% Wald interval follow from estimate and standard error
        int[][] data = {{0, 1, 2, 2, 1, 0, 1, 2, 2, 1, 0, 2}, {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1},
            {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}, {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5}};
        CumulativeLinkMixedModel m = CumulativeLinkMixedModel.fit(data[0], data[1], data[2], data[3], 0.9);
        CumulativeLinkMixedModel.Coefficient effect = m.effect(1);
        assertThat(effect.z()).isCloseTo(effect.estimate() / effect.standardError(), within(1e-12));
        // R: qnorm(0.95) = 1.6448536269514722
        assertThat(effect.interval().upper() - effect.estimate())
                .isCloseTo(1.6448536269514722 * effect.standardError(), within(1e-12));
        assertThat(m.confidence()).isEqualTo(0.9);
        assertThatThrownBy(() -> m.effect(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("condition 2");
    }

    @Test
    void rejectsBadInput() {
        int[] two = {0, 1};
        assertThatThrownBy(() -> CumulativeLinkMixedModel.fit(new int[] {0, 1, 0}, two, two, two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same non-zero length");
        assertThatThrownBy(() -> CumulativeLinkMixedModel.fit(new int[0], new int[0], new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same non-zero length");
        assertThatThrownBy(() -> CumulativeLinkMixedModel.fit(new int[] {0, -1}, two, two, two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level index at 1 is negative: -1");
        assertThatThrownBy(() -> CumulativeLinkMixedModel.fit(new int[] {0, 2}, two, two, two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level 1 never occurs");
        assertThatThrownBy(() -> CumulativeLinkMixedModel.fit(two, new int[] {0, 0}, two, two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need at least 2 conditions");
        assertThatThrownBy(() -> CumulativeLinkMixedModel.fit(two, two, new int[] {3, 3}, two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need at least 2 raters");
        assertThatThrownBy(() -> CumulativeLinkMixedModel.fit(two, two, two, two, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence level 1.0");
        assertThatThrownBy(() -> CumulativeLinkMixedModel.fit(null, two, two, two))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("level");
    }

    @Test
    void failsClearlyWhenThereIsNoOptimum() {
        // every rating of condition 1 is above every rating of condition 0: the effect grows without bound
        int[] level = {0, 0, 0, 0, 1, 1, 1, 1};
        int[] condition = {0, 0, 0, 0, 1, 1, 1, 1};
        int[] rater = {0, 1, 2, 3, 0, 1, 2, 3};
        int[] dialogue = {0, 1, 2, 3, 0, 1, 2, 3};
        assertThatThrownBy(() -> CumulativeLinkMixedModel.fit(level, condition, rater, dialogue))
                .isInstanceOf(NonConvergenceException.class).hasMessageContaining("cumulative link mixed model");
    }
}
