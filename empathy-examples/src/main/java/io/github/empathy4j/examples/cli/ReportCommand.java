package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.stats.RaterChoiceException;
import io.github.empathy4j.stats.StudyAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code empathy report}: rebuilds a run's report from its folder. */
@Command(name = "report", sortOptions = false,
        header = "Rebuild a run's report (Markdown, HTML, JSON, PNG charts).",
        description = {"Writes a run's report from its ratings into RUN/report/: report.md, report.html (one"
                + " self-contained file to open in a browser), report.json (the analysis) and PNG charts. The report"
                + " is of one rater source (--rater) and says who rated."},
        footer = {"", "Examples:", "  empathy report runs/first", "  empathy report runs/first --baseline gpt-4",
                "  empathy report runs/judged --rater openai:gpt-4o"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Mixin
    private AnalysisSettings settings;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder.")
    private Path run;

    /** The JSON output: the report's folder and the files written, documents first. */
    record Result(String directory, List<String> files) {
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    @Override
    public Integer call() {
        try (RunDirectory.Lock lock = RunDirectory.open(run).lock()) {
            return writeReport();
        }
    }

    /** Writes the report, holding the run folder's lock. */
    private Integer writeReport() {
        PrintWriter out = spec.commandLine().getOut();
        RunFolder folder = new RunFolder(run);
        if (settings.raters.size() > 1) {
            throw new ParameterException(spec.commandLine(), "a report is of one rater source; give one --rater,"
                    + " not " + settings.raters.size() + " (compare shows several one after another)");
        }
        StudyAnalysis analysis;
        try {
            analysis = folder.analysis(List.of(), settings, settings.chosenRaters().get(0));
        } catch (RaterChoiceException e) {
            throw AnalysisSettings.choose(spec.commandLine(), e);
        }
        CompareCommand.warnUntestable(spec.commandLine().getErr(), analysis);
        List<String> files = folder.writeReport(analysis).stream().map(Path::toString).toList();
        if (output.json()) {
            Output.json(out, new Result(run.resolve(RunFolder.REPORT).toString(), files));
        } else {
            out.println("Wrote the report of " + run + ":");
            files.forEach(f -> out.println("  " + f));
        }
        return 0;
    }
}
