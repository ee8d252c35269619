package io.github.empathy4j.core.batch;

import java.util.List;
import java.util.Objects;

/**
 * A batch the provider accepted.
 *
 * @param batchId the provider's id of the batch, to poll and collect it with, also after a restart
 * @param customIds the ids of the submitted requests, in submission order
 * @param status its status right after submission
 */
public record Submission(String batchId, List<String> customIds, BatchStatus status) {

    public Submission {
        Objects.requireNonNull(batchId, "batchId");
        customIds = List.copyOf(customIds);
        Objects.requireNonNull(status, "status");
    }
}
