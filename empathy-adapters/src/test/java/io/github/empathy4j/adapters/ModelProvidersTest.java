package io.github.empathy4j.adapters;

import io.github.empathy4j.adapters.anthropic.AnthropicProvider;
import io.github.empathy4j.adapters.azure.AzureOpenAiProvider;
import io.github.empathy4j.adapters.gemini.GeminiProvider;
import io.github.empathy4j.adapters.mistral.MistralProvider;
import io.github.empathy4j.adapters.ollama.OllamaProvider;
import io.github.empathy4j.adapters.openai.OpenAiCompatibleProvider;
import io.github.empathy4j.adapters.openai.OpenAiProvider;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.Respondent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelProvidersTest {

    private static final PromptTemplate TEMPLATE = PromptTemplate.defaultTemplate();

    @Test
    void serviceLoaderFindsTheBuiltInProviders() {
        assertThat(ModelProviders.load(Environment.of(Map.of())).providers())
                .extracting(ModelProvider::id)
                .contains("anthropic", "azure-openai", "gemini", "mistral", "ollama", "openai", "openai-compatible");
    }

    @Test
    void listShowsKeyVariablesWhetherTheyAreSetAndThePresets() {
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of("OPENAI_API_KEY", "sk-test-value",
                "ANTHROPIC_API_KEY", "sk-ant-test-value")),
                List.of(new OpenAiProvider(), new GeminiProvider(), new OllamaProvider(), new AnthropicProvider(),
                        new OpenAiCompatibleProvider(), new MistralProvider(), new AzureOpenAiProvider()));

        assertThat(providers.list()).containsExactly(
                new ModelProviders.Status("anthropic", Optional.of("ANTHROPIC_API_KEY"), true,
                        List.of(ModelPreset.CLAUDE_SONNET)),
                new ModelProviders.Status("azure-openai", Optional.of("AZURE_OPENAI_API_KEY"), false, List.of()),
                new ModelProviders.Status("gemini", Optional.of("GEMINI_API_KEY"), false,
                        List.of(ModelPreset.GEMINI_1_0_PRO, ModelPreset.GEMINI_2_5_FLASH)),
                new ModelProviders.Status("mistral", Optional.of("MISTRAL_API_KEY"), false,
                        List.of(ModelPreset.MIXTRAL_8X7B_INSTRUCT, ModelPreset.MISTRAL_LARGE, ModelPreset.MISTRAL_SMALL)),
                new ModelProviders.Status("ollama", Optional.empty(), false, List.of()),
                new ModelProviders.Status("openai", Optional.of("OPENAI_API_KEY"), true,
                        List.of(ModelPreset.GPT_4, ModelPreset.GPT_4O, ModelPreset.GPT_4_1)),
                new ModelProviders.Status("openai-compatible", Optional.empty(), false,
                        List.of(ModelPreset.LLAMA_2_70B_CHAT, ModelPreset.LLAMA_3_1_70B)));
        assertThat(providers.list().toString()).doesNotContain("sk-test-value").doesNotContain("sk-ant-test-value");
    }

    @Test
    void theStudysPresetsKeepTheirNamesAndTheRetiredOnesNameTheNearestCurrentModel() {
        assertThat(Arrays.stream(ModelPreset.values()).filter(ModelPreset::study).map(ModelPreset::shortName))
                .containsExactly("gpt-4", "llama-2-70b-chat", "gemini-1.0-pro", "mixtral-8x7b-instruct");
        assertThat(Arrays.stream(ModelPreset.values()).filter(ModelPreset::retired))
                .containsExactly(ModelPreset.GEMINI_1_0_PRO, ModelPreset.MIXTRAL_8X7B_INSTRUCT);
        assertThat(ModelPreset.GEMINI_1_0_PRO.successor()).contains(ModelPreset.GEMINI_2_5_FLASH);
        assertThat(ModelPreset.MIXTRAL_8X7B_INSTRUCT.retirement()).contains("mixtral-8x7b-instruct is retired by its "
                + "provider; the nearest current model is mistral-small (mistral:mistral-small-latest)");
        assertThat(ModelPreset.GPT_4O.retirement()).isEmpty();
        assertThat(ModelSpec.parse("claude-sonnet?maxTokens=300").toString())
                .isEqualTo("anthropic:claude-sonnet-4-6?maxTokens=300");
    }

    @Test
    void everyPresetIsServedByExactlyOneBuiltInProvider() {
        ModelProviders providers = ModelProviders.load(Environment.of(Map.of()));

        for (ModelPreset preset : ModelPreset.values()) {
            assertThat(providers.provider(preset.spec()).id()).as(preset.shortName())
                    .isEqualTo(preset.spec().provider());
            assertThat(ModelPreset.find(preset.paperName())).contains(preset);
        }
    }

    @Test
    void unknownProviderListsTheKnownOnesAndTheSyntax() {
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of()),
                List.of(new OpenAiProvider(), new OllamaProvider()));

        assertThatThrownBy(() -> providers.respondent("acme:large-3", TEMPLATE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no model provider serves acme:large-3")
                .hasMessageContaining("known providers: ollama, openai")
                .hasMessageContaining(ModelSpec.SYNTAX);
    }

    @Test
    void missingKeyFailsWhenTheRespondentIsCreatedNamingTheVariable() {
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of()), List.of(new MistralProvider()));

        assertThatThrownBy(() -> providers.respondent("mixtral-8x7b-instruct", TEMPLATE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("environment variable MISTRAL_API_KEY");
    }

    @Test
    void specCanNameAnotherKeyVariable() {
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of("OPENAI_API_KEY", "sk-default")),
                List.of(new OpenAiProvider()));

        assertThatThrownBy(() -> providers.respondent("openai:gpt-4?apiKeyEnv=TEAM_OPENAI_KEY", TEMPLATE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("environment variable TEAM_OPENAI_KEY");
    }

    @Test
    void providerMayDeclineASpec() {
        ModelProvider picky = new ModelProvider() {
            @Override
            public String id() {
                return "acme";
            }

            @Override
            public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
                return dialogue -> Answer.of("hello", spec.model());
            }

            @Override
            public boolean supports(ModelSpec spec) {
                return ModelProvider.super.supports(spec) && spec.model().startsWith("small");
            }
        };
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of()), List.of(picky));

        assertThat(providers.respondent("acme:small-1", TEMPLATE)).isNotNull();
        assertThatThrownBy(() -> providers.respondent("acme:huge-1", TEMPLATE))
                .hasMessageContaining("no model provider serves acme:huge-1");
    }

    @Test
    void twoProvidersWithOneIdAreRefused() {
        assertThatThrownBy(() -> ModelProviders.of(Environment.of(Map.of()),
                List.of(new OpenAiProvider(), new OpenAiProvider())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("two model providers share the id 'openai'")
                .hasMessageContaining(OpenAiProvider.class.getName());
    }

    @Test
    void conditionIsNamedAfterThePresetOrTheModel() {
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of("OPENAI_API_KEY", "sk-test-value")),
                List.of(new OpenAiProvider(), new OllamaProvider(), new OpenAiCompatibleProvider()));

        assertThat(providers.condition("GPT-4?temperature=0", TEMPLATE).name()).isEqualTo("gpt-4");
        assertThat(providers.condition("llama-2-70b-chat", TEMPLATE).name()).isEqualTo("llama-2-70b-chat");
        assertThat(providers.condition("ollama:llama2:70b-chat?seed=3", TEMPLATE).name())
                .isEqualTo("llama2:70b-chat");
        assertThat(providers.condition("openai-compatible:meta-llama/Llama-2-70b-chat-hf?baseUrl=http://h:8000/v1",
                TEMPLATE).name()).isEqualTo("meta-llama/Llama-2-70b-chat-hf");
        assertThat(providers.condition("warm gpt-4", "gpt-4?temperature=1", TEMPLATE).name()).isEqualTo("warm gpt-4");
    }

    @Test
    void conditionRecordsWhatShapesTheAnswersButNeverTheKeyOrItsVariable() {
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of("TEAM_KEY", "sk-test-value")),
                List.of(new OpenAiProvider()));

        Condition condition = providers.condition("gpt-4?timeout=2m&apiKeyEnv=TEAM_KEY&seed=7&temperature=0.7",
                TEMPLATE);

        assertThat(condition.spec()).isEqualTo("openai:gpt-4?seed=7&temperature=0.7");
        assertThat(condition.provider()).isEqualTo("openai");
        assertThat(condition.parameters()).isEqualTo(Map.of("seed", "7", "temperature", "0.7"));
        assertThat(condition.prompt()).isEqualTo(TEMPLATE);
        assertThat(condition.respondent()).isInstanceOf(ChatModelRespondent.class);
        assertThat(((ChatModelRespondent) condition.respondent()).spec().timeout()).contains(Duration.ofMinutes(2));
        assertThat(condition.toString()).doesNotContain("sk-test-value");
    }

    @Test
    void conditionFailsLikeTheRespondent() {
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of()), List.of(new OpenAiProvider()));

        assertThatThrownBy(() -> providers.condition("gpt-4", TEMPLATE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("environment variable OPENAI_API_KEY");
        assertThatThrownBy(() -> providers.condition("gpt4", TEMPLATE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("neither a model spec nor a preset");
    }

    @Test
    void environmentNeverShowsValues() {
        assertThat(Environment.of(Map.of("OPENAI_API_KEY", "sk-test-value")).toString())
                .doesNotContain("sk-test-value");
    }

    @Test
    void providersDeclareTheirBatchApiAndReadItsKey() {
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of("OPENAI_API_KEY", "sk-test-0123456789abcdef",
                "ANTHROPIC_API_KEY", "k-anthropic-01234567", "GEMINI_API_KEY", "k-gemini-012345678",
                "AZURE_OPENAI_API_KEY", "k-azure-0123456789", "MISTRAL_API_KEY", "k-mistral-01234567")),
                List.of(new OpenAiProvider(), new OpenAiCompatibleProvider(), new AzureOpenAiProvider(),
                        new AnthropicProvider(), new GeminiProvider(), new MistralProvider(), new OllamaProvider()));

        assertThat(providers.batchClient("gpt-4o")).get().hasToString("OpenAiBatchClient[openai:gpt-4o]");
        assertThat(providers.batchClient("claude-sonnet")).get()
                .hasToString("AnthropicBatchClient[anthropic:claude-sonnet-4-6?maxTokens=1024]");
        assertThat(providers.batchClient("gemini-2.5-flash")).get()
                .hasToString("GeminiBatchClient[gemini:gemini-2.5-flash]");
        assertThat(providers.batchClient("azure-openai:d?endpoint=https://acme.openai.azure.com")).get()
                .hasToString("OpenAiBatchClient[azure-openai:d?apiVersion=" + AzureOpenAiProvider.DEFAULT_API_VERSION
                        + "&endpoint=https://acme.openai.azure.com]");
        assertThat(providers.batchClient("mistral-large")).isEmpty();
        assertThat(providers.batchClient("ollama:llama3.1")).isEmpty();
        assertThatThrownBy(() -> ModelProviders.of(Environment.of(Map.of()), List.of(new GeminiProvider()))
                .batchClient("gemini-2.5-flash")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GEMINI_API_KEY");
    }
}
