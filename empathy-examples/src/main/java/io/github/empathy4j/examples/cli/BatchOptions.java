package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.batch.BatchStatus;
import io.github.empathy4j.core.run.BatchMode;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The batch options of {@code run} and {@code rate}: {@code --batch}, {@code --no-wait} and {@code --batch-retry}.
 */
final class BatchOptions {

    @Option(names = "--batch", description = "Send the models' (or judges') calls through their providers' batch APIs"
            + " (OpenAI, Azure OpenAI, Anthropic, Gemini: about half the price, answered within 24 hours); the others"
            + " are called at once. A stopped or killed run resumes its batches when run again.")
    private boolean batch;

    @Option(names = "--no-wait", description = "With --batch: return once the batches are submitted; run the same"
            + " command again to collect them.")
    private boolean noWait;

    @Option(names = "--batch-retry", paramLabel = "batch|sync", defaultValue = "batch",
            description = "With --batch: send the items a batch failed (expired, server errors) again in a new batch"
                    + " or at once (default: ${DEFAULT-VALUE}).")
    private String retry;

    /** Whether {@code --batch} was given. */
    boolean enabled() {
        return batch;
    }

    /** The usage error of {@code --no-wait} or {@code --batch-retry} without {@code --batch}, or {@code null}. */
    String problem() {
        if (!retry.equals("batch") && !retry.equals("sync")) {
            return "--batch-retry '" + retry + "' is not valid; expected batch or sync";
        }
        if (!batch && (noWait || !retry.equals("batch"))) {
            return "--no-wait and --batch-retry go with --batch";
        }
        return null;
    }

    /**
     * The batch mode of the conditions or judges (name to spec) whose providers have a batch API, saying on
     * {@code err} which go through batches and which are called at once; empty without {@code --batch}.
     */
    Optional<BatchMode> mode(ModelProviders providers, Map<String, String> specs, PrintWriter err) {
        if (!batch) {
            return Optional.empty();
        }
        return Optional.of(BatchMode.of(clients(providers, specs, err)).await(!noWait)
                .retry(retry.equals("sync") ? BatchMode.Retry.SYNC : BatchMode.Retry.BATCH)
                .listener(status -> err.println("empathy: batch " + status.batchId() + " " + describe(status))));
    }

    /**
     * The batch clients of the conditions or judges (name to spec) whose providers have a batch API, by name,
     * saying on {@code err} which go through batches and which are called at once.
     */
    static Map<String, BatchClient> clients(ModelProviders providers, Map<String, String> specs, PrintWriter err) {
        Map<String, BatchClient> clients = new LinkedHashMap<>();
        specs.forEach((name, spec) -> {
            Optional<BatchClient> client = providers.batchClient(spec);
            if (client.isPresent()) {
                clients.put(name, client.get());
            } else {
                err.println("empathy: " + name + " has no batch API; it is called at once");
            }
        });
        if (!clients.isEmpty()) {
            err.println("empathy: through batches: " + String.join(", ", clients.keySet()));
        }
        return clients;
    }

    /** A status in words: submitted, validating, in progress n/N, finalising, or how it ended. */
    static String describe(BatchStatus status) {
        return switch (status.state()) {
            case IN_PROGRESS -> String.format(Locale.ROOT, "in progress %d/%d", status.succeeded() + status.failed(),
                    status.total());
            case FINALIZING -> "finalising";
            default -> status.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /**
     * Says on {@code err} how to collect the batches a file of batches records as pending, and whether there are any.
     */
    static boolean pending(Path file, PrintWriter err) {
        int pending = BatchMode.pending(file);
        if (pending > 0) {
            err.printf(Locale.ROOT, "empathy: %d batch(es) pending at the provider; run the same command again to"
                    + " collect them%n", pending);
        }
        return pending > 0;
    }
}
