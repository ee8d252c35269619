package io.github.empathy4j.core.run;

import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.Secrets;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.UnparseableRatingException;
import io.github.empathy4j.core.rating.RatingScale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** One {@link RatingRun#execute()}: opens the journal, rates the pending items and collects the result. */
final class RatingExecution {

    private static final Logger LOG = LoggerFactory.getLogger(RatingRun.class);

    /** One reply on one dimension. */
    private record Item(Reply reply, RatingScale.Dimension dimension) {
    }

    private final RatingRun run;
    private final TimeSource time;
    /** The journal's ratings' values by {@link RatingJournal#key}: keys and values, not rationales, in memory. */
    private final Map<String, Integer> ratings = new ConcurrentHashMap<>();
    private final Map<String, Execution.Reachability> reachability = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RatingResult.Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger rated = new AtomicInteger();
    private final WorkPool pool;
    private final ProgressTracker progress;
    private final Retrier retrier;
    private AppendOnlyFile journal;
    private AppendOnlyFile failureLog;
    private int empty;
    private int refused;

    RatingExecution(RatingRun run) {
        this.run = run;
        this.time = run.time();
        this.pool = new WorkPool("empathy-rate-", run.concurrency());
        this.progress = new ProgressTracker(run.progressListener(), time);
        this.retrier = new Retrier(run.retryPolicy(), time, pool, progress);
    }

    RatingResult run() {
        Path directory = run.outputDirectory();
        Path file = directory.resolve(RatingJournal.FILE_NAME);
        RunDirectory.Lock lock = RunDirectory.create(directory).lock();
        try {
            journal = AppendOnlyFile.open(file);
            JsonLines.reopen(journal, file, RatingJournal.FORMAT, LOG,
                    r -> ratings.put(RatingJournal.key(r), r.value()));
            failureLog = AppendOnlyFile.open(directory.resolve(RatingRun.FAILURES_FILE));
            failureLog.truncate(0);
            List<Item> items = new ArrayList<>();
            for (Reply reply : run.replies()) {
                switch (reply.outcome()) {
                    case EMPTY -> empty++;
                    case REFUSED -> refused++;
                    case ANSWERED -> run.scale().dimensions().forEach(d -> items.add(new Item(reply, d)));
                }
            }
            if (empty + refused > 0) {
                LOG.info("not rating {} replies: {} empty, {} refused", empty + refused, empty, refused);
            }
            List<Item> pending = new ArrayList<>(items.stream().filter(i -> !raterNames().stream()
                    .allMatch(name -> ratings.containsKey(key(i, name)))).toList());
            int skipped = items.size() - pending.size();
            if (skipped > 0) {
                LOG.info("resuming {}: {} of {} items already rated", file, skipped, items.size());
            }
            Collections.shuffle(pending, new Random(run.seed()));
            progress.start(items.size(), skipped);
            try {
                pool.runAll(pending.stream().<Runnable>map(i -> () -> process(i)).toList());
            } catch (RuntimeException stop) {
                recordUnrated(pending, stop);
                throw stop;
            }
            return result(file, items, skipped);
        } finally {
            try {
                AppendOnlyFile.closeAll("the rating's files", failureLog, journal);
            } finally {
                lock.close();
            }
        }
    }

    /** The raters' names, the combined one last. */
    private List<String> raterNames() {
        List<String> names = new ArrayList<>(run.raters().keySet());
        if (run.combination() != null) {
            names.add(run.combinedName());
        }
        return names;
    }

    private void process(Item item) {
        if (pool.stopped()) {
            return;
        }
        Reply reply = item.reply();
        Dialogue dialogue = run.dialogues().get(reply.dialogueId());
        Reply blinded = new Reply(RatingRun.BLINDED, reply.dialogueId(), reply.text(), reply.finishReason(),
                RatingRun.BLINDED, Map.of(), TokenUsage.NONE, Duration.ZERO, 1, Instant.EPOCH);
        Map<String, Integer> values = new LinkedHashMap<>();
        boolean complete = true;
        for (Map.Entry<String, Rater> rater : run.raters().entrySet()) {
            String name = rater.getKey();
            Integer existing = ratings.get(key(item, name));
            if (existing != null) {
                values.put(name, existing);
                continue;
            }
            Execution.Reachability reach = reachability.computeIfAbsent(name,
                    n -> new Execution.Reachability("judge '" + n + "'"));
            if (reach.down() != null) {
                fail(item, name, reach.down(), 0);
                complete = false;
                continue;
            }
            String what = "rater " + name + ", condition " + reply.condition() + ", dialogue " + reply.dialogueId();
            long seed = ((long) name.hashCode() << 32) ^ (key(item, "").hashCode() & 0xFFFFFFFFL);
            Retrier.Outcome<Score> outcome = retrier.call(() -> {
                if (pool.stopped()) {
                    return null;
                }
                if (reach.down() != null) {
                    throw reach.down();
                }
                Score score = reach.observe(() -> rater.getValue().rate(dialogue, blinded, item.dimension()));
                if (score == null) {
                    throw new EmpathyException("the rater returned no score");
                }
                return score;
            }, seed, what);
            if (outcome.abandoned()) {
                return;
            }
            RuntimeException failure = outcome.failure();
            if (failure instanceof AuthenticationException e) {
                fail(item, name, e, outcome.attempts());
                pool.stop(new AuthenticationException(stopMessage(name, e), e));
                return;
            }
            if (failure instanceof ConfigurationException e) {
                fail(item, name, e, outcome.attempts());
                pool.stop(new ConfigurationException(stopMessage(name, e), e));
                return;
            }
            if (failure == null && !item.dimension().contains(outcome.value().value())) {
                failure = new EmpathyException("the rater gave " + outcome.value().value()
                        + ", which is not a level; expected " + item.dimension().describe());
            }
            if (failure != null) {
                fail(item, name, failure, failure == reach.down() ? outcome.attempts() - 1 : outcome.attempts());
                complete = false;
                continue;
            }
            Score score = outcome.value();
            record(new Rating(reply.condition(), reply.dialogueId(), name, run.scale().id(), item.dimension().id(),
                    score.value(), score.rationale(), null));
            values.put(name, score.value());
        }
        if (complete && run.combination() != null && !ratings.containsKey(key(item, run.combinedName()))) {
            int value = run.combination().combine(List.copyOf(values.values()), item.dimension());
            String rationale = run.combination().name().toLowerCase(Locale.ROOT) + " of " + values.size()
                    + ": " + values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "));
            record(new Rating(reply.condition(), reply.dialogueId(), run.combinedName(), run.scale().id(),
                    item.dimension().id(), value, rationale, null, RaterSource.Kind.PANEL));
        }
        progress.finished(!complete);
    }

    private String stopMessage(String rater, RuntimeException e) {
        return "rater '" + rater + "': " + e.getMessage() + ". The rating stopped; the ratings so far are in "
                + run.outputDirectory().resolve(RatingJournal.FILE_NAME)
                + ". Fix the problem and run the same command again to resume.";
    }

    private void record(Rating rating) {
        journal.append(RatingJournal.line(rating));
        ratings.put(RatingJournal.key(rating), rating.value());
        rated.incrementAndGet();
    }

    private void fail(Item item, String rater, RuntimeException e, int attempts) {
        String raw = e instanceof UnparseableRatingException u ? Secrets.redact(u.rawAnswer()) : null;
        RatingResult.Failure failure = new RatingResult.Failure(item.reply().condition(), item.reply().dialogueId(),
                rater, item.dimension().id(), Secrets.redact(JsonLines.error(e)), raw, attempts);
        failureLog.append(JsonLines.failureLine(failure, time.now()));
        failures.add(failure);
        if (!(Execution.Reachability.unreachable(e) || e instanceof AuthenticationException
                || e instanceof ConfigurationException)) {
            LOG.warn("rater {}, condition {}, dialogue {}: no rating after {} attempt(s): {}", rater,
                    failure.condition(), failure.dialogueId(), attempts, failure.error());
        }
    }

    /** Records the ratings a stop left neither made nor failed in the failures file, with the reason. */
    private void recordUnrated(List<Item> pending, RuntimeException stop) {
        Set<String> failed = new HashSet<>();
        failures.forEach(f -> failed.add(f.condition() + '\u0000' + f.dialogueId() + '\u0000' + f.rater()
                + '\u0000' + f.dimension()));
        String error = "not rated, the rating stopped: " + Secrets.redact(stop.getMessage());
        for (Item item : pending) {
            for (String name : run.raters().keySet()) {
                String id = item.reply().condition() + '\u0000' + item.reply().dialogueId() + '\u0000' + name
                        + '\u0000' + item.dimension().id();
                if (!ratings.containsKey(key(item, name)) && !failed.contains(id)) {
                    failureLog.append(JsonLines.failureLine(new RatingResult.Failure(item.reply().condition(),
                            item.reply().dialogueId(), name, item.dimension().id(), error, null, 0), time.now()));
                }
            }
        }
    }

    /** The result, with the ratings read back from the journal (earlier ones and this execution's). */
    private RatingResult result(Path file, List<Item> items, int skipped) {
        Map<String, Rating> journaled = new HashMap<>();
        JsonLines.scan(file, RatingJournal.FORMAT, r -> journaled.put(RatingJournal.key(r), r));
        List<Rating> all = new ArrayList<>();
        for (Item item : items) {
            for (String name : raterNames()) {
                Rating r = journaled.get(key(item, name));
                if (r != null) {
                    all.add(r);
                }
            }
        }
        return new RatingResult(rated.get(), skipped, empty, refused, progress.retries(), all,
                new ArrayList<>(failures), progress.elapsed());
    }

    private String key(Item item, String rater) {
        return item.reply().condition() + '\u0000' + item.reply().dialogueId() + '\u0000' + rater + '\u0000'
                + run.scale().id() + '\u0000' + item.dimension().id();
    }
}
