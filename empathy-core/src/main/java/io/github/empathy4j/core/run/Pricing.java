package io.github.empathy4j.core.run;

import io.github.empathy4j.core.TokenUsage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What model calls cost, for the journals' {@code costUsd} and a run's {@linkplain Run.Builder#budget budget}. The
 * engine knows specs and tokens, not prices: the adapters implement this from their price table
 * ({@code io.github.empathy4j.adapters.price.Prices#pricing()}). Implementations must be thread-safe.
 */
public interface Pricing {

    /** No prices: every call's cost is unknown. */
    Pricing NONE = new Pricing() {
        @Override
        public Optional<BigDecimal> cost(String spec, String answeredModel, TokenUsage usage, boolean batch) {
            return Optional.empty();
        }

        @Override
        public OptionalLong maxOutputTokens(String spec) {
            return OptionalLong.empty();
        }
    };

    /**
     * What one call cost in US dollars, exactly.
     *
     * @param spec the condition's or judge's model spec, such as {@code openai:gpt-4o?temperature=0.7}
     * @param answeredModel the model the provider said answered (a dated snapshot), or {@code null}; priced when
     *        the spec's model has no price
     * @param usage the tokens the provider reported
     * @param batch whether the call went through the provider's batch API (batch prices)
     * @return the cost; empty when the price is unknown, or the usage was not reported (no tokens)
     */
    Optional<BigDecimal> cost(String spec, String answeredModel, TokenUsage usage, boolean batch);

    /** The output tokens the spec allows at most ({@code maxTokens}); empty when it sets no limit. */
    OptionalLong maxOutputTokens(String spec);

    /**
     * Why a budget cannot bound the calls of a spec: it sets no {@code maxTokens}, or its model has no price; empty
     * when it can.
     */
    default Optional<String> unbounded(String spec) {
        if (maxOutputTokens(spec).isEmpty()) {
            return Optional.of("a budget needs a bound on every call's output, but " + spec
                    + " sets no maxTokens; add ?maxTokens=N to its spec");
        }
        if (cost(spec, null, new TokenUsage(1, 1), false).isEmpty()) {
            return Optional.of("a budget needs every model's price, but " + spec
                    + " has none (price unknown); add it to a price file");
        }
        return Optional.empty();
    }

    /** A US dollar amount to show: to a millionth of a dollar, rounded up, such as {@code 0.012346}. */
    static String dollars(BigDecimal amount) {
        return amount.setScale(6, RoundingMode.CEILING).toPlainString();
    }
}
