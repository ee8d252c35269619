package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PowerCommandTest {

    @Test
    void theStudysPowerAnalysisNeeds253() {
        Cli.Outcome outcome = Cli.run("power", "--w", "0.3", "--alpha", "0.05", "--power", "0.95", "--df", "8");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).startsWith("N = 253 observations reach power 0.95 (exactly 0.9503)");
    }

    @Test
    void withNTheCommandGivesThePower() {
        JsonNode json = Cli.run("power", "--n", "252", "--format", "json").json();

        assertThat(json.path("solvedFor").asText()).isEqualTo("power");
        assertThat(json.path("n").asLong()).isEqualTo(252);
        assertThat(json.path("power").asDouble()).isCloseTo(0.9494, within(5e-5));
        assertThat(json.path("w").asDouble()).isEqualTo(0.3);
        assertThat(json.path("df").asInt()).isEqualTo(8);
    }

    @Test
    void aLargerEffectNeedsFewerObservations() {
        JsonNode json = Cli.run("power", "--w", "0.5", "--df", "1", "--format", "json").json();

        // noncentrality needed at df 1: (z_0.975 + z_0.95)^2 = (1.960 + 1.645)^2 = 12.99, N = 12.99 / 0.25 = 51.98
        assertThat(json.path("n").asLong()).isEqualTo(52);
        assertThat(json.path("solvedFor").asText()).isEqualTo("n");
    }
}
