package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.empathy4j.core.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code empathy repair}: moves a run's bad journal lines to side files so that every command works again. */
@Command(name = "repair", sortOptions = false,
        header = "Move a run's bad journal lines aside, keeping everything else.",
        description = {"Checks every line of each journal of RUN: responses.jsonl, ratings.jsonl, pairwise.jsonl,"
                + " batches.jsonl, rating-batches.jsonl, failures.jsonl, rating-failures.jsonl and"
                + " pairwise-failures.jsonl. A line the commands that read the journal would stop at (not JSON, such"
                + " as two lines spliced into one, an invalid field, a repeated reply, rating, verdict or batch event,"
                + " a torn last line) is moved, byte for byte, to a side file beside it, named like"
                + " responses.rejected.jsonl; every other line stays. Says what it moved. A journal without bad lines"
                + " is not touched. Run the command that wrote a journal again in the same folder afterwards to redo"
                + " what was moved (run, rate, pairwise). run.json and dialogues.jsonl, written once, are not"
                + " journals and are left as they are.",
                "",
                "A moved line of batches.jsonl or rating-batches.jsonl (the batches of run --batch and rate --batch)"
                + " is a lost batch event: after a moved intent event of a batch not collected yet (or a moved"
                + " submitted event, when the provider cannot find the batch by its label), the next run submits that"
                + " batch's items again; each is still journaled once, but paid twice, and the first batch is never"
                + " collected (cancel it at the provider; its batchId is in the file or its side file). After a moved"
                + " collected event the next run polls that batch once more. The output says so for those files."},
        footer = {"", "Examples:", "  empathy repair runs/first"})
final class RepairCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder.")
    private Path run;

    /** The JSON output: one entry per journal that had bad lines. */
    record Result(String directory, List<Moved> moved) {
    }

    /** The bad lines of one journal, where they went, and what moving them means when it needs saying. */
    record Moved(String file, String rejectedFile, List<Long> lines, int kept,
            @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
    }

    @Override
    public Integer call() {
        List<RunDirectory.Repaired> repaired = RunDirectory.open(run).repair();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, new Result(run.toString(), repaired.stream().map(r -> new Moved(r.file().toString(),
                    r.rejectedFile().toString(), r.lines(), r.kept(), r.note())).toList()));
        } else if (repaired.isEmpty()) {
            List<String> journals = RunDirectory.journals().stream().map(run::resolve).filter(Files::exists)
                    .map(Path::toString).toList();
            out.println(journals.isEmpty() ? "Nothing to repair: " + run + " has no journal."
                    : "Nothing to repair: every line of " + and(journals) + " is valid.");
        } else {
            for (RunDirectory.Repaired r : repaired) {
                out.printf(Locale.ROOT, "Moved %d bad line%s of %s (line%s %s) to %s; kept %d.%n", r.lines().size(),
                        r.lines().size() == 1 ? "" : "s", r.file(), r.lines().size() == 1 ? "" : "s",
                        r.lines().stream().map(String::valueOf).collect(Collectors.joining(", ")), r.rejectedFile(),
                        r.kept());
                if (r.note() != null) {
                    out.println(r.note());
                }
            }
        }
        return 0;
    }

    /** The names as an English list: {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String and(List<String> names) {
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
    }
}
