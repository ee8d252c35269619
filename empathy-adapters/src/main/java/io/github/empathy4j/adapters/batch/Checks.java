package io.github.empathy4j.adapters.batch;

import io.github.empathy4j.core.batch.BatchRequest;
import io.github.empathy4j.core.batch.BatchStatus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The argument and state checks every batch client makes. */
final class Checks {

    private Checks() {
    }

    /** The requests' ids, in order, after checking there is at least one and none repeats. */
    static List<String> ids(List<BatchRequest> requests) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one request");
        }
        Set<String> seen = new HashSet<>();
        for (BatchRequest r : requests) {
            if (!seen.add(r.customId())) {
                throw new IllegalArgumentException("the custom id " + r.customId() + " appears twice in the batch");
            }
        }
        return requests.stream().map(BatchRequest::customId).toList();
    }

    /** Throws unless the batch has ended. */
    static void ended(BatchStatus status) {
        if (!status.ended()) {
            throw new IllegalStateException("batch " + status.batchId() + " is " + status.state()
                    + "; collect its results once it has ended");
        }
    }
}
