package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.prompt.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final Object progressLock = new Object();
    private AppendOnlyFile journal;
    private AppendOnlyFile failureLog;
    private ThreadPoolExecutor pool;
    private long startNanos;
    private long total;
    private long skipped;
    private long done;
    private long failed;
    private long retries;
    private boolean listenerFailed;

    Execution(Run run) {
        this.run = run;
        this.time = run.time();
        this.cache = run.cacheDirectory() == null ? null : new ResponseCache(run.cacheDirectory());
        run.rateLimits().forEach((provider, limit) -> limits.put(provider, new Limits(
                limit.requestsPerMinute() == 0 ? null : new RateLimiter(limit.requestsPerMinute(), time),
                limit.tokensPerMinute() == 0 ? null : new RateLimiter(limit.tokensPerMinute(), time))));
    }

    RunResult run() {
        startNanos = time.nanoTime();
        Path directory = run.outputDirectory();
        Path responses = directory.resolve(ReplyJournal.FILE_NAME);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory " + directory, e);
        }
        journal = AppendOnlyFile.openLocked(responses);
        try {
            RunManifest.writeOrCheck(directory, RunManifest.of(run, time.now()));
            Map<String, Reply> existing = openJournal(responses);
            failureLog = AppendOnlyFile.openLocked(directory.resolve(Run.FAILURES_FILE));
            failureLog.truncate(0);
            List<Runnable> pending = new ArrayList<>();
            for (Dialogue d : run.dialogues()) {
                for (Condition c : run.conditions()) {
                    if (existing.containsKey(key(c.name(), d.id()))) {
                        skipped++;
                    } else {
                        pending.add(() -> guarded(c, d));
                    }
                }
            }
            total = (long) run.dialogues().size() * run.conditions().size();
            done = skipped;
            if (skipped > 0) {
                LOG.info("resuming {}: {} of {} items already answered", directory, skipped, total);
            }
            synchronized (progressLock) {
                emitProgress();
            }
            answer(pending);
            return result(existing);
        } finally {
            closeFiles();
        }
    }

    private Map<String, Reply> openJournal(Path responses) {
        ReplyJournal.Scan scan = ReplyJournal.scan(responses);
        if (scan.tornAt() >= 0) {
            LOG.warn("{}: line {} is incomplete (a run was stopped while writing it); cut it away, its item will be "
                    + "answered again", responses, scan.tornLine());
            journal.truncate(scan.tornAt());
        } else if (scan.missingNewline()) {
            journal.append(new byte[] {'\n'});
        }
        Map<String, Reply> existing = new HashMap<>();
        for (Reply r : scan.replies()) {
            existing.put(key(r.condition(), r.dialogueId()), r);
        }
        return existing;
    }

    private void answer(List<Runnable> pending) {
        if (pending.isEmpty()) {
            return;
        }
        int threads = Math.min(run.concurrency(), pending.size());
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "empathy-run-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // The queue is filled before any thread starts, so a stop cannot race with the submission.
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(pending),
                factory);
        pool.prestartAllCoreThreads();
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                stop(new EmpathyException("the run was interrupted; run it again to resume"));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable stop = fatal.get();
        if (stop instanceof RuntimeException e) {
            throw e;
        }
        if (stop instanceof Error e) {
            throw e;
        }
    }

    /** Records the first fatal problem and stops the pool: queued items are dropped, waits are interrupted. */
    private void stop(Throwable problem) {
        if (fatal.compareAndSet(null, problem)) {
            pool.shutdownNow();
        }
    }

    private void guarded(Condition c, Dialogue d) {
        try {
            process(c, d);
        } catch (Throwable t) {
            stop(t);
        }
    }

    private void process(Condition c, Dialogue d) {
        if (fatal.get() != null) {
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
                finished(false);
                return;
            }
        }
        Limits limit = limits.get(c.provider());
        double estimate = messages == null ? 0 : messages.stream().mapToInt(m -> m.text().length()).sum() / 4.0;
        long start = time.nanoTime();
        SplittableRandom random = null;
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                if (limit != null) {
                    limit.acquire(estimate);
                }
                if (fatal.get() != null) {
                    return;
                }
                answer = c.respondent().respond(d);
                if (answer == null) {
                    throw new IllegalStateException("the respondent returned no answer");
                }
            } catch (InterruptedException e) {
                return;
            } catch (AuthenticationException e) {
                stop(new AuthenticationException(stopMessage(c, e), e));
                return;
            } catch (ConfigurationException e) {
                stop(new ConfigurationException(stopMessage(c, e), e));
                return;
            } catch (RuntimeException e) {
                if (fatal.get() != null) {
                    return;
                }
                if (!(e instanceof ProviderException p) || !p.retriable()
                        || attempt >= run.retryPolicy().maxAttempts()) {
                    fail(c, d, e, attempt);
                    return;
                }
                if (random == null) {
                    random = new SplittableRandom(((long) c.name().hashCode() << 32) ^ (d.id().hashCode() & 0xFFFFFFFFL));
                }
                Duration delay = run.retryPolicy().delay(attempt, p.retryAfter().orElse(null), random);
                LOG.debug("condition {}, dialogue {}: attempt {} failed ({}), retrying in {} ms", c.name(), d.id(),
                        attempt, e.getMessage(), delay.toMillis());
                synchronized (progressLock) {
                    retries++;
                    emitProgress();
                }
                try {
                    time.sleep(delay);
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            if (limit != null) {
                limit.charge(estimate, answer.usage().totalTokens());
            }
            String model = answer.model().isBlank() ? c.spec() : answer.model();
            Reply reply = new Reply(c.name(), d.id(), answer.text(), answer.finishReason(), model, c.parameters(),
                    answer.usage(), Duration.ofMillis((time.nanoTime() - start) / 1_000_000), attempt, time.now());
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
            finished(false);
            return;
        }
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
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        RunResult.Failure failure = new RunResult.Failure(c.name(), d.id(), error, attempts);
        failureLog.append(failureLine(failure, time.now()));
        failures.add(failure);
        LOG.warn("condition {}, dialogue {}: no reply after {} attempt(s): {}", c.name(), d.id(), attempts, error);
        finished(true);
    }

    private static byte[] failureLine(RunResult.Failure failure, Instant when) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = ReplyJournal.JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("condition", failure.condition());
            g.writeStringField("dialogueId", failure.dialogueId());
            g.writeStringField("error", failure.error());
            g.writeNumberField("attempts", failure.attempts());
            g.writeStringField("time", when.toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a failure as JSON", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private void finished(boolean failure) {
        synchronized (progressLock) {
            done++;
            if (failure) {
                failed++;
            }
            emitProgress();
        }
    }

    /** Calls the listener; the caller holds {@link #progressLock}. */
    private void emitProgress() {
        Progress progress = new Progress(done, total, skipped, failed, retries,
                Duration.ofNanos(time.nanoTime() - startNanos));
        try {
            run.progressListener().accept(progress);
        } catch (RuntimeException e) {
            if (!listenerFailed) {
                listenerFailed = true;
                LOG.warn("the progress listener failed; the run goes on", e);
            }
        }
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
        return new RunResult(answered.get(), cached.get(), (int) skipped, retries, replies, failed,
                Duration.ofNanos(time.nanoTime() - startNanos));
    }

    private void closeFiles() {
        IOException problem = null;
        for (AppendOnlyFile file : new AppendOnlyFile[] {failureLog, journal}) {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    problem = e;
                }
            }
        }
        if (problem != null) {
            throw new UncheckedIOException("cannot close the run's files", problem);
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
