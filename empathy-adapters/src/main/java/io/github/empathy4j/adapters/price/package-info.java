/**
 * What model calls cost: the dated price table ({@link io.github.empathy4j.adapters.price.Prices}), one model's
 * prices ({@link io.github.empathy4j.adapters.price.Price}) and an exact cost in US dollars
 * ({@link io.github.empathy4j.adapters.price.Cost}).
 * <pre>{@code
 * Prices prices = Prices.load();                       // the built-in table
 * prices.cost("openai", "gpt-4o", new TokenUsage(1_000_000, 1_000_000), false); // $12.50
 * }</pre>
 */
package io.github.empathy4j.adapters.price;
