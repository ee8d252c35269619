package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
                "anthropic:claude-sonnet-4-6", "gemini:gemini-2.5-flash", "the study's; retired: use gemini-2.5-flash",
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

    @TempDir
    Path dir;

    @Test
    void eachPresetShowsItsPriceOrPriceUnknown() {
        Cli.Outcome outcome = Cli.run("models");

        assertThat(outcome.out()).contains("$2.50 / $10.00 (batch $1.25 / $5.00)", "price unknown");
        JsonNode presets = Cli.run("models", "--format", "json").json().path("presets");
        JsonNode gpt4o = preset(presets, "gpt-4o").path("price");
        assertThat(gpt4o.path("input").decimalValue()).isEqualByComparingTo("2.50");
        assertThat(gpt4o.path("batchOutput").decimalValue()).isEqualByComparingTo("5.00");
        assertThat(gpt4o.path("checked").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(preset(presets, "gemini-1.0-pro").path("price").isNull()).isTrue();
    }

    @Test
    void aPriceFileExtendsTheTableAndABadOneNamesItsLineAndField() throws IOException {
        Path prices = Files.writeString(dir.resolve("prices.csv"), """
                provider,model,input,output,batch_input,batch_output,checked,aliases,source
                openai-compatible,meta-llama/Llama-3.1-70B-Instruct,0.88,0.88,,,2026-11-20,,together.ai
                """);
        JsonNode presets = Cli.run("models", "--format", "json", "--prices", prices.toString()).json().path("presets");
        JsonNode llama = preset(presets, "llama-3.1-70b").path("price");
        assertThat(llama.path("output").decimalValue()).isEqualByComparingTo("0.88");
        assertThat(llama.path("batchInput").isNull()).isTrue();

        Files.writeString(prices, "provider,model,input,output,batch_input,batch_output,checked,aliases,source\n"
                + "openai,gpt-4o,two,10,,,2026-11-20,,x\n");
        Cli.Outcome bad = Cli.run("models", "--prices", prices.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains(prices + ":2: column 'input': 'two' is not valid");
    }

    private static JsonNode preset(JsonNode presets, String name) {
        for (JsonNode p : presets) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no preset " + name);
    }
}
