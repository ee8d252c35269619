package io.github.empathy4j.examples.cli;

import io.github.empathy4j.study.StudyServer;
import io.github.empathy4j.study.StudySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code empathy study}: the crowd study's web app. */
@Command(name = "study", sortOptions = false,
        header = "Run a crowd study in the browser: participants rate, ratings go into the run.",
        subcommands = {StudyCommand.Serve.class},
        description = "Serves a study's blinded batches (made by 'empathy batches export') to crowd participants "
                + "and writes their ratings into the run's ratings.jsonl as they arrive.",
        footer = {"", "Example:", "  empathy study serve study --run runs/first --port 8080"})
final class StudyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: prints the usage and fails. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }

    /** {@code empathy study serve}. */
    @Command(name = "serve", sortOptions = false,
            header = "Serve a study's batches to participants over HTTP.",
            description = {"Participants arrive with PROLIFIC_PID, STUDY_ID and SESSION_ID in the address (or "
                    + "MTurk's workerId, or enter an id), agree, read the instructions, rate one batch with one "
                    + "attention check and get the completion code. Ratings are checked as 'batches import' checks "
                    + "them and appended to RUN/ratings.jsonl; the run folder stays locked while serving.",
                "Stop with Ctrl-C; a restart keeps every assignment (STUDY/assignments.jsonl)."},
            footer = {"", "Example:",
                    "  empathy study serve study --run runs/first --port 8080 --raters-per-batch 2 \\",
                    "      --base-url https://study.example.org \\",
                    "      --completion-url 'https://app.prolific.com/submissions/complete?cc=C1A2B3C4'"})
    static final class Serve implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "STUDY", description = "The study folder (key.json).")
        private Path study;

        @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run's folder.")
        private Path run;

        @Option(names = "--port", defaultValue = "8080", description = "The port (default: ${DEFAULT-VALUE}).")
        private int port;

        @Option(names = "--host", defaultValue = "127.0.0.1",
                description = "The address to listen on (default: ${DEFAULT-VALUE}).")
        private String host;

        @Option(names = "--base-url", paramLabel = "URL",
                description = "The public address behind a reverse proxy, such as https://example.org/study.")
        private URI baseUrl;

        @Option(names = "--raters-per-batch", defaultValue = "1", paramLabel = "N",
                description = "Participants per batch: 1 as in the study, 2+ to measure agreement "
                        + "(default: ${DEFAULT-VALUE}).")
        private int raters;

        @Option(names = "--timeout", defaultValue = "30m", paramLabel = "DURATION",
                description = "Reclaim a batch not submitted within this time, such as 45m or 1h "
                        + "(default: ${DEFAULT-VALUE}).")
        private String timeout;

        @Option(names = "--completion-url", paramLabel = "URL",
                description = "Where participants go when done; its cc parameter is the completion code shown.")
        private URI completionUrl;

        @Option(names = "--consent", paramLabel = "FILE", description = "The consent text (UTF-8; blank lines "
                + "separate paragraphs); a default in our words otherwise.")
        private Path consent;

        @Option(names = "--reward", defaultValue = "0", paramLabel = "POUNDS",
                description = "The pay per batch, for the implied hourly pay on the progress page.")
        private double reward;

        @Option(names = "--minimum-hourly-pay", defaultValue = "6", paramLabel = "POUNDS",
                description = "The least hourly pay to aim for (default: ${DEFAULT-VALUE}, Prolific's minimum).")
        private double minimumHourlyPay;

        @Option(names = "--questionnaire", description = "Participants answer the Toronto Empathy Questionnaire "
                + "(16 statements, as in the 2024 study) after the instructions; answers and scores go to "
                + "STUDY/teq.jsonl and the progress page.")
        private boolean questionnaire;

        @Override
        public Integer call() throws Exception {
            PrintWriter console = spec.commandLine().getOut();
            StudySettings settings = new StudySettings(host, port, baseUrl, raters, duration(timeout), completionUrl,
                    consent == null ? null : Files.readString(consent), reward, minimumHourlyPay,
                    StudySettings.defaults().requestsPerMinute(), null, questionnaire);
            CountDownLatch stopped = new CountDownLatch(1);
            StudyServer server = StudyServer.start(study, run, settings);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }));
            console.printf(Locale.ROOT, "Serving %s for run %s.%n", study, run);
            console.printf(Locale.ROOT, "Study URL for Prolific: %s%n", server.participantUrl());
            console.printf(Locale.ROOT, "Progress (keep private): %s%n", server.researcherUrl());
            console.println("Stop with Ctrl-C.");
            console.flush();
            stopped.await();
            return 0;
        }

        private Duration duration(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            try {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                Duration d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> null;
                };
                if (d != null && n > 0) {
                    return d;
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                // reported below
            }
            throw new ParameterException(spec.commandLine(), "--timeout '" + text + "' is not valid; expected a "
                    + "positive number followed by s, m or h, such as 30m");
        }
    }
}
