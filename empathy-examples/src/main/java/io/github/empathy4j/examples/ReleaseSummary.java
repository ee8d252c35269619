package io.github.empathy4j.examples;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Valence;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import io.github.empathy4j.core.rating.RatingScale;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Loads the study's release CSV and prints its dialogues by valence and emotion, with the rating
 * counts of each condition.
 *
 * <pre>java -jar empathy-examples/target/empathy.jar [path/to/dataset_and_ratings.csv]</pre>
 */
public final class ReleaseSummary {

    /** Where the release lies beside the project root, as in this project's workspace. */
    static final Path DEFAULT_RELEASE = Path.of("..", "shared", "data", "welivita-pu-2024", "dataset_and_ratings.csv");

    private ReleaseSummary() {
    }

    /** Runs the summary; the optional argument is the release CSV's path. */
    public static void main(String[] args) {
        Path file = args.length > 0 ? Path.of(args[0]) : DEFAULT_RELEASE;
        try {
            print(ReleaseDataset.read(file), file, System.out);
        } catch (EmpathyException e) {
            System.err.println("empathy: " + e.getMessage());
            System.exit(1);
        }
    }

    static void print(ReleaseDataset release, Path file, PrintStream out) {
        List<String> conditions = ReleaseDataset.CONDITIONS;
        Map<String, Dialogue> byId = release.dialogues().dialogues().stream()
                .collect(Collectors.toMap(Dialogue::id, d -> d));
        RatingScale.Dimension scale = RatingScale.STUDY.single();
        out.printf(Locale.ROOT, "Welivita & Pu (2024) release: %s%n", file);
        out.printf(Locale.ROOT, "%d dialogues, %d replies, %d ratings (%s); content hash %s%n%n",
                release.dialogues().size(), release.replies().size(), release.ratings().size(), scale.describe(),
                release.dialogues().contentHash());

        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s %9s", "", "dialogues"));
        for (String c : conditions) {
            header.append(String.format(Locale.ROOT, " %18s", c + " B/O/G"));
        }
        out.println(header);
        for (Valence v : Valence.values()) {
            out.println(line(v.label(), release, byId, conditions, d -> d.valence() == v));
            for (Emotion e : Emotion.of(v)) {
                out.println(line("  " + e.label(), release, byId, conditions, d -> d.emotion() == e));
            }
        }
        out.println(line("all", release, byId, conditions, d -> true));
    }

    private static String line(String label, ReleaseDataset release, Map<String, Dialogue> byId,
            List<String> conditions, Predicate<Dialogue> selected) {
        long dialogues = byId.values().stream().filter(selected).count();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %9d", label, dialogues));
        for (String c : conditions) {
            int[] counts = new int[4];
            for (Rating r : release.ratings(c)) {
                if (selected.test(byId.get(r.dialogueId()))) {
                    counts[r.value()]++;
                }
            }
            sb.append(String.format(Locale.ROOT, " %18s", counts[1] + "/" + counts[2] + "/" + counts[3]));
        }
        return sb.toString();
    }
}
