package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code empathy repair}: moves a run's bad journal lines to side files so that every command works again. */
@Command(name = "repair", sortOptions = false,
        header = "Move a run's bad journal lines aside, keeping everything else.",
        description = {"Checks every line of RUN/responses.jsonl and RUN/ratings.jsonl. A line that is not a"
                + " valid reply or rating (not JSON, such as two lines spliced into one, an invalid field, a repeated"
                + " reply or rating, a torn last line) is moved, byte for byte, to responses.rejected.jsonl or"
                + " ratings.rejected.jsonl; every other line stays. Says what it moved. A journal without bad lines"
                + " is not touched. Run it again in the same folder afterwards to redo what was moved (run, rate)."},
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

    /** The bad lines of one journal and where they went. */
    record Moved(String file, String rejectedFile, List<Long> lines, int kept) {
    }

    @Override
    public Integer call() {
        List<RunDirectory.Repaired> repaired = RunDirectory.open(run).repair();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, new Result(run.toString(), repaired.stream().map(r -> new Moved(r.file().toString(),
                    r.rejectedFile().toString(), r.lines(), r.kept())).toList()));
        } else if (repaired.isEmpty()) {
            out.println("Nothing to repair: every line of " + run.resolve(RunDirectory.RESPONSES) + " and "
                    + run.resolve(RunDirectory.RATINGS) + " is valid.");
        } else {
            for (RunDirectory.Repaired r : repaired) {
                out.printf(Locale.ROOT, "Moved %d bad line%s of %s (line%s %s) to %s; kept %d.%n", r.lines().size(),
                        r.lines().size() == 1 ? "" : "s", r.file(), r.lines().size() == 1 ? "" : "s",
                        r.lines().stream().map(String::valueOf).collect(Collectors.joining(", ")), r.rejectedFile(),
                        r.kept());
            }
        }
        return 0;
    }
}
