package io.github.empathy4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EmpathyCliTest {

    @Test
    void versionNamesTheBuildVersion() {
        Cli.Outcome outcome = Cli.run("--version");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).startsWith("empathy ").doesNotContain("unknown").contains("(Java ");
    }

    @Test
    void withoutCommandPrintsTheCommands() {
        Cli.Outcome outcome = Cli.run();

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("reproduce", "run", "rate", "batches", "compare", "report", "calibrate",
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
        assertThat(outcome.err()).isEqualTo("empathy: no such file: " + missing + System.lineSeparator());
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) {
        Cli.Outcome outcome = Cli.run("agreement", dir.resolve("missing.csv").toString(), "--verbose");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: no such file").contains("\tat ");
    }

    @Test
    void aStatisticalErrorIsOneLine() {
        Cli.Outcome outcome = Cli.run("power", "--alpha", "1.5");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("empathy: alpha 1.5 is outside (0, 1)" + System.lineSeparator());
    }
}
