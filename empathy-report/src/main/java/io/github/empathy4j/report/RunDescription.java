package io.github.empathy4j.report;

import io.github.empathy4j.core.run.Pricing;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a report's ratings are of: the dataset, its hash, the sample and each condition's model spec, as a run's
 * {@code run.json} records them. In {@code report.json} it is the field {@code run}.
 *
 * @param dataset the dataset's description
 * @param dialogues the number of dialogues the run answered
 * @param sha256 the SHA-256 of the run's {@code dialogues.jsonl}
 * @param sampleSize the sample's size, or {@code null} when the run took the whole dataset
 * @param sampleSeed the sample's seed, or {@code null} when the run took the whole dataset
 * @param models each condition's model spec (empty for a recorded reference such as {@code human}), in run order
 * @param costs what each condition's answers and each judge's ratings and pairwise verdicts in the run's journals
 *     cost, in order
 */
public record RunDescription(String dataset, int dialogues, String sha256, Integer sampleSize, Long sampleSeed,
        Map<String, String> models, List<Cost> costs) {

    public RunDescription {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(sha256, "sha256");
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        costs = List.copyOf(costs);
    }

    /** A run without costs. */
    public RunDescription(String dataset, int dialogues, String sha256, Integer sampleSize, Long sampleSeed,
            Map<String, String> models) {
        this(dataset, dialogues, sha256, sampleSize, sampleSeed, models, List.of());
    }

    /**
     * What one condition's answers or one judge's ratings cost, from the journals' {@code costUsd}.
     *
     * @param source the condition's name, or the judge's spec (followed by {@code " (pairwise)"} for the cost of its
     *     pairwise verdicts)
     * @param judge whether {@code source} is a judge
     * @param usd the exact sum of the known costs in US dollars, as a plain decimal string
     * @param unpriced the calls whose cost is unknown (no price or no usage), never counted as $0
     */
    public record Cost(String source, boolean judge, String usd, int unpriced) {

        public Cost {
            Objects.requireNonNull(source, "source");
            if (!usd.matches("\\d+(\\.\\d+)?")) {
                throw new IllegalArgumentException("a cost must be a plain decimal of US dollars, was " + usd);
            }
        }

        /** Such as {@code gpt-4o $1.234568} or {@code judge openai:gpt-4o $0.500000 + 3 unpriced calls}. */
        String describe() {
            return (judge ? "judge " : "") + source + " " + amount();
        }

        /** The known sum to a millionth of a dollar, rounded up, and the unpriced calls apart, never as $0. */
        String amount() {
            String known = "$" + Pricing.dollars(new BigDecimal(usd));
            return unpriced == 0 ? known : new BigDecimal(usd).signum() == 0 ? unpriced + " unpriced calls"
                    : known + " + " + unpriced + " unpriced calls";
        }
    }

    /** One line for a report, such as {@code Dataset: ED (320 dialogues, sample of 320 with seed 7, sha256 ...)}. */
    public String describe() {
        String sample = sampleSize == null ? "the whole dataset" : "a sample of " + sampleSize + " with seed "
                + sampleSeed;
        return "Dataset: " + dataset + " (" + dialogues + " dialogues, " + sample + ", sha256 " + sha256
                + "). Models: " + models.entrySet().stream().map(e -> e.getKey() + (e.getValue().isEmpty() ? ""
                        : " = " + e.getValue())).collect(Collectors.joining(", ")) + "." + (costs.isEmpty() ? ""
                : " Cost: " + costs.stream().map(Cost::describe).collect(Collectors.joining(", ")) + "; total "
                        + new Cost("", false, costs.stream().map(c -> new BigDecimal(c.usd()))
                                .reduce(BigDecimal.ZERO, BigDecimal::add).toPlainString(),
                                costs.stream().mapToInt(Cost::unpriced).sum()).amount() + ".");
    }
}
