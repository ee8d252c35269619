package io.github.empathy4j.core.run;

import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.ProviderUnreachableException;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.Secrets;
import io.github.empathy4j.core.prompt.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** One {@link Run#execute()}: opens the folder, answers the pending items and collects the result. */
final class Execution {

    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    private final Run run;
    private final TimeSource time;
    private final ResponseCache cache;
    private final Map<String, Limits> limits = new HashMap<>();
    /** The items answered in this execution, by {@link #key}: keys, not replies, so memory holds no text. */
    private final Set<String> newReplies = ConcurrentHashMap.newKeySet();
    private final Map<String, Reachability> reachability = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RunResult.Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    private final WorkPool pool;
    private final ProgressTracker progress;
    private final Retrier retrier;
    private AppendOnlyFile journal;
    private AppendOnlyFile failureLog;
    private long skipped;

    Execution(Run run) {
        this.run = run;
        this.time = run.time();
        this.cache = run.cacheDirectory() == null ? null : ResponseCache.open(run.cacheDirectory());
        run.rateLimits().forEach((provider, limit) -> limits.put(provider, new Limits(
                limit.requestsPerMinute() == 0 ? null : new RateLimiter(limit.requestsPerMinute(), time),
                limit.tokensPerMinute() == 0 ? null : new RateLimiter(limit.tokensPerMinute(), time))));
        this.pool = new WorkPool("empathy-run-", run.concurrency());
        this.progress = new ProgressTracker(run.progressListener(), time);
        this.retrier = new Retrier(run.retryPolicy(), time, pool, progress);
    }

    RunResult run() {
        try {
            return answer();
        } finally {
            if (cache != null) {
                cache.close();
            }
        }
    }

    private RunResult answer() {
        Path directory = run.outputDirectory();
        Path responses = directory.resolve(ReplyJournal.FILE_NAME);
        RunDirectory.Lock lock = RunDirectory.create(directory).lock();
        try {
            journal = AppendOnlyFile.open(responses);
            RunManifest.writeOrCheck(directory, RunManifest.of(run, time.now()));
            RunManifest.writeDialogues(directory, run.dialogues());
            // the keys the scan checked for repeats: the journal's (condition, dialogue) pairs, as key() makes them
            Set<String> existing = JsonLines.reopen(journal, responses, ReplyJournal.FORMAT, LOG, r -> { }).keys();
            failureLog = AppendOnlyFile.open(directory.resolve(Run.FAILURES_FILE));
            failureLog.truncate(0);
            List<Runnable> pending = new ArrayList<>();
            List<String[]> pendingKeys = new ArrayList<>();
            long total = 0;
            for (Dialogue d : run.dialogues()) {
                for (Condition c : run.conditions()) {
                    if (!applies(c, d)) {
                        continue;
                    }
                    total++;
                    if (existing.contains(key(c.name(), d.id()))) {
                        skipped++;
                    } else {
                        pending.add(() -> process(c, d));
                        pendingKeys.add(new String[] {c.name(), d.id()});
                    }
                }
            }
            if (skipped > 0) {
                LOG.info("resuming {}: {} of {} items already answered", directory, skipped, total);
            }
            progress.start(total, skipped);
            try {
                pool.runAll(pending);
            } catch (RuntimeException stop) {
                recordUntried(pendingKeys, stop);
                throw stop;
            }
            return result(responses);
        } finally {
            try {
                AppendOnlyFile.closeAll("the run's files", failureLog, journal);
            } finally {
                lock.close();
            }
        }
    }

    /** Whether the item exists: the human reference answers only the dialogues that have a human reply. */
    static boolean applies(Condition c, Dialogue d) {
        return !(c.respondent() instanceof HumanReference) || d.humanReply() != null;
    }

    /**
     * Records the items a stop left without reply or failure in {@code failures.jsonl}, so that the file says
     * why they have no reply.
     */
    private void recordUntried(List<String[]> pendingKeys, RuntimeException stop) {
        Set<String> done = new HashSet<>(newReplies);
        failures.forEach(f -> done.add(key(f.condition(), f.dialogueId())));
        String error = "not answered, the run stopped: " + Secrets.redact(stop.getMessage());
        for (String[] item : pendingKeys) {
            if (!done.contains(key(item[0], item[1]))) {
                failureLog.append(JsonLines.failureLine(new RunResult.Failure(item[0], item[1], error, 0),
                        time.now()));
            }
        }
    }

    private void process(Condition c, Dialogue d) {
        if (pool.stopped()) {
            return;
        }
        Reachability reach = reachability.computeIfAbsent(c.provider(), p -> new Reachability("provider '" + p + "'"));
        if (reach.down() != null) {
            fail(c, d, reach.down(), 0);
            return;
        }
        List<ChatMessage> messages = c.prompt() == null ? null : c.prompt().render(d);
        String cacheKey = cache == null || messages == null ? null
                : ResponseCache.key(c.spec(), c.parameters(), messages);
        if (cacheKey != null) {
            Reply hit = cached(cacheKey, c, d);
            if (hit != null) {
                record(hit);
                cached.incrementAndGet();
                progress.finished(false);
                return;
            }
        }
        Limits limit = limits.get(c.provider());
        double estimate = messages == null ? 0 : messages.stream().mapToInt(m -> m.text().length()).sum() / 4.0;
        long start = time.nanoTime();
        long seed = ((long) c.name().hashCode() << 32) ^ (d.id().hashCode() & 0xFFFFFFFFL);
        Retrier.Outcome<Answer> outcome = retrier.call(() -> {
            if (limit != null) {
                limit.acquire(estimate);
            }
            if (pool.stopped()) {
                return null;
            }
            if (reach.down() != null) {
                throw reach.down();
            }
            Answer answer = reach.observe(() -> c.respondent().respond(d));
            if (answer == null) {
                throw new EmpathyException("the respondent returned no answer");
            }
            return answer;
        }, seed, "condition " + c.name() + ", dialogue " + d.id());
        if (outcome.abandoned()) {
            return;
        }
        if (outcome.failure() instanceof AuthenticationException e) {
            fail(c, d, e, outcome.attempts());
            pool.stop(new AuthenticationException(stopMessage(c, e), e));
            return;
        }
        if (outcome.failure() instanceof ConfigurationException e) {
            fail(c, d, e, outcome.attempts());
            pool.stop(new ConfigurationException(stopMessage(c, e), e));
            return;
        }
        if (outcome.failure() != null) {
            boolean notCalled = outcome.failure() == reach.down();
            fail(c, d, outcome.failure(), notCalled ? outcome.attempts() - 1 : outcome.attempts());
            return;
        }
        Answer answer = outcome.value();
        if (limit != null) {
            limit.charge(estimate, answer.usage().totalTokens());
        }
        String model = answer.model().isBlank() ? c.spec() : answer.model();
        Reply reply = new Reply(c.name(), d.id(), answer.text(), answer.finishReason(), model, c.parameters(),
                answer.usage(), Duration.ofMillis((time.nanoTime() - start) / 1_000_000), outcome.attempts(),
                time.now());
        record(reply);
        answered.incrementAndGet();
        if (cacheKey != null) {
            try {
                cache.put(cacheKey, c.spec(), reply);
            } catch (UncheckedIOException | ConfigurationException e) {
                LOG.warn("cannot cache the reply of condition {} to dialogue {}: {}", c.name(), d.id(),
                        e.getMessage());
            }
        }
        progress.finished(false);
    }

    /** The cached reply as this item's, or {@code null}; a cache that cannot be read counts as a miss, with a warning. */
    private Reply cached(String cacheKey, Condition c, Dialogue d) {
        try {
            return cache.get(cacheKey, c.name(), d.id(), c.parameters());
        } catch (UncheckedIOException | ConfigurationException e) {
            LOG.warn("cannot read the cached reply of condition {} to dialogue {}, calling the model: {}", c.name(),
                    d.id(), e.getMessage());
            return null;
        }
    }

    private String stopMessage(Condition c, RuntimeException e) {
        return "condition '" + c.name() + "' (" + c.spec() + "): " + e.getMessage() + ". The run stopped; the "
                + "replies so far are in " + run.outputDirectory().resolve(ReplyJournal.FILE_NAME)
                + ". Fix the problem and run the same command again to resume.";
    }

    private void record(Reply reply) {
        journal.append(ReplyJournal.line(reply));
        newReplies.add(key(reply.condition(), reply.dialogueId()));
    }

    private void fail(Condition c, Dialogue d, RuntimeException e, int attempts) {
        String error = Secrets.redact(JsonLines.error(e));
        RunResult.Failure failure = new RunResult.Failure(c.name(), d.id(), error, attempts);
        failureLog.append(JsonLines.failureLine(failure, time.now()));
        failures.add(failure);
        if (Reachability.unreachable(e) || e instanceof AuthenticationException
                || e instanceof ConfigurationException) {
            // one line for the provider (Reachability) or the stop instead, not one per item
            LOG.debug("condition {}, dialogue {}: no reply after {} attempt(s): {}", c.name(), d.id(), attempts,
                    error);
        } else {
            LOG.warn("condition {}, dialogue {}: no reply after {} attempt(s): {}", c.name(), d.id(), attempts,
                    error);
        }
        progress.finished(true);
    }

    /** The result, with the replies read back from the journal (earlier ones and this execution's). */
    private RunResult result(Path responses) {
        Map<String, Reply> journaled = new HashMap<>();
        JsonLines.scan(responses, ReplyJournal.FORMAT, r -> journaled.put(key(r.condition(), r.dialogueId()), r));
        List<Reply> replies = new ArrayList<>();
        for (Dialogue d : run.dialogues()) {
            for (Condition c : run.conditions()) {
                Reply reply = journaled.get(key(c.name(), d.id()));
                if (reply != null) {
                    replies.add(reply);
                }
            }
        }
        List<RunResult.Failure> failed = new ArrayList<>(failures);
        return new RunResult(answered.get(), cached.get(), (int) skipped, progress.retries(), replies, failed,
                progress.elapsed());
    }

    /**
     * Counts one provider's (or judge's) consecutive connection failures (refused, unknown host, no route);
     * after {@value #LIMIT} in a row it is down for the rest of the execution: its remaining items fail
     * without a call, and one line says so. Both engines use it.
     */
    static final class Reachability {

        static final int LIMIT = 3;

        private final String what;
        private int consecutive;
        private volatile ProviderUnreachableException down;

        /** @param what names the provider in messages, such as {@code provider 'openai'} */
        Reachability(String what) {
            this.what = what;
        }

        /** The failure the provider's remaining items get, once it is down; else {@code null}. */
        ProviderUnreachableException down() {
            return down;
        }

        /** Makes a call, counting a connection failure and resetting the count on anything else. */
        <T> T observe(Supplier<T> call) {
            T value;
            try {
                value = call.get();
            } catch (RuntimeException e) {
                failed(e);
                throw e;
            }
            synchronized (this) {
                consecutive = 0;
            }
            return value;
        }

        private void failed(RuntimeException e) {
            if (!unreachable(e)) {
                synchronized (this) {
                    consecutive = 0;
                }
                return;
            }
            synchronized (this) {
                if (++consecutive < LIMIT || down != null) {
                    return;
                }
                String reason = Secrets.redact(e.getMessage());
                down = new ProviderUnreachableException("not tried: " + what + " is unreachable (" + LIMIT
                        + " connection failures in a row; the last: " + reason + ")", null, false);
            }
            LOG.warn("{} is unreachable ({} connection failures in a row; the last: {}); its remaining items are"
                    + " recorded as failed without a call; start the server or fix its address, then run the same"
                    + " command again to resume", what, LIMIT, Secrets.redact(e.getMessage()));
        }

        /** Whether a failure says the server could not be reached at all. */
        static boolean unreachable(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof ProviderUnreachableException || t instanceof ConnectException
                        || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                        || t instanceof UnresolvedAddressException) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String key(String condition, String dialogueId) {
        return condition + '\u0000' + dialogueId;
    }

    /** A provider's request and token limiters, either possibly absent. */
    private record Limits(RateLimiter requests, RateLimiter tokens) {

        void acquire(double estimatedTokens) throws InterruptedException {
            if (requests != null) {
                requests.acquire(1);
            }
            if (tokens != null) {
                tokens.acquire(estimatedTokens);
            }
        }

        void charge(double estimatedTokens, long actualTokens) {
            if (tokens != null) {
                tokens.adjust(actualTokens - estimatedTokens);
            }
        }
    }
}
