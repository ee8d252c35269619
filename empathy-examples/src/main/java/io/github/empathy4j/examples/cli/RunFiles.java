package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.Datasets;
import io.github.empathy4j.core.dataset.DialogueJsonl;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.ReplyJournal;
import io.github.empathy4j.core.run.Run;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the rating commands share: a run folder's dialogues and replies, count tables and error output. */
final class RunFiles {

    private RunFiles() {
    }

    /** The dialogues of a run: from {@code dataset} when given, else the run's {@code dialogues.jsonl}. */
    static List<Dialogue> dialogues(Path run, Path dataset) {
        if (dataset != null) {
            return Datasets.read(dataset, ErrorPolicy.STRICT).value().dialogues();
        }
        Path file = run.resolve(Run.DIALOGUES_FILE);
        if (!Files.exists(file)) {
            throw new ConfigurationException(run + " has no " + Run.DIALOGUES_FILE + "; name the run's dataset with "
                    + "--dataset FILE");
        }
        return DialogueJsonl.read(file).dialogues();
    }

    /** The replies of a run's {@code responses.jsonl}. */
    static List<Reply> replies(Path run) {
        return ReplyJournal.read(run.resolve(ReplyJournal.FILE_NAME));
    }

    /** Prints one line per rater, condition and dimension with the count of each level. */
    static void printCounts(PrintWriter out, List<Rating> ratings, RatingScale scale) {
        Map<String, long[]> counts = new TreeMap<>();
        for (Rating r : ratings) {
            RatingScale.Dimension d = scale.dimension(r.dimension());
            counts.computeIfAbsent(r.rater() + '\u0000' + r.condition() + '\u0000' + d.id(),
                    k -> new long[d.levels().size()])[d.indexOf(r.value())]++;
        }
        counts.forEach((key, levels) -> {
            String[] parts = key.split("\u0000");
            RatingScale.Dimension d = scale.dimension(parts[2]);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-40s %-16s %-12s", parts[0],
                    parts[1], parts[2]));
            for (int i = 0; i < levels.length; i++) {
                sb.append(String.format(Locale.ROOT, " %s %d", d.levels().get(i).label(), levels[i]));
            }
            out.println(sb);
        });
    }

    /** Prints an error the way every command does and returns the failure exit code. */
    static int fail(CommandSpec spec, RuntimeException e) {
        spec.commandLine().getErr().println("empathy " + spec.name() + ": " + e.getMessage());
        return 1;
    }
}
