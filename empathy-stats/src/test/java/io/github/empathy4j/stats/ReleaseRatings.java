package io.github.empathy4j.stats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.empathy4j.core.dataset.ReleaseDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The release's 6,000 ratings as arrays: condition (0 human, 1 gpt-4, 2 gpt-4-plain), Good (rating 3) as 1,
 * and rater and dialogue ids numbered in order of first appearance. Skips the test when the shared data is absent.
 */
record ReleaseRatings(int[] condition, int[] success, int[] rater, int[] dialogue) {

    static final List<String> CONDITIONS = List.of(ReleaseDataset.HUMAN, ReleaseDataset.GPT_4,
            ReleaseDataset.GPT_4_PLAIN);

    static ReleaseRatings read() {
        String folder = System.getProperty("empathy.shared.data");
        Path csv = folder == null ? null : Path.of(folder, "welivita-pu-2024", "dataset_and_ratings.csv");
        assumeTrue(csv != null && Files.exists(csv), "shared data folder absent");
        List<ReleaseDataset.Row> rows = ReleaseDataset.read(csv).rows();
        int n = rows.size() * CONDITIONS.size();
        int[] condition = new int[n];
        int[] success = new int[n];
        int[] rater = new int[n];
        int[] dialogue = new int[n];
        Map<String, Integer> raters = new HashMap<>();
        Map<String, Integer> dialogues = new HashMap<>();
        int i = 0;
        for (int c = 0; c < CONDITIONS.size(); c++) {
            for (ReleaseDataset.Row row : rows) {
                ReleaseDataset.Response response = row.response(CONDITIONS.get(c));
                condition[i] = c;
                success[i] = response.rating() == 3 ? 1 : 0;
                rater[i] = raters.computeIfAbsent(response.annotator(), id -> raters.size());
                dialogue[i] = dialogues.computeIfAbsent(row.dialogue().id(), id -> dialogues.size());
                i++;
            }
        }
        return new ReleaseRatings(condition, success, rater, dialogue);
    }
}
