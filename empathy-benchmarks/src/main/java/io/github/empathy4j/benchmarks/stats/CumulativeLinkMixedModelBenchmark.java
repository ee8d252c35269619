package io.github.empathy4j.benchmarks.stats;

import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.stats.CumulativeLinkMixedModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cumulative link mixed model on the study's release (6,000 ratings: 3 conditions x 2,000 dialogues, 600
 * raters; target: under 5 s).
 *
 * <p>Run: {@code java -jar empathy-benchmarks/target/benchmarks.jar CumulativeLinkMixedModelBenchmark -f 1 -wi 1
 * -i 3} from the project root (the release is read from {@code ../shared/data}, or set {@code -p release=...}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CumulativeLinkMixedModelBenchmark {

    /** The release's CSV file. */
    @Param("../shared/data/welivita-pu-2024/dataset_and_ratings.csv")
    public String release;

    private int[] level;
    private int[] condition;
    private int[] rater;
    private int[] dialogue;

    /** Level, condition (human, gpt-4, gpt-4-plain), rater and dialogue indices of every rating. */
    @Setup
    public void setUp() {
        ReleaseDataset dataset = ReleaseDataset.read(Path.of(release));
        List<String> conditions = List.of(ReleaseDataset.HUMAN, ReleaseDataset.GPT_4, ReleaseDataset.GPT_4_PLAIN);
        Map<String, Integer> raters = new HashMap<>();
        Map<String, Integer> dialogues = new HashMap<>();
        int n = dataset.rows().size() * conditions.size();
        level = new int[n];
        condition = new int[n];
        rater = new int[n];
        dialogue = new int[n];
        int i = 0;
        for (int c = 0; c < conditions.size(); c++) {
            for (ReleaseDataset.Row row : dataset.rows()) {
                ReleaseDataset.Response response = row.response(conditions.get(c));
                level[i] = response.rating() - 1;
                condition[i] = c;
                rater[i] = raters.computeIfAbsent(conditions.get(c) + "/" + response.annotator(), k -> raters.size());
                dialogue[i] = dialogues.computeIfAbsent(row.dialogue().id(), k -> dialogues.size());
                i++;
            }
        }
    }

    /** levels ~ condition + (1 | rater) + (1 | dialogue), with standard errors. */
    @Benchmark
    public CumulativeLinkMixedModel release() {
        return CumulativeLinkMixedModel.fit(level, condition, rater, dialogue);
    }
}
