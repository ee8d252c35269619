package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsCommandTest {

    @Test
    void listsProvidersKeyVariablesAndPresets() {
        Cli.Outcome outcome = Cli.run("models");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("OPENAI_API_KEY", "GEMINI_API_KEY", "MISTRAL_API_KEY", "echo",
                "openai:gpt-4", "mistral:open-mixtral-8x7b");
    }

    @Test
    void jsonSaysWhetherEachKeyIsSetAndNeverItsValue() {
        JsonNode json = Cli.run("models", "--format", "json").json();

        List<String> providers = new ArrayList<>();
        for (JsonNode p : json.path("providers")) {
            providers.add(p.path("provider").asText());
            String variable = p.path("keyVariable").isNull() ? null : p.path("keyVariable").asText();
            boolean set = variable != null && System.getenv(variable) != null && !System.getenv(variable).isBlank();
            assertThat(p.path("keySet").asBoolean()).as(p.toString()).isEqualTo(set);
            if (set) {
                assertThat(json.toString()).doesNotContain(System.getenv(variable));
            }
        }
        assertThat(providers).contains("echo", "gemini", "mistral", "ollama", "openai", "openai-compatible");
        assertThat(json.path("presets")).hasSize(4);
        assertThat(json.path("presets").get(0).path("name").asText()).isEqualTo("gpt-4");
        assertThat(json.path("presets").get(0).path("spec").asText()).isEqualTo("openai:gpt-4");
    }
}
