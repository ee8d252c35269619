package io.github.empathy4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmpathyCliTest {

    @Test
    void versionNamesTheBuildVersion() {
        Cli.Outcome outcome = Cli.run("--version");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).startsWith("empathy ").doesNotContain("unknown").contains("(Java ");
    }

    @Test
    void withoutCommandPrintsTheCommandsAsAUsageError() {
        Cli.Outcome outcome = Cli.run();

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).contains("reproduce", "run", "rate", "batches", "compare", "report", "calibrate",
                "agreement", "power", "models");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reproduce", "run", "rate", "batches", "batches export", "batches import", "compare",
        "report", "calibrate", "agreement", "power", "models"})
    void everyCommandHasHelpWithItsOwnExamples(String command) {
        Cli.Outcome outcome = Cli.run((command + " --help").split(" "));

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("Usage: empathy " + command).containsPattern("Examples?:")
                .contains("--help");
        String examples = outcome.out().substring(outcome.out().indexOf("Example"));
        assertThat(examples).as("examples of this command, not the top-level ones").contains("empathy " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "reproduce", "run", "rate", "batches", "batches export", "batches import", "compare",
        "report", "calibrate", "agreement", "power", "models"})
    void noExampleIsWrappedMidCommand(String command) {
        String help = Cli.run((command + " --help").strip().split(" ")).out();
        List<String> lines = help.substring(help.indexOf("Example")).lines().toList();

        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(line.length()).as("fits the 80 columns of a terminal: " + line).isLessThanOrEqualTo(80);
            if (line.startsWith("    ")) {
                assertThat(lines.get(i - 1)).as("a continued example line ends with \\: " + line).endsWith(" \\");
            } else if (!line.isBlank() && !line.startsWith("  ")) {
                assertThat(line).as("text at the margin is a heading, not a wrapped example").matches(".*:|Run .*");
            }
        }
    }

    @Test
    void aUsageErrorExitsWithTwoAndOneLine() {
        Cli.Outcome outcome = Cli.run("power", "--w", "big");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("empathy: ").contains("'big'", "--w")
                .contains("Run 'empathy power --help' for usage.").doesNotContain("\tat ");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Cli.Outcome outcome = Cli.run("reproduec");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("empathy: ").contains("reproduec");
    }

    @Test
    void aFailureExitsWithOneAndOneClearLine(@TempDir Path dir) {
        Path missing = dir.resolve("missing.csv");

        Cli.Outcome outcome = Cli.run("agreement", missing.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("empathy: cannot read " + missing + ": no such file"
                + System.lineSeparator());
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) {
        Cli.Outcome outcome = Cli.run("agreement", dir.resolve("missing.csv").toString(), "--verbose");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: cannot read ").contains("\tat ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"--alpha 1.5 | alpha 1.5 is outside (0, 1)", "--w 0 | effect size w 0.0", "--df 0 | degrees of freedom 0"})
    void anOptionValueTheStatisticsRejectIsAUsageError(String option, String message) {
        Cli.Outcome outcome = Cli.run(("power " + option).split(" "));

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("empathy: " + message).contains("Run 'empathy power --help' for usage.")
                .doesNotContain("\tat ");
    }
}
