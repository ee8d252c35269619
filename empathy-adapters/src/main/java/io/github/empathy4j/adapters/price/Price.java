package io.github.empathy4j.adapters.price;

import io.github.empathy4j.core.TokenUsage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One model's prices in US dollars per million tokens, as its provider publishes them.
 *
 * @param provider the {@code ModelProvider} id, such as {@code openai}
 * @param model the provider's model name, such as {@code gpt-4o}
 * @param input the price of a million input tokens
 * @param output the price of a million output tokens
 * @param batch the prices through the provider's batch API; empty when not known
 * @param checked the day these prices were compared with the provider's published ones
 * @param aliases other names of the same model at the same prices (dated snapshots such as
 *        {@code gpt-4o-2024-08-06})
 * @param source where the prices are published, or where they came from
 */
public record Price(String provider, String model, BigDecimal input, BigDecimal output, Optional<Rates> batch,
        LocalDate checked, List<String> aliases, String source) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /**
     * Batch prices in US dollars per million tokens.
     *
     * @param input the price of a million input tokens
     * @param output the price of a million output tokens
     */
    public record Rates(BigDecimal input, BigDecimal output) {

        public Rates {
            nonNegative(input, "input");
            nonNegative(output, "output");
        }
    }

    public Price {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        nonNegative(input, "input");
        nonNegative(output, "output");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(checked, "checked");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(source, "source");
    }

    /**
     * What the tokens cost at these prices: {@code inputTokens × input / 10^6 + outputTokens × output / 10^6},
     * exactly; at the batch prices when {@code batch}.
     *
     * @return the cost; empty when {@code batch} and no batch price is known
     */
    public Optional<Cost> cost(TokenUsage usage, boolean batch) {
        Objects.requireNonNull(usage, "usage");
        if (batch) {
            return this.batch.map(r -> cost(usage, r.input(), r.output()));
        }
        return Optional.of(cost(usage, input, output));
    }

    private static Cost cost(TokenUsage usage, BigDecimal input, BigDecimal output) {
        return new Cost(BigDecimal.valueOf(usage.inputTokens()).multiply(input).divide(MILLION),
                BigDecimal.valueOf(usage.outputTokens()).multiply(output).divide(MILLION));
    }

    private static void nonNegative(BigDecimal value, String name) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " price must not be negative: " + value);
        }
    }
}
