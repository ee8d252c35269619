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
        assertThat(outcome.out()).contains("OPENAI_API_KEY", "GEMINI_API_KEY", "MISTRAL_API_KEY",
                "ANTHROPIC_API_KEY", "AZURE_OPENAI_API_KEY", "echo", "openai:gpt-4", "mistral:open-mixtral-8x7b",
                "anthropic:claude-sonnet-4-5", "gemini:gemini-2.5-flash", "the study's; retired: use gemini-2.5-flash",
                "the study's; retired: use mistral-small");
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
        assertThat(providers).contains("anthropic", "azure-openai", "echo", "gemini", "mistral", "ollama", "openai",
                "openai-compatible");
        List<String> study = new ArrayList<>();
        List<String> today = new ArrayList<>();
        json.path("presets").forEach(p -> (p.path("study").asBoolean() ? study : today).add(p.path("name").asText()));
        assertThat(study).containsExactly("gpt-4", "llama-2-70b-chat", "gemini-1.0-pro", "mixtral-8x7b-instruct");
        assertThat(today).contains("gpt-4o", "gpt-4.1", "claude-sonnet", "gemini-2.5-flash", "llama-3.1-70b",
                "mistral-large");
        assertThat(json.path("presets").get(0).path("spec").asText()).isEqualTo("openai:gpt-4");
        assertThat(json.path("presets").get(0).path("successor").isNull()).isTrue();
        assertThat(json.path("presets").get(2).path("successor").asText()).isEqualTo("gemini-2.5-flash");
    }
}
