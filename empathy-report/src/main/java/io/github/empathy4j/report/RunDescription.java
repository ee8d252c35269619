package io.github.empathy4j.report;

import java.util.Collections;
import java.util.LinkedHashMap;
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
 */
public record RunDescription(String dataset, int dialogues, String sha256, Integer sampleSize, Long sampleSeed,
        Map<String, String> models) {

    public RunDescription {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(sha256, "sha256");
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    /** One line for a report, such as {@code Dataset: ED (320 dialogues, sample of 320 with seed 7, sha256 ...)}. */
    public String describe() {
        String sample = sampleSize == null ? "the whole dataset" : "a sample of " + sampleSize + " with seed "
                + sampleSeed;
        return "Dataset: " + dataset + " (" + dialogues + " dialogues, " + sample + ", sha256 " + sha256
                + "). Models: " + models.entrySet().stream().map(e -> e.getKey() + (e.getValue().isEmpty() ? ""
                        : " = " + e.getValue())).collect(Collectors.joining(", ")) + ".";
    }
}
