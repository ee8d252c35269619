package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.core.JacksonException;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.run.BudgetExhaustedException;
import io.github.empathy4j.core.crowd.CrowdImport;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The {@code empathy} command: {@code java -jar empathy-examples/target/empathy.jar COMMAND [OPTIONS]}.
 *
 * <p>Exit codes: 0 on success, 1 on a failure (one line {@code empathy: MESSAGE} on standard error, with the stack
 * trace only under {@code --verbose}), 2 on a usage error. Every command has {@code --help}.
 */
@Command(name = "empathy", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = EmpathyCli.VersionProvider.class, sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {ReproduceCommand.class, RunCommand.class, RateCommand.class, BatchesCommand.class,
                CompareCommand.class, ReportCommand.class, RepairCommand.class, CalibrateCommand.class,
                AgreementCommand.class, PowerCommand.class, ModelsCommand.class, StudyCommand.class,
                CacheCommand.class, LeaderboardCommand.class, JudgesCommand.class, PairwiseCommand.class},
        description = {"Measures how empathetically LLMs answer people who share an emotional experience, and"
                + " compares them with human answers (Welivita & Pu, 2024).", ""},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Examples:",
                "  empathy reproduce                                  the study's table, offline",
                "  empathy run data.csv --sample 320 --model gpt-4 \\",
                "      --judge openai:gpt-4o --out runs/first",
                "  empathy compare runs/first --baseline human --published",
                "", "Run 'empathy COMMAND --help' for a command's options."})
public final class EmpathyCli implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show the stack trace of a failure.")
    private boolean verbose;

    /** Runs the command line and exits with its exit code; charts are drawn headless. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line with the given output and error streams, without exiting.
     *
     * @return the exit code: 0 success, 1 failure, 2 usage error, 3 a condition not shown non-inferior
     *     ({@code compare --require-non-inferior}), 4 stopped at the {@code --budget} (resumable)
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command line, for adding subcommands or running it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EmpathyCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(EmpathyCli::failure);
        cli.setParameterExceptionHandler(EmpathyCli::usageError);
        return cli;
    }

    /** Without a command: the help, on standard error, as a usage error (exit 2). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println("empathy: " + inCommandTerms(message(e), command));
        if (verbose(parsed)) {
            e.printStackTrace(err);
        } else if (!(e instanceof EmpathyException || e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException)) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return e instanceof BudgetExhaustedException ? CostOptions.BUDGET_EXIT : 1;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("empathy: " + e.getMessage());
        String name = command.getCommandSpec().qualifiedName();
        err.println("Run '" + name + " --help' for usage.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** One line that tells the user what went wrong, without naming the library's or Java's classes. */
    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u) {
            return message(u.getCause());
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + (Files.isRegularFile(Path.of(f.getFile())) ? " is a file, not a folder"
                    : " already exists; choose another name or remove it");
        }
        if (e instanceof DirectoryNotEmptyException d) {
            return "the folder " + d.getFile() + " is not empty";
        }
        if (e instanceof NotDirectoryException d) {
            return d.getFile() + " is not a folder";
        }
        if (e instanceof FileSystemException f) {
            return "cannot use " + f.getFile() + (f.getReason() == null ? "" : ": " + f.getReason());
        }
        if (e instanceof JacksonException j) {
            return j.getOriginalMessage();
        }
        if (e.getMessage() == null) {
            return e.getCause() != null ? message(e.getCause()) : "an unexpected error";
        }
        return e.getMessage();
    }

    /** A library message in this command's terms: how to read leniently is its {@code --lenient}, if it has one. */
    private static String inCommandTerms(String message, CommandLine command) {
        boolean lenient = command.getCommandSpec().findOption("--lenient") != null;
        return message.replace(ErrorPolicy.LENIENT_HINT, lenient ? "; to skip bad rows and get a report instead,"
                + " run again with --lenient" : "")
                .replace(CrowdImport.LENIENT_HINT, lenient ? "; to import the valid ratings anyway and get a report,"
                + " run again with --lenient" : "");
    }

    /** The version from the build: {@code empathy 0.1.0 (Java 17.0.15)}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            return new String[] {"empathy " + Version.get() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
