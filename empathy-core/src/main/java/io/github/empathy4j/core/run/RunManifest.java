package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Version;
import io.github.empathy4j.core.dataset.DialogueJsonl;
import io.github.empathy4j.core.prompt.PromptTemplate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's {@code run.json}: everything needed to repeat the run, written when a run starts in an
 * empty folder and checked when it resumes. Resuming requires the same dialogues (by the SHA-256 of
 * {@code dialogues.jsonl}) and, for each condition the run has already, the same spec, parameters
 * and prompt; a condition the file lacks is added to it (a model added to a run). The rest
 * (concurrency, rate limits, retry policy, cache, description) may change between sessions, and the
 * file keeps the first session's values.
 */
final class RunManifest {

    static final String FILE_NAME = RunDirectory.MANIFEST;
    private static final int FORMAT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    private RunManifest() {
    }

    /**
     * The manifest of a run starting now, whose dialogues are {@code dialogues} ({@link #canonical}): their SHA-256
     * is what {@code sha256sum dialogues.jsonl} prints.
     */
    static ObjectNode of(Run run, Instant started, byte[] dialogues) {
        ObjectNode root = ReplyJournal.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("library", "empathy4j " + Version.get());
        root.put("started", started.toString());
        ObjectNode dataset = root.putObject("dataset");
        dataset.put("description", run.datasetDescription());
        dataset.put("dialogues", run.dialogues().size());
        dataset.put("sha256", ResponseCache.sha256(dialogues));
        if (run.sampleSize() != null) {
            dataset.put("sampleSeed", run.sampleSeed());
            dataset.put("sampleSize", run.sampleSize());
        }
        ArrayNode conditions = root.putArray("conditions");
        for (Condition c : run.conditions()) {
            ObjectNode node = conditions.addObject();
            node.put("name", c.name());
            node.put("spec", c.spec());
            node.put("provider", c.provider());
            ObjectNode parameters = node.putObject("parameters");
            new TreeMap<>(c.parameters()).forEach(parameters::put);
            if (c.prompt() == null) {
                node.putNull("prompt");
            } else {
                PromptTemplate p = c.prompt();
                ObjectNode prompt = node.putObject("prompt");
                prompt.put("name", p.name());
                prompt.put("system", p.system());
                prompt.put("user", p.user());
                prompt.put("averageWords", p.averageWords());
                prompt.put("maxWords", p.maxWords());
            }
        }
        Scheduling scheduling = run.scheduling();
        root.put("concurrency", scheduling.concurrency());
        ObjectNode concurrencies = root.putObject("providerConcurrency");
        new TreeMap<>(scheduling.concurrencies()).forEach(concurrencies::put);
        ObjectNode limits = root.putObject("rateLimits");
        Map<String, Scheduling.RateLimit> all = new TreeMap<>(scheduling.rateLimits());
        if (!scheduling.rateLimit().equals(Scheduling.RateLimit.NONE)) {
            all.put("*", scheduling.rateLimit());
        }
        all.forEach((provider, limit) -> {
            ObjectNode node = limits.putObject(provider);
            node.put("requestsPerMinute", limit.requestsPerMinute());
            node.put("tokensPerMinute", limit.tokensPerMinute());
        });
        root.put("patienceSeconds", scheduling.patience().toSeconds());
        RetryPolicy retry = run.retryPolicy();
        ObjectNode retryNode = root.putObject("retry");
        retryNode.put("maxAttempts", retry.maxAttempts());
        retryNode.put("initialDelayMs", retry.initialDelay().toMillis());
        retryNode.put("maxDelayMs", retry.maxDelay().toMillis());
        retryNode.put("jitter", retry.jitter().name());
        root.put("cache", run.cacheDirectory() != null);
        return root;
    }

    /**
     * Writes the manifest into the folder when it has none; otherwise checks that the one there
     * describes the same run.
     *
     * @throws ConfigurationException naming the first difference that matters
     */
    static void writeOrCheck(Path directory, ObjectNode manifest) {
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            ObjectNode recorded = read(file);
            String difference = difference(recorded, manifest);
            if (difference != null) {
                throw new ConfigurationException("cannot resume the run in " + directory + ": " + difference
                        + ". Use another output directory for a different run, or restore the recorded settings "
                        + "to resume this one.");
            }
            Map<String, JsonNode> before = byName(recorded.path("conditions"));
            ArrayNode conditions = (ArrayNode) recorded.get("conditions");
            List<String> added = new ArrayList<>();
            for (JsonNode c : manifest.path("conditions")) {
                if (!before.containsKey(c.path("name").asText())) {
                    conditions.add(c);
                    added.add(c.path("name").asText());
                }
            }
            if (!added.isEmpty()) {
                LOG.info("adding condition(s) {} to the run in {}", added, directory);
                write(file, recorded);
            }
            return;
        }
        write(file, manifest);
    }

    /**
     * The manifest in a file.
     *
     * @throws BadInputException when it is not a JSON object
     */
    static ObjectNode read(Path file) {
        JsonNode recorded;
        try {
            recorded = ReplyJournal.JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new BadInputException(file.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    null, null, "a run description in JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!(recorded instanceof ObjectNode object) || !recorded.path("conditions").isArray()) {
            throw new BadInputException(file.toString(), 0, null, null, "a run description: a JSON object with "
                    + "'conditions'");
        }
        return object;
    }

    private static void write(Path file, JsonNode manifest) {
        try {
            RunDirectory.replace(file, (ReplyJournal.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest)
                    + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Writes the run's dialogues as {@value Run#DIALOGUES_FILE} into the folder when it has none, so that
     * the folder alone is enough to rate its replies; {@code run.json} already checked that a file there
     * holds the same dialogues ({@link #canonical} bytes).
     */
    static void writeDialogues(Path directory, byte[] dialogues) {
        Path file = directory.resolve(Run.DIALOGUES_FILE);
        if (Files.exists(file)) {
            return;
        }
        try {
            RunDirectory.replace(file, dialogues);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The first difference that forbids resuming, or {@code null}. */
    static String difference(JsonNode recorded, JsonNode current) {
        JsonNode oldHash = recorded.path("dataset").path("sha256");
        JsonNode newHash = current.path("dataset").path("sha256");
        if (!oldHash.equals(newHash)) {
            return "the dialogues differ: run.json has " + recorded.path("dataset").path("dialogues")
                    + " dialogues with SHA-256 " + oldHash.asText() + ", this run has "
                    + current.path("dataset").path("dialogues") + " with SHA-256 " + newHash.asText();
        }
        Map<String, JsonNode> before = byName(recorded.path("conditions"));
        Map<String, JsonNode> now = byName(current.path("conditions"));
        for (Map.Entry<String, JsonNode> e : now.entrySet()) {
            JsonNode old = before.get(e.getKey());
            if (old == null) {
                continue;
            }
            for (String field : List.of("spec", "parameters", "prompt")) {
                JsonNode a = old.path(field);
                JsonNode b = e.getValue().path(field);
                if (!a.equals(b)) {
                    return "condition '" + e.getKey() + "' has another " + field + ": run.json has " + describe(a)
                            + ", this run has " + describe(b);
                }
            }
        }
        return null;
    }

    private static Map<String, JsonNode> byName(JsonNode conditions) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        conditions.forEach(c -> map.put(c.path("name").asText(), c));
        return map;
    }

    private static String describe(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return "none";
        }
        if (node.isObject() && node.has("user")) {
            return "template '" + node.path("name").asText() + "' " + abbreviate(node.toString());
        }
        return abbreviate(node.isTextual() ? "'" + node.asText() + "'" : node.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }

    /** The dialogues as {@value Run#DIALOGUES_FILE} holds them: sorted by id, so that their order does not matter. */
    static byte[] canonical(List<Dialogue> dialogues) {
        List<Dialogue> sorted = new ArrayList<>(dialogues);
        sorted.sort(Comparator.comparing(Dialogue::id));
        return DialogueJsonl.bytes(sorted);
    }
}
