package io.github.empathy4j.core.run;

import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.prompt.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** One {@link Run#execute()}: opens the folder, answers the pending items and collects the result. */
final class Execution {

    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    private final Run run;
    private final TimeSource time;
    private final ResponseCache cache;
    private final Map<String, Limits> limits = new HashMap<>();
    private final Map<String, Reply> newReplies = new ConcurrentHashMap<>();
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
        this.cache = run.cacheDirectory() == null ? null : new ResponseCache(run.cacheDirectory());
        run.rateLimits().forEach((provider, limit) -> limits.put(provider, new Limits(
                limit.requestsPerMinute() == 0 ? null : new RateLimiter(limit.requestsPerMinute(), time),
                limit.tokensPerMinute() == 0 ? null : new RateLimiter(limit.tokensPerMinute(), time))));
        this.pool = new WorkPool("empathy-run-", run.concurrency());
        this.progress = new ProgressTracker(run.progressListener(), time);
        this.retrier = new Retrier(run.retryPolicy(), time, pool, progress);
    }

    RunResult run() {
        Path directory = run.outputDirectory();
        Path responses = directory.resolve(ReplyJournal.FILE_NAME);
        journal = AppendOnlyFile.openLocked(responses);
        try {
            RunManifest.writeOrCheck(directory, RunManifest.of(run, time.now()));
            RunManifest.writeDialogues(directory, run.dialogues());
            Map<String, Reply> existing = new HashMap<>();
            for (Reply r : JsonLines.reopen(journal, responses, ReplyJournal.FORMAT, LOG)) {
                existing.put(key(r.condition(), r.dialogueId()), r);
            }
            failureLog = AppendOnlyFile.openLocked(directory.resolve(Run.FAILURES_FILE));
            failureLog.truncate(0);
            List<Runnable> pending = new ArrayList<>();
            for (Dialogue d : run.dialogues()) {
                for (Condition c : run.conditions()) {
                    if (existing.containsKey(key(c.name(), d.id()))) {
                        skipped++;
                    } else {
                        pending.add(() -> process(c, d));
                    }
                }
            }
            long total = (long) run.dialogues().size() * run.conditions().size();
            if (skipped > 0) {
                LOG.info("resuming {}: {} of {} items already answered", directory, skipped, total);
            }
            progress.start(total, skipped);
            pool.runAll(pending);
            return result(existing);
        } finally {
            AppendOnlyFile.closeAll("the run's files", failureLog, journal);
        }
    }

    private void process(Condition c, Dialogue d) {
        if (pool.stopped()) {
            return;
        }
        List<ChatMessage> messages = c.prompt() == null ? null : c.prompt().render(d);
        String cacheKey = cache == null || messages == null ? null
                : ResponseCache.key(c.spec(), c.parameters(), messages);
        if (cacheKey != null) {
            Reply hit = cache.get(cacheKey);
            if (hit != null) {
                record(new Reply(c.name(), d.id(), hit.text(), hit.finishReason(), hit.model(), c.parameters(),
                        hit.usage(), hit.latency(), hit.attempts(), hit.time()));
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
            Answer answer = c.respondent().respond(d);
            if (answer == null) {
                throw new EmpathyException("the respondent returned no answer");
            }
            return answer;
        }, seed, "condition " + c.name() + ", dialogue " + d.id());
        if (outcome.abandoned()) {
            return;
        }
        if (outcome.failure() instanceof AuthenticationException e) {
            pool.stop(new AuthenticationException(stopMessage(c, e), e));
            return;
        }
        if (outcome.failure() instanceof ConfigurationException e) {
            pool.stop(new ConfigurationException(stopMessage(c, e), e));
            return;
        }
        if (outcome.failure() != null) {
            fail(c, d, outcome.failure(), outcome.attempts());
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
                cache.put(cacheKey, reply);
            } catch (UncheckedIOException e) {
                LOG.warn("cannot cache the reply of condition {} to dialogue {}: {}", c.name(), d.id(),
                        e.getMessage());
            }
        }
        progress.finished(false);
    }

    private String stopMessage(Condition c, RuntimeException e) {
        return "condition '" + c.name() + "' (" + c.spec() + "): " + e.getMessage() + ". The run stopped; the "
                + "replies so far are in " + run.outputDirectory().resolve(ReplyJournal.FILE_NAME)
                + ". Fix the problem and run the same command again to resume.";
    }

    private void record(Reply reply) {
        journal.append(ReplyJournal.line(reply));
        newReplies.put(key(reply.condition(), reply.dialogueId()), reply);
    }

    private void fail(Condition c, Dialogue d, RuntimeException e, int attempts) {
        String error = JsonLines.error(e);
        RunResult.Failure failure = new RunResult.Failure(c.name(), d.id(), error, attempts);
        failureLog.append(JsonLines.failureLine(failure, time.now()));
        failures.add(failure);
        LOG.warn("condition {}, dialogue {}: no reply after {} attempt(s): {}", c.name(), d.id(), attempts, error);
        progress.finished(true);
    }

    private RunResult result(Map<String, Reply> existing) {
        List<Reply> replies = new ArrayList<>();
        for (Dialogue d : run.dialogues()) {
            for (Condition c : run.conditions()) {
                String key = key(c.name(), d.id());
                Reply reply = existing.getOrDefault(key, newReplies.get(key));
                if (reply != null) {
                    replies.add(reply);
                }
            }
        }
        List<RunResult.Failure> failed = new ArrayList<>(failures);
        return new RunResult(answered.get(), cached.get(), (int) skipped, progress.retries(), replies, failed,
                progress.elapsed());
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
