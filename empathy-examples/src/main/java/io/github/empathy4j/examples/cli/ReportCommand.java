package io.github.empathy4j.examples.cli;

import io.github.empathy4j.stats.StudyAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
                + " self-contained file to open in a browser), report.json (the analysis) and PNG charts."},
        footer = {"", "Examples:", "  empathy report runs/first", "  empathy report runs/first --baseline gpt-4"})
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunFolder folder = new RunFolder(run);
        List<String> warnings = new ArrayList<>();
        StudyAnalysis analysis = folder.analysis(List.of(), settings, warnings);
        warnings.forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        List<String> files = folder.writeReport(analysis, warnings).stream().map(Path::toString).toList();
        if (output.json()) {
            Output.json(out, new Result(run.resolve(RunFolder.REPORT).toString(), files));
        } else {
            out.println("Wrote the report of " + run + ":");
            files.forEach(f -> out.println("  " + f));
        }
        return 0;
    }
}
