package io.github.empathy4j.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.empathy4j.core.dataset.ReleaseDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mixed model on the study's release: human (reference), gpt-4 (empathy prompt) and gpt-4-plain. */
class CumulativeLinkMixedModelReleaseTest {

    /** Rater, dialogue and condition indices of the release's 6,000 ratings, in the order human, gpt-4, plain. */
    static int[][] releaseData() {
        String folder = System.getProperty("empathy.shared.data");
        Path csv = folder == null ? null : Path.of(folder, "welivita-pu-2024", "dataset_and_ratings.csv");
        assumeTrue(csv != null && Files.exists(csv), "shared data folder absent");
        ReleaseDataset release = ReleaseDataset.read(csv);
        List<String> conditions = List.of(ReleaseDataset.HUMAN, ReleaseDataset.GPT_4, ReleaseDataset.GPT_4_PLAIN);
        Map<String, Integer> raters = new HashMap<>();
        Map<String, Integer> dialogues = new HashMap<>();
        int n = release.rows().size() * conditions.size();
        int[][] data = new int[4][n];
        int i = 0;
        for (int c = 0; c < conditions.size(); c++) {
            for (ReleaseDataset.Row row : release.rows()) {
                ReleaseDataset.Response response = row.response(conditions.get(c));
                data[0][i] = response.rating() - 1;
                data[1][i] = c;
                data[2][i] = raters.computeIfAbsent(conditions.get(c) + "/" + response.annotator(),
                        k -> raters.size());
                data[3][i] = dialogues.computeIfAbsent(row.dialogue().id(), k -> dialogues.size());
                i++;
            }
        }
        return data;
    }

    @Test
    void matchesClmmOnTheRelease() {
        int[][] data = releaseData();
        CumulativeLinkMixedModel m = CumulativeLinkMixedModel.fit(data[0], data[1], data[2], data[3]);
        // R 4.x, ordinal 2022.11.16: src/test/resources/clmm/release.R (the command is in the file):
        //   clmm(factor(level, ordered = TRUE) ~ condition + (1 | rater) + (1 | dialogue), data = long,
        //        link = "logit"); condition levels human, gpt-4, gpt-4-plain; output in release.out
        assertThat(m.observations()).isEqualTo(6000);
        assertThat(m.rater().groups()).isEqualTo(600);
        assertThat(m.dialogue().groups()).isEqualTo(2000);
        double tol = 1e-4;
        assertThat(m.thresholds().get(0).estimate()).isCloseTo(-1.852604787579183, within(tol));
        assertThat(m.thresholds().get(1).estimate()).isCloseTo(0.086907882469783, within(tol));
        assertThat(m.thresholds().get(0).standardError()).isCloseTo(0.073797142025772, within(tol));
        assertThat(m.thresholds().get(1).standardError()).isCloseTo(0.064892368474099, within(tol));
        assertThat(m.effect(1).estimate()).isCloseTo(0.791251757460584, within(tol));
        assertThat(m.effect(2).estimate()).isCloseTo(0.722411312015347, within(tol));
        assertThat(m.effect(1).standardError()).isCloseTo(0.092837753827285, within(tol));
        assertThat(m.effect(2).standardError()).isCloseTo(0.092464374171496, within(tol));
        assertThat(m.effect(1).z()).isCloseTo(8.52295, within(1e-2));
        assertThat(m.rater().standardDeviation()).isCloseTo(0.64225270459700, within(tol));
        assertThat(m.dialogue().standardDeviation()).isCloseTo(0.32475532626952, within(tol));
        assertThat(m.rater().standardError()).isCloseTo(0.043115041261459715, within(tol));
        assertThat(m.dialogue().standardError()).isCloseTo(0.088040513629091516, within(tol));
        assertThat(m.logLik()).isCloseTo(-5315.4293226677155, within(tol));
    }
}
