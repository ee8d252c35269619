package io.github.empathy4j.adapters.price;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.adapters.ModelPreset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PricesTest {

    private static final Prices PRICES = Prices.load();

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.writeString(dir.resolve("my-prices.csv"), String.join("\n", lines) + "\n");
    }

    @Test
    void theBuiltInTableIsDatedAndPricesTheCurrentPresetsWhosePricesAreKnown() {
        Price gpt4o = PRICES.price("openai", "gpt-4o").orElseThrow();
        assertThat(gpt4o.input()).isEqualByComparingTo("2.50");
        assertThat(gpt4o.output()).isEqualByComparingTo("10.00");
        assertThat(gpt4o.batch().orElseThrow().input()).isEqualByComparingTo("1.25");
        assertThat(gpt4o.checked()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(gpt4o.source()).startsWith("https://");
        for (String preset : new String[] {"gpt-4", "gpt-4o", "gpt-4.1", "claude-sonnet", "gemini-2.5-flash"}) {
            var spec = ModelPreset.find(preset).orElseThrow().spec();
            assertThat(PRICES.price(spec.provider(), spec.model())).as(preset).isPresent();
        }
    }

    @Test
    void asTheEnginesPricingACallIsPricedByItsSpecThenByTheModelThatAnsweredExactly() {
        var pricing = PRICES.pricing();
        // 1200 × 2.50 / 10^6 + 300 × 10.00 / 10^6 = 0.003 + 0.003 (by hand)
        assertThat(pricing.cost("openai:gpt-4o?temperature=0.7", "gpt-4o-2024-08-06", new TokenUsage(1200, 300),
                false).orElseThrow()).isEqualByComparingTo("0.006");
        // batch: 1200 × 1.25 / 10^6 + 300 × 5.00 / 10^6 = 0.0015 + 0.0015
        assertThat(pricing.cost("gpt-4o", null, new TokenUsage(1200, 300), true).orElseThrow())
                .isEqualByComparingTo("0.003");
        // a spec naming an unpriced alias-free name, answered by a priced snapshot: priced by the snapshot
        assertThat(pricing.cost("openai:my-gpt", "gpt-4o-2024-11-20", new TokenUsage(1_000_000, 0), false)
                .orElseThrow()).isEqualByComparingTo("2.50");
        // the answering model is looked up within the spec's provider only
        assertThat(pricing.cost("ollama:llama3", "gpt-4o", new TokenUsage(10, 10), false)).isEmpty();
        assertThat(pricing.cost("human", "human", new TokenUsage(10, 10), false)).isEmpty();
        // no usage reported: unknown, never $0
        assertThat(pricing.cost("gpt-4o", null, TokenUsage.NONE, false)).isEmpty();
        assertThat(pricing.maxOutputTokens("openai:gpt-4o?maxTokens=256")).hasValue(256);
        assertThat(pricing.maxOutputTokens("openai:gpt-4o")).isEmpty();
        assertThat(pricing.maxOutputTokens("human")).isEmpty();
    }

    @Test
    void modelsWithoutAKnownPriceHaveNone() {
        // retired, moving aliases, self-hosted: left out of the table rather than guessed
        for (ModelPreset preset : new ModelPreset[] {ModelPreset.GEMINI_1_0_PRO, ModelPreset.MISTRAL_LARGE,
                ModelPreset.MIXTRAL_8X7B_INSTRUCT, ModelPreset.LLAMA_3_1_70B}) {
            assertThat(PRICES.price(preset.spec().provider(), preset.spec().model())).as(preset.shortName()).isEmpty();
        }
        assertThat(PRICES.cost("openai", "gpt-5-imaginary", new TokenUsage(1, 1), false)).isEmpty();
    }

    @Test
    void modelsMatchByExactNameOrListedAliasNeverByPrefix() {
        assertThat(PRICES.price("openai", "gpt-4o-2024-08-06").orElseThrow().model()).isEqualTo("gpt-4o");
        assertThat(PRICES.price("anthropic", "claude-sonnet-4-5-20250929").orElseThrow().model())
                .isEqualTo("claude-sonnet-4-5");
        // gpt-4o-2024-05-13 was priced higher than gpt-4o: a prefix rule would have guessed wrong
        assertThat(PRICES.price("openai", "gpt-4o-2024-05-13")).isEmpty();
        assertThat(PRICES.price("openai", "GPT-4o")).isEmpty();
        assertThat(PRICES.price("azure-openai", "gpt-4o")).isEmpty();
    }

    @Test
    void costIsExactAtStandardAndBatchPrices() {
        TokenUsage usage = new TokenUsage(1234, 567);
        // python3: Decimal(1234)*Decimal('2.50')/10**6 + Decimal(567)*Decimal('10.00')/10**6 = 0.008755
        Cost standard = PRICES.cost("openai", "gpt-4o", usage, false).orElseThrow();
        assertThat(standard.input()).isEqualByComparingTo("0.003085");
        assertThat(standard.output()).isEqualByComparingTo("0.00567");
        assertThat(standard.total()).isEqualByComparingTo("0.008755");
        // python3: Decimal(1234)*Decimal('1.25')/10**6 + Decimal(567)*Decimal('5.00')/10**6 = 0.0043775
        assertThat(PRICES.cost("openai", "gpt-4o", usage, true).orElseThrow().total())
                .isEqualByComparingTo("0.0043775");
        // a million of each on Claude Sonnet 4.5: 3 + 15 dollars, half in a batch
        TokenUsage million = new TokenUsage(1_000_000, 1_000_000);
        assertThat(PRICES.cost("anthropic", "claude-sonnet-4-5-20250929", million, false).orElseThrow().total())
                .isEqualByComparingTo("18");
        assertThat(PRICES.cost("anthropic", "claude-sonnet-4-5", million, true).orElseThrow().total())
                .isEqualByComparingTo("9");
        // the claude-sonnet preset (Sonnet 4.6): 3 + 15; Sonnet 5.5: 2 + 10, half in a batch
        assertThat(PRICES.cost(ModelPreset.CLAUDE_SONNET.spec().provider(), ModelPreset.CLAUDE_SONNET.spec().model(),
                million, false).orElseThrow().total()).isEqualByComparingTo("18");
        assertThat(PRICES.cost("anthropic", "claude-sonnet-5-5", million, true).orElseThrow().total())
                .isEqualByComparingTo("6");
        // python3: Decimal('0.30')/10**6 + Decimal('2.50')/10**6 = 0.0000028
        assertThat(PRICES.cost("gemini", "gemini-2.5-flash", new TokenUsage(1, 1), false).orElseThrow().total())
                .isEqualByComparingTo("0.0000028");
    }

    @Test
    void costsAddWithoutRounding() throws IOException {
        Prices prices = PRICES.withOverrides(file(Prices.HEADER, "acme,tiny,0.075,0.075,,,2026-11-01,,quote"));
        Cost one = prices.cost("acme", "tiny", new TokenUsage(1, 0), false).orElseThrow();
        // python3: 3*(Decimal('0.075')/10**6) = 2.25E-7, the cost of three tokens in one call
        assertThat(one.plus(one).plus(one).total()).isEqualByComparingTo(new BigDecimal("0.000000225"));
        assertThat(one.plus(one).plus(one).total())
                .isEqualByComparingTo(prices.cost("acme", "tiny", new TokenUsage(3, 0), false).orElseThrow().total());
        assertThat(one).hasToString("$0.000000");
        assertThat(new Cost(new BigDecimal("0.0123455"), BigDecimal.ZERO)).hasToString("$0.012346");
    }

    @Test
    void aUserFileAddsModelsAndReplacesBuiltInRowsWithTheirAliases() throws IOException {
        Prices prices = PRICES.withOverrides(file(
                "# negotiated",
                Prices.HEADER,
                "",
                "openai,gpt-4o,2.00,8.00,,,2026-11-20,gpt-4o-2024-11-20,contract 42",
                "openai-compatible,meta-llama/Llama-3.1-70B-Instruct,0.88,0.88,0.44,0.44,2026-11-20,,together.ai"));

        Price gpt4o = prices.price("openai", "gpt-4o").orElseThrow();
        assertThat(gpt4o.input()).isEqualByComparingTo("2.00");
        assertThat(gpt4o.batch()).isEmpty();
        assertThat(prices.cost("openai", "gpt-4o", new TokenUsage(10, 10), true)).as("batch price unknown").isEmpty();
        assertThat(prices.price("openai", "gpt-4o-2024-11-20").orElseThrow().source()).isEqualTo("contract 42");
        // the replaced row's other alias went with it
        assertThat(prices.price("openai", "gpt-4o-2024-08-06")).isEmpty();
        assertThat(prices.price("openai-compatible", "meta-llama/Llama-3.1-70B-Instruct")).isPresent();
        assertThat(prices.price("openai", "gpt-4.1")).as("untouched built-in row").isPresent();
        assertThat(PRICES.price("openai", "gpt-4o").orElseThrow().input()).as("immutable")
                .isEqualByComparingTo("2.50");
    }

    @Test
    void badFilesNameTheFileLineAndField() throws IOException {
        assertBad(file(Prices.HEADER, "openai,gpt-4o,2.5O,10,,,2026-11-27,,x"), 2, "input", "2.5O");
        assertBad(file(Prices.HEADER, "openai,gpt-4o,-1,10,,,2026-11-27,,x"), 2, "input", "-1");
        assertBad(file("# c", Prices.HEADER, "openai,gpt-4o,2,10,1,,2026-11-27,,x"), 3, "batch_output", "");
        assertBad(file(Prices.HEADER, "openai,gpt-4o,2,10,,,27.11.2026,,x"), 2, "checked", "27.11.2026");
        assertBad(file(Prices.HEADER, "OpenAI,gpt-4o,2,10,,,2026-11-27,,x"), 2, "provider", "OpenAI");
        assertBad(file(Prices.HEADER, "openai,,2,10,,,2026-11-27,,x"), 2, "model", "");
        assertBad(file(Prices.HEADER, "openai,gpt-4o,2,10,,,2026-11-27,,x", "openai,x,2,10,,,2026-11-27,gpt-4o,y"),
                3, "model", "gpt-4o");

        BadInputException columns = catchThrowableOfType(BadInputException.class,
                () -> PRICES.withOverrides(file(Prices.HEADER, "openai,gpt-4o,2,10")));
        assertThat(columns.line()).isEqualTo(2);
        assertThat(columns).hasMessageContaining("my-prices.csv:2").hasMessageContaining("expected 9 fields");

        BadInputException header = catchThrowableOfType(BadInputException.class,
                () -> PRICES.withOverrides(file("model,input", "gpt-4o,2")));
        assertThat(header.line()).isEqualTo(1);
        assertThat(header).hasMessageContaining("expected the header line " + Prices.HEADER);

        assertThatThrownBy(() -> PRICES.withOverrides(file(Prices.HEADER, "openai,my-4o,1,2,,,2026-11-27,gpt-4o,x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("alias gpt-4o of openai:my-4o");
        assertThatThrownBy(() -> PRICES.withOverrides(dir.resolve("missing.csv")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing.csv does not exist");
    }

    private void assertBad(Path file, long line, String column, String value) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> PRICES.withOverrides(file));
        assertThat(e).as(column).isNotNull();
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e).hasMessageStartingWith(file + ":" + line + ": column '" + column + "'");
    }

    @Test
    void theBuiltInTableParsesCleanly() {
        assertThat(PRICES.prices()).extracting(Price::model)
                .containsExactly("gpt-4", "gpt-4o", "gpt-4.1", "claude-sonnet-5-5", "claude-sonnet-5",
                        "claude-sonnet-4-6", "claude-sonnet-4-5", "gemini-2.5-flash");
        assertThat(PRICES.prices()).allSatisfy(p -> assertThat(p.batch()).isPresent());
    }
}
