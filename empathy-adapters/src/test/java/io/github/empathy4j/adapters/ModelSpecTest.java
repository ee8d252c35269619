package io.github.empathy4j.adapters;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.run.Lane;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSpecTest {

    @Test
    void parsesProviderModelAndOptions() {
        ModelSpec spec = ModelSpec.parse("openai-compatible:meta-llama/Llama-2-70b-chat-hf"
                + "?baseUrl=http://localhost:8000/v1&temperature=0.7&seed=42&maxTokens=256&timeout=30s"
                + "&apiKeyEnv=TOGETHER_API_KEY");

        assertThat(spec.provider()).isEqualTo("openai-compatible");
        assertThat(spec.model()).isEqualTo("meta-llama/Llama-2-70b-chat-hf");
        assertThat(spec.baseUrl()).contains("http://localhost:8000/v1");
        assertThat(spec.temperature()).contains(0.7);
        assertThat(spec.seed()).contains(42);
        assertThat(spec.maxTokens()).contains(256);
        assertThat(spec.timeout()).contains(Duration.ofSeconds(30));
        assertThat(spec.apiKeyEnv()).contains("TOGETHER_API_KEY");
    }

    @Test
    void modelMayContainColonsAndSlashes() {
        assertThat(ModelSpec.parse("ollama:llama2:70b-chat")).isEqualTo(ModelSpec.of("ollama", "llama2:70b-chat"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai:gpt-4", "ollama:llama2:70b-chat", "mistral:open-mixtral-8x7b?temperature=0",
            "openai-compatible:meta-llama/Llama-2-70b-chat-hf?baseUrl=http://localhost:8000/v1&temperature=0.7",
            "acme:a%26b%3Dc%3F%25 d?baseUrl=http://h/x%3Fq%3D1%26r%3D2", "acme:caf\u00e9+cr\u00e8me?seed=-3"})
    void toStringParsesBackToTheSameSpec(String text) {
        ModelSpec spec = ModelSpec.parse(text);

        assertThat(ModelSpec.parse(spec.toString())).isEqualTo(spec);
    }

    @Test
    void toStringIsCanonicalWithOptionsSorted() {
        assertThat(ModelSpec.parse("OpenAI:gpt-4?temperature=0.7&seed=1").toString())
                .isEqualTo("openai:gpt-4?seed=1&temperature=0.7");
    }

    @Test
    void decodesPercentEscapesButKeepsPlus() {
        ModelSpec spec = ModelSpec.parse("acme:a+b%2Fc%C3%A9?baseUrl=http://h/v1%3Fx%3D1%26y%3D2");

        assertThat(spec.model()).isEqualTo("a+b/c\u00e9");
        assertThat(spec.baseUrl()).contains("http://h/v1?x=1&y=2");
    }

    @ParameterizedTest
    @CsvSource({"gpt-4, openai:gpt-4", "GPT-4, openai:gpt-4", "gemini-1.0-pro, gemini:gemini-1.0-pro",
            "Mixtral-8x7B-Instruct, mistral:open-mixtral-8x7b",
            "llama-2-70b-chat, openai-compatible:meta-llama/Llama-2-70b-chat-hf?baseUrl=http://localhost:8000/v1"})
    void presetNamesStandForTheirSpecs(String name, String spec) {
        assertThat(ModelSpec.parse(name)).isEqualTo(ModelSpec.parse(spec));
    }

    @Test
    void presetTakesExtraOptionsWhichOverrideItsOwn() {
        ModelSpec spec = ModelSpec.parse("llama-2-70b-chat?baseUrl=https://api.together.xyz/v1&temperature=0.2");

        assertThat(spec.provider()).isEqualTo("openai-compatible");
        assertThat(spec.options()).isEqualTo(Map.of("baseUrl", "https://api.together.xyz/v1", "temperature", "0.2"));
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "1h, PT1H", "PT45S, PT45S"})
    void timeoutsInShortOrIsoForm(String text, String iso) {
        assertThat(ModelSpec.parse("openai:gpt-4?timeout=" + text).timeout()).contains(Duration.parse(iso));
    }

    @Test
    void azureOptionsAreCheckedAndTheEndpointNeverEchoed() {
        ModelSpec spec = ModelSpec.parse("azure-openai:my-gpt4o?endpoint=https://acme.openai.azure.com&apiVersion=2024-10-21");

        assertThat(spec.endpoint()).contains("https://acme.openai.azure.com");
        assertThat(spec.apiVersion()).contains("2024-10-21");
        assertThatThrownBy(() -> ModelSpec.parse("azure-openai:x?endpoint=https://user:sk-secret@acme.example"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("option endpoint in model spec")
                .hasMessageNotContaining("sk-secret");
        assertThatThrownBy(() -> ModelSpec.parse("azure-openai:x?apiVersion=2024/10"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("apiVersion=2024/10");
    }

    @Test
    void unknownOptionListsTheKnownOnesAndTheSyntaxButNotTheValue() {
        assertThatThrownBy(() -> ModelSpec.parse("openai:gpt-4?apiKey=sk-secret-value"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown option 'apiKey'")
                .hasMessageContaining("apiKeyEnv, apiVersion, baseUrl, endpoint, maxTokens, seed, temperature, timeout")
                .hasMessageContaining(ModelSpec.SYNTAX)
                .hasMessageNotContaining("sk-secret-value");
    }

    @Test
    void temperatureDefaultIsKeptInTheSpecAndSendsNone() {
        ModelSpec spec = ModelSpec.parse("anthropic:claude-sonnet-5-5?temperature=default");
        assertThat(spec.temperature()).isEmpty();
        assertThat(spec).hasToString("anthropic:claude-sonnet-5-5?temperature=default");
        assertThat(spec.parameters()).containsEntry("temperature", "default");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "temperature=abc | option temperature=abc | a number from 0 to 2 such as 0.7, or default (send none)",
            "temperature=-1  | option temperature=-1  | a number from 0 to 2",
            "temperature=3   | option temperature=3   | a number from 0 to 2",
            "temperature=NaN | option temperature=NaN | a number from 0 to 2",
            "seed=1.5        | option seed=1.5        | an integer",
            "maxTokens=0     | option maxTokens=0     | a positive integer",
            "timeout=soon    | option timeout=soon    | a positive duration such as 30s, 500ms, 2m or PT30S",
            "timeout=0s      | option timeout=0s      | a positive duration"})
    void invalidValueNamesTheOptionAndTheExpectedForm(String option, String named, String expected) {
        assertThatThrownBy(() -> ModelSpec.parse("openai:gpt-4?" + option))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(named)
                .hasMessageContaining("expected " + expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"apiKeyEnv=sk-proj-abc123", "baseUrl=https://user:sk-proj-abc123@host/v1"})
    void optionsThatMightHoldASecretAreNotEchoed(String option) {
        assertThatThrownBy(() -> ModelSpec.parse("openai:gpt-4?" + option))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is invalid")
                .hasMessageNotContaining("sk-proj-abc123");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gpt4                       | 'gpt4' is neither a model spec nor a preset",
            "openai:                    | names no model",
            "open ai:gpt-4              | provider 'open ai' must be",
            "openai:gpt-4?temperature   | option 'temperature' in model spec openai:gpt-4 needs the form key=value",
            "openai:gpt-4?seed=1&seed=2 | option 'seed' appears twice",
            "openai:gpt%2-4             | bad escape at '%2-'"})
    void malformedSpecsSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> ModelSpec.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void unknownNameListsThePresets() {
        assertThatThrownBy(() -> ModelSpec.parse("gpt4"))
                .hasMessageContaining("gpt-4, llama-2-70b-chat, gemini-1.0-pro, mixtral-8x7b-instruct")
                .hasMessageContaining(ModelSpec.SYNTAX);
    }

    @Test
    void parametersAndIdentityLeaveOutTheKeyVariableAndTheTimeout() {
        ModelSpec spec = ModelSpec.parse("openai:gpt-4?apiKeyEnv=MY_KEY&temperature=0.7&seed=1&timeout=30s");

        assertThat(spec.parameters()).isEqualTo(Map.of("seed", "1", "temperature", "0.7"));
        assertThat(spec.identity()).isEqualTo(ModelSpec.parse("openai:gpt-4?seed=1&temperature=0.7"));
    }

    @Test
    void withSetsAndValidatesOneOption() {
        ModelSpec spec = ModelSpec.parse("openai:gpt-4").with("temperature", "0.3");

        assertThat(spec.temperature()).contains(0.3);
        assertThatThrownBy(() -> spec.with("temperature", "warm")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aSpecsLaneIsItsProviderKeyVariableAndAddressSoTwoServersAreTwoLanes() {
        assertThat(ModelSpec.parse("openai-compatible:m?baseUrl=http://a:8000/v1&apiKeyEnv=A_KEY").lane())
                .isEqualTo(new Lane("openai-compatible", "A_KEY", "http://a:8000/v1"));
        assertThat(ModelSpec.parse("openai-compatible:m?baseUrl=http://b:8000/v1").lane())
                .isEqualTo(new Lane("openai-compatible", "", "http://b:8000/v1"));
        assertThat(ModelSpec.parse("openai:gpt-4o?temperature=0").lane()).isEqualTo(new Lane("openai", "", ""));
        ChatModelJudge judge = ChatModelJudge.of(ModelProviders.load(Environment.of(Map.of("OPENAI_API_KEY", "sk-x"))),
                "openai:gpt-4o");
        assertThat(judge.lane()).as("a judge shares its provider's lane with the respondents")
                .isEqualTo(ModelSpec.parse("openai:gpt-4").lane());
    }
}
