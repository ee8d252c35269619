package io.github.empathy4j.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.batch.BatchRequest;
import io.github.empathy4j.core.batch.BatchResult;
import io.github.empathy4j.core.batch.BatchStatus;
import io.github.empathy4j.core.batch.Submission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fake provider's batch API whose state lives in a folder, so that a batch submitted by a killed child JVM is
 * collected by the test's JVM: {@code creates.txt} has a line per batch created, its id and label; a batch is in
 * progress until the folder has a file {@code release}, then ends in the state that file names (empty: completed),
 * with the results {@link Outcome} gives.
 */
final class FileBatchClient implements BatchClient {

    /** What a batch returns for one request: {@code null} for no result. */
    @FunctionalInterface
    interface Outcome {
        BatchResult of(String customId, String prompt, int batch);
    }

    /** Answers every request with {@code "batched " + its last message}. */
    static final Outcome ANSWER = (id, prompt, batch) -> answered(id, "batched " + prompt);

    private final Path dir;
    private final Outcome outcome;

    FileBatchClient(Path dir, Outcome outcome) {
        this.dir = dir;
        this.outcome = outcome;
    }

    static BatchResult.Answered answered(String id, String text) {
        return new BatchResult.Answered(id, new Answer(text, FinishReason.STOP, "fake-batch-1", new TokenUsage(10, 5)));
    }

    /** Lets the batches end in {@code state} ({@code COMPLETED}, {@code EXPIRED}, ...). */
    static void release(Path dir, BatchStatus.State state) throws IOException {
        Files.writeString(dir.resolve("release"), state.name());
    }

    /** The batches created so far. */
    static int creates(Path dir) throws IOException {
        Path file = dir.resolve("creates.txt");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Override
    public Submission submit(List<BatchRequest> requests) {
        return submit(requests, "");
    }

    /** Submits the batch, writing its id and label to {@code creates.txt}. */
    @Override
    public synchronized Submission submit(List<BatchRequest> requests, String label) {
        try {
            Files.createDirectories(dir);
            int n = creates(dir) + 1;
            String id = "batch_" + n;
            StringBuilder lines = new StringBuilder();
            List<String> ids = new ArrayList<>();
            for (BatchRequest r : requests) {
                ids.add(r.customId());
                lines.append(ReplyJournal.JSON.createObjectNode().put("id", r.customId()).put("prompt",
                        r.messages().get(r.messages().size() - 1).text())).append('\n');
            }
            Files.writeString(dir.resolve(id + ".jsonl"), lines);
            Files.writeString(dir.resolve("creates.txt"), id + " " + label + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new Submission(id, ids, new BatchStatus(id, BatchStatus.State.VALIDATING, 0, 0, 0,
                    Optional.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last batch {@code creates.txt} names with this label. */
    @Override
    public Optional<String> find(String label) {
        try {
            Path file = dir.resolve("creates.txt");
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            return lines.stream().filter(l -> l.endsWith(" " + label)).map(l -> l.substring(0, l.indexOf(' ')))
                    .reduce((first, last) -> last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public BatchStatus poll(String batchId) {
        try {
            long total = Files.readAllLines(dir.resolve(batchId + ".jsonl")).size();
            Path release = dir.resolve("release");
            if (!Files.exists(release)) {
                return new BatchStatus(batchId, BatchStatus.State.IN_PROGRESS, total, 0, 0, Optional.empty());
            }
            BatchStatus.State state = BatchStatus.State.valueOf(Files.readString(release).strip());
            return new BatchStatus(batchId, state, total, total, 0, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<BatchResult> results(String batchId) {
        if (!poll(batchId).ended()) {
            throw new IllegalStateException("batch " + batchId + " has not ended");
        }
        try {
            int n = Integer.parseInt(batchId.substring("batch_".length()));
            List<BatchResult> results = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(batchId + ".jsonl"), StandardCharsets.UTF_8)) {
                JsonNode node = ReplyJournal.JSON.readTree(line);
                BatchResult r = outcome.of(node.get("id").asText(), node.get("prompt").asText(), n);
                if (r != null) {
                    results.add(r);
                }
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void cancel(String batchId) {
        throw new UnsupportedOperationException();
    }
}
