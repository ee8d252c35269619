package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.batch.BatchRequest;
import io.github.empathy4j.core.batch.BatchResult;
import io.github.empathy4j.core.batch.BatchStatus;
import io.github.empathy4j.core.batch.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The engine's batch path (see {@link BatchMode} for what it does and the file it keeps): submits the calls that
 * go through a batch, makes the others on the engine, polls the batches and hands their results to the engine,
 * which journals them and records failures as for synchronous calls.
 */
final class Batching {

    private static final Logger LOG = LoggerFactory.getLogger(Batching.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One line of a file of batches. */
    record Event(String event, String batch, String client, Map<String, String> items, String batchId,
            String label) {
    }

    static final JsonLines.Format<Event> FORMAT = new JsonLines.Format<>("batch event", Batching::parse,
            e -> e.event() + '\u0000' + e.batch(), "one event of each kind per batch");

    /** A submitted batch not yet collected. */
    private record Pending(String name, String client, String batchId, Map<String, String> items) {
    }

    private final Engine engine;
    private final BatchMode mode;
    private final Path file;
    private final Predicate<String> journaled;
    private final TimeSource time;
    private Journal<Event> log;
    private int batches;

    /**
     * @param file the file of batches
     * @param journaled whether the task's journal holds a key
     */
    Batching(Engine engine, BatchMode mode, Path file, Predicate<String> journaled, TimeSource time) {
        this.engine = engine;
        this.mode = mode;
        this.file = file;
        this.journaled = journaled;
        this.time = time;
    }

    /**
     * The number of batches a file of batches records as submitted and not collected.
     *
     * @throws io.github.empathy4j.core.BadInputException when a line before the last of the file is bad
     */
    static int pending(Path file) {
        if (!file.toFile().exists()) {
            return 0;
        }
        Set<String> submitted = new HashSet<>();
        JsonLines.read(file, FORMAT, LOG).forEach(e -> {
            if (e.event().equals("submitted")) {
                submitted.add(e.batch());
            } else if (e.event().equals("collected")) {
                submitted.remove(e.batch());
            }
        });
        return submitted.size();
    }

    /** Executes the items: their batched calls through batches, the others on the engine. */
    void execute(List<Engine.Item> items) {
        Map<String, Engine.Unit<?>> byKey = new LinkedHashMap<>(); // in the plan's order
        for (Engine.Item item : items) {
            for (Engine.Unit<?> u : item.units) {
                String client = u.batchClient();
                if (client != null && mode.clients().containsKey(client)) {
                    u.batched(true);
                    byKey.put(u.journalKey(), u);
                }
            }
        }
        List<Event> events = new ArrayList<>();
        log = Journal.open(file, new Journal.Kind<>(file.getFileName().toString(), FORMAT, this::line, LOG),
                events::add);
        try {
            List<Pending> pending = recorded(events);
            Set<String> held = new HashSet<>();
            pending.forEach(p -> held.addAll(p.items().values()));
            held.stream().map(byKey::get).filter(Objects::nonNull).forEach(Engine.Unit::tried);
            Map<String, List<Engine.Unit<?>>> fresh = new LinkedHashMap<>();
            byKey.values().stream().filter(u -> !held.contains(u.journalKey())).forEach(u -> fresh.computeIfAbsent(
                    u.batchClient(), c -> new ArrayList<>()).add(u));
            fresh.forEach((client, units) -> pending.add(submit(client, units)));
            if (!byKey.isEmpty()) {
                LOG.info("{} calls go through batches ({}); the others are made synchronously", byKey.size(),
                        String.join(", ", new TreeMap<>(mode.clients()).keySet()));
            }
            engine.run(items);
            collect(pending, byKey);
            if (!pending.isEmpty()) {
                LOG.info("{} batch(es) pending; run the same command again to collect them", pending.size());
            }
        } finally {
            AppendOnlyFile.closeAll(file.toString(), log.file());
        }
    }

    /** The batches the file records as submitted and not collected; intents without a batch id are closed. */
    private List<Pending> recorded(List<Event> events) {
        Map<String, Event> intents = new LinkedHashMap<>();
        Map<String, String> ids = new HashMap<>();
        for (Event e : events) {
            switch (e.event()) {
                case "intent" -> intents.put(e.batch(), e);
                case "submitted" -> ids.put(e.batch(), e.batchId());
                default -> intents.remove(e.batch());
            }
            batches = Math.max(batches, number(e.batch()));
        }
        List<Pending> pending = new ArrayList<>();
        for (Event intent : intents.values()) {
            String id = ids.get(intent.batch());
            if (id == null) {
                Optional<String> found = find(intent);
                if (found.isPresent()) {
                    append(new Event("submitted", intent.batch(), null, null, found.get(), null));
                    pending.add(new Pending(intent.batch(), intent.client(), found.get(), intent.items()));
                    LOG.info("batch {} of {} was being submitted when the run stopped; the provider has it ({}):"
                            + " resuming it, {} items", intent.batch(), intent.client(), found.get(),
                            intent.items().size());
                    continue;
                }
                LOG.warn("batch {} of {} was being submitted when the run stopped; submitting its {} items again "
                        + "(if the provider created it, it is an orphan that is never collected)", intent.batch(),
                        intent.client(), intent.items().size());
                append(new Event("collected", intent.batch(), null, null, null, null));
            } else if (!mode.clients().containsKey(intent.client())) {
                LOG.warn("batch {} ({}) of {} is pending, but {} does not go through batches now; its items are "
                        + "answered synchronously", intent.batch(), id, intent.client(), intent.client());
            } else {
                pending.add(new Pending(intent.batch(), intent.client(), id, intent.items()));
                LOG.info("resuming batch {} ({}) of {}: {} items", intent.batch(), id, intent.client(),
                        intent.items().size());
            }
        }
        return pending;
    }

    /**
     * The id of the batch an intent without id was submitted as, when its client is still used and finds it by the
     * intent's label; empty when it does not, or cannot look (the batch is then submitted again).
     */
    private Optional<String> find(Event intent) {
        BatchClient client = mode.clients().get(intent.client());
        if (client == null || intent.label() == null) {
            return Optional.empty();
        }
        try {
            return client.find(intent.label());
        } catch (EmpathyException e) {
            LOG.warn("cannot look for batch {} of {} at the provider: {}", intent.batch(), intent.client(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static int number(String batch) {
        try {
            return Integer.parseInt(batch.substring(1));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Records the intent, submits the units as one batch, records its id. */
    private Pending submit(String client, List<Engine.Unit<?>> units) {
        String name = "b" + (++batches);
        Map<String, String> items = new LinkedHashMap<>();
        List<BatchRequest> requests = new ArrayList<>();
        for (Engine.Unit<?> u : units) {
            String id = customId(u.journalKey());
            items.put(id, u.journalKey());
            requests.add(new BatchRequest(id, u.messages()));
            u.tried();
        }
        Path folder = file.toAbsolutePath().getParent();
        String label = "empathy4j " + folder.getFileName() + " " + name + " " + HexFormat.of().toHexDigits(
                RANDOM.nextInt());
        append(new Event("intent", name, client, items, null, label));
        Submission submission = mode.clients().get(client).submit(requests, label);
        append(new Event("submitted", name, null, null, submission.batchId(), null));
        LOG.info("submitted batch {} ({}) of {}: {} items", name, submission.batchId(), client, requests.size());
        mode.listener().accept(submission.status());
        return new Pending(name, client, submission.batchId(), items);
    }

    /**
     * Polls the batches until each ended (or once, when not {@linkplain BatchMode#await() waiting}), journals the
     * results of those that ended, and tries again what they failed retriably; {@code pending} keeps the others.
     */
    private void collect(List<Pending> pending, Map<String, Engine.Unit<?>> byKey) {
        Duration wait = Duration.ofSeconds(1).compareTo(mode.pollInterval()) < 0 ? Duration.ofSeconds(1)
                : mode.pollInterval();
        while (!pending.isEmpty()) {
            List<Engine.Unit<?>> again = new ArrayList<>();
            for (Pending p : List.copyOf(pending)) {
                BatchClient client = mode.clients().get(p.client());
                BatchStatus status = client.poll(p.batchId());
                mode.listener().accept(status);
                if (status.ended()) {
                    again.addAll(results(p, client, status, byKey));
                    pending.remove(p);
                }
            }
            if (!again.isEmpty()) {
                retry(again, pending);
            }
            if (pending.isEmpty() || !mode.await()) {
                return;
            }
            sleep(wait);
            wait = wait.multipliedBy(2).compareTo(mode.pollInterval()) < 0 ? wait.multipliedBy(2)
                    : mode.pollInterval();
        }
    }

    /** Journals an ended batch's results, writes its marker, and returns its items to try again. */
    private List<Engine.Unit<?>> results(Pending p, BatchClient client, BatchStatus status,
            Map<String, Engine.Unit<?>> byKey) {
        Map<String, BatchResult> results = new HashMap<>();
        for (BatchResult r : client.results(p.batchId())) {
            results.put(r.customId(), r);
        }
        List<Engine.Unit<?>> again = new ArrayList<>();
        int answered = 0;
        int failed = 0;
        for (Map.Entry<String, String> item : p.items().entrySet()) {
            Engine.Unit<?> u = byKey.get(item.getValue());
            if (u == null || journaled.test(item.getValue())) {
                continue; // journaled before a restart, or no longer part of the run
            }
            BatchResult r = results.get(item.getKey());
            if (r instanceof BatchResult.Answered a) {
                engine.batchEnded(u, a.answer(), null);
                answered++;
            } else if (r instanceof BatchResult.Failed f && !f.retriable()) {
                engine.batchEnded(u, null, new EmpathyException("the batch failed the request: " + f.message()));
                failed++;
            } else {
                String why = r == null ? "no result (the batch " + status.state().name().toLowerCase(Locale.ROOT)
                        + status.error().map(e -> ": " + e).orElse("") + ")" : ((BatchResult.Failed) r).message();
                if (mode.retry() == BatchMode.Retry.BATCH && u.tries() >= BatchMode.BATCH_TRIES) {
                    engine.batchEnded(u, null, new EmpathyException("the batch failed the request " + BatchMode.BATCH_TRIES
                            + " times: " + why));
                    failed++;
                } else {
                    again.add(u);
                }
            }
        }
        append(new Event("collected", p.name(), null, null, null, null));
        LOG.info("collected batch {} ({}) of {}: {} answered, {} failed, {} to try again", p.name(), p.batchId(),
                p.client(), answered, failed, again.size());
        return again;
    }

    private void retry(List<Engine.Unit<?>> again, List<Pending> pending) {
        if (mode.retry() == BatchMode.Retry.SYNC) {
            again.forEach(u -> u.batched(false));
            engine.call(again);
            return;
        }
        Map<String, List<Engine.Unit<?>>> byClient = new LinkedHashMap<>();
        again.forEach(u -> byClient.computeIfAbsent(u.batchClient(), c -> new ArrayList<>()).add(u));
        byClient.forEach((client, units) -> pending.add(submit(client, units)));
    }

    private void sleep(Duration wait) {
        try {
            time.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmpathyException("the run was interrupted while waiting for batches; run it again to collect"
                    + " them", e);
        }
    }

    /** A custom id for an item key: 40 hexadecimal digits of its SHA-256. */
    static String customId(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void append(Event e) {
        log.append(e);
    }

    private byte[] line(Event e) {
        ObjectNode node = ReplyJournal.JSON.createObjectNode().put("event", e.event()).put("batch", e.batch());
        if (e.client() != null) {
            node.put("client", e.client());
        }
        if (e.items() != null) {
            ObjectNode items = node.putObject("items");
            e.items().forEach(items::put);
        }
        if (e.batchId() != null) {
            node.put("batchId", e.batchId());
        }
        if (e.label() != null) {
            node.put("label", e.label());
        }
        node.put("time", time.now().toString());
        try {
            byte[] json = ReplyJournal.JSON.writeValueAsBytes(node);
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e2) {
            throw new UncheckedIOException(new IOException("cannot write a batch event as JSON", e2));
        }
    }

    private static Event parse(byte[] json, String source, long line) throws JsonProcessingException {
        JsonLines.Fields f = JsonLines.object(json, source, line, "batch event");
        String event = f.text("event", null);
        return switch (event) {
            case "intent" -> new Event(event, f.text("batch", null), f.text("client", null), f.strings("items"), null,
                    f.optionalText("label"));
            case "submitted" -> new Event(event, f.text("batch", null), null, null, f.text("batchId", null), null);
            case "collected" -> new Event(event, f.text("batch", null), null, null, null, null);
            default -> throw new BadInputException(source, line, "event", event,
                    "intent, submitted or collected");
        };
    }
}
