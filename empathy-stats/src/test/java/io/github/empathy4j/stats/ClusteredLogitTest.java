package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class ClusteredLogitTest {

    /** Relative tolerances against R; both tests also pass at 1e-11, 1e-11 and 1e-9 (checked 2026-11-27). */
    private static final double COEFFICIENT = 1e-10;
    private static final double STANDARD_ERROR = 1e-10;
    private static final double P = 1e-8;

    @Test
    void releaseHumanVsGpt4VsGpt4Plain() {
        ReleaseRatings r = ReleaseRatings.read();
        // R: Rscript release.R in src/test/resources/clustered-logit, in short:
        //   l <- long form of rating_human / rating_chatgpt_empathy / rating_chatgpt with annotator_* and dialog_id,
        //   condition = factor(c("human", "gpt-4", "gpt-4-plain")), good = rating == 3
        //   fit <- glm(good ~ condition, binomial, l, control = glm.control(1e-14, 100))
        //   fit <- glm(good ~ condition, binomial, l, start = coef(fit), control = glm.control(1e-14))
        //   coeftest(fit, vcov. = V); coefci(fit, vcov. = V) for V in vcov(fit), vcovCL(fit, cluster = ~ rater),
        //   vcovCL(fit, cluster = ~ dialogue), vcovCL(fit, cluster = ~ rater + dialogue)
        List<LogitEffect> glm = ClusteredLogit.modelBased(r.condition(), r.success(), 0.95);
        check(glm.get(0), 0.63607000087002896, 0.064738184754907335, 9.825267780956942, 8.7640798392092565e-23,
                0.50918549032591065, 0.76295451141414727);
        check(glm.get(1), 0.57741745058440541, 0.06446049820277143, 8.9576945056806867, 3.3153754122590044e-19,
                0.45107719568146454, 0.70375770548734629);
        List<LogitEffect> rater = ClusteredLogit.clustered(r.condition(), r.success(), r.rater(), 0.95);
        check(rater.get(0), 0.63607000087002896, 0.08063667547677715, 7.8880980287091953, 3.0682671495683166e-15,
                0.47802502110250156, 0.79411498063755637);
        check(rater.get(1), 0.57741745058440541, 0.081889944750309501, 7.0511398236377865, 1.7745805923971354e-12,
                0.41691610817782399, 0.73791879299098684);
        List<LogitEffect> dialogue = ClusteredLogit.clustered(r.condition(), r.success(), r.dialogue(), 0.95);
        check(dialogue.get(0), 0.63607000087002896, 0.064716109545601253, 9.8286192624393092, 8.4773032419144217e-23,
                0.5092287569411017, 0.76291124479895622);
        check(dialogue.get(1), 0.57741745058440541, 0.064484912598728128, 8.9543030658584488,
                3.4188846442830327e-19, 0.45102934434468511, 0.70380555682412571);
        List<LogitEffect> twoWay = ClusteredLogit.twoWay(r.condition(), r.success(), r.rater(), r.dialogue(), 0.95);
        check(twoWay.get(0), 0.63607000087002896, 0.080614620754797708, 7.8902560715969603, 3.0156710795900031e-15,
                0.47806824756327038, 0.79407175417678755);
        check(twoWay.get(1), 0.57741745058440541, 0.081904935956957303, 7.0498492409279212, 1.79111742874182e-12,
                0.41688672595270948, 0.73794817521610134);
        // R: p0 <- plogis(b[1]); pc <- plogis(b[1] + b[2]); g <- c(pc*(1-pc) - p0*(1-p0), pc*(1-pc));
        //    sqrt(t(g) %*% V[1:2, 1:2] %*% g) -> glm 0.015462773845595244, rater 0.019048056701589561
        //    exact: (1295 - 986) / 2000 = 0.1545
        near(glm.get(0).shareDifference(), 0.1545);
        near(glm.get(0).shareDifferenceStandardError(), 0.015462773845595244);
        near(rater.get(0).shareDifferenceStandardError(), 0.019048056701589561);
        near(twoWay.get(0).shareDifferenceStandardError(), 0.019042730242086525);
        // clustering by rater raises the GPT-4 effect's standard error by a quarter: z 9.8 -> 7.9
        assertThat(rater.get(0).standardError() / glm.get(0).standardError()).isBetween(1.24, 1.25);
    }

    private static void check(LogitEffect e, double estimate, double se, double z, double p, double lower,
            double upper) {
        near(e.coefficient(), estimate, COEFFICIENT);
        near(e.standardError(), se, STANDARD_ERROR);
        near(e.z(), z, STANDARD_ERROR);
        near(e.p(), p, P);
        near(e.interval().lower(), lower, COEFFICIENT);
        near(e.interval().upper(), upper, COEFFICIENT);
        near(e.oddsRatio(), Math.exp(estimate), COEFFICIENT);
        near(e.oddsRatioInterval().lower(), Math.exp(lower), COEFFICIENT);
        near(e.oddsRatioInterval().upper(), Math.exp(upper), COEFFICIENT);
    }

    /** A synthetic data set written by src/test/resources/clustered-logit/generate.R. */
    private record Data(int[] condition, int[] success, int[] rater, int[] dialogue) {
    }

    private static List<String[]> csv(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(ClusteredLogitTest.class.getResourceAsStream(
                "/clustered-logit/" + name), name)) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                rows.add(line.strip().split(","));
            }
            return rows.subList(1, rows.size());
        }
    }

    private static Data data(int set) throws IOException {
        List<String[]> rows = csv(String.format(java.util.Locale.ROOT, "data-%02d.csv", set));
        int[][] columns = new int[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < 4; j++) {
                columns[j][i] = Integer.parseInt(rows.get(i)[j]);
            }
        }
        return new Data(columns[0], columns[1], columns[2], columns[3]);
    }

    /**
     * Twenty synthetic sets (2 to 4 conditions, 47 to 1,028 ratings, raters nested in condition or crossed, random
     * rater and dialogue effects) against R: {@code Rscript generate.R} in src/test/resources/clustered-logit
     * wrote the data and expected.csv (coeftest and coefci under vcov, vcovCL by rater, by dialogue, and by rater
     * + dialogue, and the delta-method share difference).
     */
    @Test
    void agreesWithRonTwentySyntheticSets() throws IOException {
        List<String[]> expected = csv("expected.csv");
        assertThat(expected).hasSize(248);
        java.util.Map<Integer, Data> sets = new java.util.HashMap<>();
        for (int set = 1; set <= 20; set++) {
            sets.put(set, data(set));
        }
        for (String[] row : expected) {
            Data d = sets.get(Integer.parseInt(row[0]));
            ClusteredLogit.Fit fit = ClusteredLogit.fit(d.condition(), d.success());
            RealMatrix covariance = switch (row[1]) {
                case "glm" -> fit.inverseInformation();
                case "rater" -> ClusteredLogit.covariance(fit, d.rater());
                case "dialogue" -> ClusteredLogit.covariance(fit, d.dialogue());
                case "twoway" -> ClusteredLogit.covariance(fit, d.rater(), d.dialogue());
                default -> throw new AssertionError(row[1]);
            };
            int term = Integer.parseInt(row[2]);
            double[] v = Arrays.stream(row, 3, row.length).mapToDouble(s -> s.equals("NA") ? Double.NaN
                    : Double.parseDouble(s)).toArray();
            if (term == 0) {
                near(fit.coefficients()[0], v[0], COEFFICIENT);
                near(Math.sqrt(covariance.getEntry(0, 0)), v[1], STANDARD_ERROR);
            } else {
                LogitEffect e = ClusteredLogit.effects(fit, covariance, 0.95).get(term - 1);
                assertThat(e.condition()).isEqualTo(term);
                check(e, v[0], v[1], v[2], v[3], v[4], v[5]);
                near(e.shareDifference(), v[6], COEFFICIENT);
                near(e.shareDifferenceStandardError(), v[7], STANDARD_ERROR);
                List<LogitEffect> viaApi = switch (row[1]) {
                    case "glm" -> ClusteredLogit.modelBased(d.condition(), d.success(), 0.95);
                    case "rater" -> ClusteredLogit.clustered(d.condition(), d.success(), d.rater(), 0.95);
                    case "dialogue" -> ClusteredLogit.clustered(d.condition(), d.success(), d.dialogue(), 0.95);
                    default -> ClusteredLogit.twoWay(d.condition(), d.success(), d.rater(), d.dialogue(), 0.95);
                };
                assertThat(viaApi.get(term - 1)).isEqualTo(e);
            }
        }
    }

    @Test
    void aNegativeTwoWayVarianceGivesNaNAsInR() {
        int[] condition = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
        int[] success = {1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1};
        int[] rater = {2, 3, 1, 1, 1, 3, 3, 1, 1, 2, 2, 2};
        int[] dialogue = {3, 2, 1, 3, 1, 2, 1, 3, 1, 1, 3, 3};
        // R (found by a random search of 12-rating data sets): fit as in release.R on these ratings;
        //   vcovCL(fit, cluster = ~ rater + dialogue) -> 0.64799999999999847, -0.13799999999999915,
        //   -0.22200000000000011; coeftest -> condition 1: estimate -2.30259, Std. Error NaN, z NaN, p NaN
        ClusteredLogit.Fit fit = ClusteredLogit.fit(condition, success);
        RealMatrix v = ClusteredLogit.covariance(fit, rater, dialogue);
        near(v.getEntry(0, 0), 0.64799999999999847, 1e-12);
        near(v.getEntry(0, 1), -0.13799999999999915, 1e-12);
        near(v.getEntry(1, 1), -0.22200000000000011, 1e-12);
        LogitEffect e = ClusteredLogit.twoWay(condition, success, rater, dialogue, 0.95).get(0);
        // exact: logit(2/6) - logit(5/6) = -ln 10
        near(e.coefficient(), -Math.log(10));
        assertThat(e.standardError()).isNaN();
        assertThat(e.p()).isNaN();
        assertThat(e.interval().lower()).isNaN();
    }

    @Test
    void clusterIdsAreLabelsOnly() {
        SmallDesign d = SmallDesign.small();
        int[] relabelled = Arrays.stream(d.rater()).map(id -> -7 * id + Integer.MIN_VALUE / 2).toArray();
        assertThat(ClusteredLogit.clustered(d.condition(), d.success(), relabelled, 0.9))
                .isEqualTo(ClusteredLogit.clustered(d.condition(), d.success(), d.rater(), 0.9));
        // every rating its own cluster in both clusterings: the intersection term cancels the second one
        int[] own = java.util.stream.IntStream.range(0, d.condition().length).toArray();
        assertThat(ClusteredLogit.twoWay(d.condition(), d.success(), d.rater(), own, 0.9))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(ClusteredLogit.clustered(d.condition(), d.success(), d.rater(), 0.9));
    }

    /** Three conditions of four raters with three ratings each. */
    private record SmallDesign(int[] condition, int[] success, int[] rater) {
        static SmallDesign small() {
            int[] condition = new int[36];
            int[] success = new int[36];
            int[] rater = new int[36];
            for (int i = 0; i < 36; i++) {
                condition[i] = i / 12;
                rater[i] = i / 3;
                success[i] = (i * 7 + i / 5) % 3 == 0 ? 1 : 0;
            }
            return new SmallDesign(condition, success, rater);
        }
    }

    @Test
    void separationAndBadInputAreRefused() {
        assertThatThrownBy(() -> ClusteredLogit.modelBased(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("condition 1 has 2 successes of 2 ratings").hasMessageContaining("separation");
        assertThatThrownBy(() -> ClusteredLogit.modelBased(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, 0.95))
                .hasMessageContaining("condition 0 has 0 successes of 2 ratings");
        assertThatThrownBy(() -> ClusteredLogit.modelBased(new int[] {0, 0, 2, 2}, new int[] {0, 1, 0, 1}, 0.95))
                .hasMessageContaining("condition 1 has no ratings");
        assertThatThrownBy(() -> ClusteredLogit.modelBased(new int[] {0, 0}, new int[] {0, 1}, 0.95))
                .hasMessageContaining("at least two conditions, got 1");
        assertThatThrownBy(() -> ClusteredLogit.modelBased(new int[] {0, 1}, new int[] {0, 2}, 0.95))
                .hasMessageContaining("success 2 at rating 1");
        assertThatThrownBy(() -> ClusteredLogit.modelBased(new int[] {0, -1}, new int[] {0, 1}, 0.95))
                .hasMessageContaining("condition -1 at rating 1");
        assertThatThrownBy(() -> ClusteredLogit.modelBased(new int[] {0, 1}, new int[] {0}, 0.95))
                .hasMessageContaining("differ in length: 2 and 1");
        int[] c = {0, 0, 1, 1};
        int[] s = {0, 1, 0, 1};
        assertThatThrownBy(() -> ClusteredLogit.clustered(c, s, new int[] {5, 5, 5, 5}, 0.95))
                .hasMessageContaining("at least two clusters, got 1");
        assertThatThrownBy(() -> ClusteredLogit.clustered(c, s, new int[] {1, 2}, 0.95))
                .hasMessageContaining("differ in length: 2 and 4");
        assertThatThrownBy(() -> ClusteredLogit.modelBased(c, s, 1.0)).hasMessageContaining("confidence level 1.0");
    }
}
