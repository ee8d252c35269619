package io.github.empathy4j.core.run;

import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one executor of answering and rating (and any other {@link Task}): it locks the folder, reopens the task's
 * journal (the task keeps the keys it needs), truncates the failures file, and makes every call of the task's items
 * on the call's {@link Lane}, with the lane's concurrency, rate limits, pacing, patience and reachability; it
 * retries, records failures, reports progress and stops on a problem every other call would share.
 *
 * <p>Calls run on a pool of threads that only ever make calls: every wait (a rate limit, a provider's pacing or
 * {@code Retry-After}, a retry's backoff) is scheduled on the {@link Timer} and releases both the thread and the
 * lane's slot. An HTTP 429 ({@link RateLimitException}) never uses up a call's retries: it is retried, after the
 * provider's {@code Retry-After} (which pauses the whole lane only when refusals dominate, see {@link Pacing}) or
 * else a backoff, until the lane has gone its patience without a success. Other retriable failures are retried
 * according to the {@link RetryPolicy}.
 */
final class Engine {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** One kind of work: its folder, journal and failures file, and its items once the journal is read. */
    abstract static class Task<R> {

        /** The folder of the journal and failures file. */
        abstract Path directory();

        /** The journal's format and file name in the folder. */
        abstract Journal.Kind<R> journal();

        /** The failures file's name in the folder. */
        abstract String failuresFile();

        /** Called with the folder locked, before the journal is read: writes what the folder needs. */
        void opened() {
        }

        /** Called with each journaled record while the journal is read: keep what is needed (keys, not texts). */
        abstract void resumed(R record);

        /** The work, once the journal is read: the items still to do, and how many the journal already holds. */
        abstract Plan plan(Journal<R> journal);
    }

    /** A task's items still to do, with the totals progress reports. */
    record Plan(List<Item> items, long total, long skipped) {
    }

    /** A unit of progress: one or more calls, and what to do once every one of them succeeded. */
    static final class Item {

        final List<Unit<?>> units;
        final Runnable complete;
        final AtomicInteger open;
        volatile boolean failed;
        volatile boolean abandoned;

        /**
         * @param units its calls; none when only {@code complete} is left to do
         * @param complete run once, on the thread of the last call, when every call succeeded
         */
        Item(List<Unit<?>> units, Runnable complete) {
            this.units = List.copyOf(units);
            this.complete = complete;
            this.open = new AtomicInteger(units.size());
            this.units.forEach(u -> u.item = this);
        }
    }

    /** One call of an item on its lane: what the task calls, and how it records what came back. */
    abstract static class Unit<V> {

        final Lane lane;
        private Item item;
        private boolean over;
        private int attempts;
        private int failures;
        private int refusals;
        private long start = -1;
        private long startedAt;
        private Pacing.Mark mark;
        private SplittableRandom random;

        Unit(Lane lane) {
            this.lane = lane;
        }

        /** Names the call in logs, such as {@code condition gpt-4, dialogue 7}. */
        abstract String what();

        /** The seed of the call's retry jitter, the same on every run. */
        abstract long seed();

        /** Makes the call once; {@code null} means no answer. */
        abstract V call();

        /** A failure when the value cannot be recorded (a rating outside its dimension), else {@code null}. */
        RuntimeException invalid(V value) {
            return null;
        }

        /** Tokens the call is expected to use, taken from the lane's token limit before it. */
        double tokenEstimate() {
            return 0;
        }

        /** Tokens the call used. */
        long tokens(V value) {
            return 0;
        }

        /** The value from the response cache, or {@code null} (also when the call is not cached). */
        V lookup(ResponseCache cache) {
            return null;
        }

        /** Stores the value in the response cache (when the call is cached). */
        void store(ResponseCache cache, V value) {
        }

        /**
         * Records the value (journals it) and returns what was recorded, which the cache stores; {@code cached}
         * when it came from the cache, without a call.
         */
        abstract V succeeded(V value, int attempts, Duration latency, boolean cached);

        /** The failure record of the call: {@code e} is its last failure, or the stop that left it untried. */
        abstract Record failure(RuntimeException e, String error, int attempts, boolean untried);

        /** The message a stop caused by this call's failure throws. */
        abstract String stopMessage(RuntimeException e);
    }

    /** What an execution did besides the task's own counts. */
    record Outcome(long retries, List<Record> failures, Duration elapsed) {
    }

    private final Scheduling scheduling;
    private final RetryPolicy policy;
    private final ResponseCache cache;
    private final TimeSource time;
    private final ProgressTracker progress;
    private final String name;
    private final Map<Lane, LaneState> lanes = new ConcurrentHashMap<>();
    private final Set<Unit<?>> waiting = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Unit<?>> abandoned = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Record> failures = new ConcurrentLinkedQueue<>();
    private final AtomicReference<RuntimeException> stop = new AtomicReference<>();
    private final Object done = new Object();
    private long outstanding;
    private ExecutorService workers;
    private Timer timer;
    private AppendOnlyFile failureLog;

    /**
     * @param cache the response cache, or {@code null}
     * @param name names the threads, such as {@code empathy-run}
     */
    Engine(Scheduling scheduling, RetryPolicy policy, ResponseCache cache, Consumer<Progress> listener,
            TimeSource time, String name) {
        this.scheduling = scheduling;
        this.policy = policy;
        this.cache = cache;
        this.time = time;
        this.progress = new ProgressTracker(listener, time);
        this.name = name;
    }

    /**
     * Executes the task: every item's calls, until each succeeded or failed, or a stop.
     *
     * @throws RuntimeException the stop, after the calls in flight ended and the untried ones were recorded
     */
    <R> Outcome execute(Task<R> task) {
        Path directory = task.directory();
        RunDirectory.Lock lock = RunDirectory.create(directory).lock();
        Journal<R> journal = null;
        try {
            task.opened();
            journal = Journal.open(directory.resolve(task.journal().fileName()), task.journal(), task::resumed);
            failureLog = AppendOnlyFile.open(directory.resolve(task.failuresFile()));
            failureLog.truncate(0);
            Plan plan = task.plan(journal);
            if (plan.skipped() > 0) {
                LOG.info("resuming {}: {} of {} items already done", directory, plan.skipped(), plan.total());
            }
            progress.start(plan.total(), plan.skipped());
            run(plan.items());
            return new Outcome(progress.retries(), List.copyOf(failures), progress.elapsed());
        } finally {
            try {
                AppendOnlyFile.closeAll("the files in " + directory, failureLog, journal == null ? null
                        : journal.file());
            } finally {
                lock.close();
            }
        }
    }

    private void run(List<Item> items) {
        List<Item> waitingItems = new ArrayList<>();
        for (Item item : items) {
            if (item.units.isEmpty()) {
                item.complete.run();
                progress.finished(false);
            } else {
                outstanding += item.units.size();
                waitingItems.add(item);
            }
        }
        if (outstanding == 0) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer = new Timer(time, name + "-timer");
        try {
            for (Item item : waitingItems) {
                item.units.forEach(u -> lane(u.lane).submit(u));
            }
            awaitAll();
        } finally {
            timer.close();
            workers.shutdown();
        }
        RuntimeException stopped = stop.get();
        if (stopped != null) {
            String reason = Secrets.redact(stopped.getMessage());
            for (Unit<?> u : abandoned) {
                failureLog.append(JsonLines.failureLine(u.failure(stopped, reason, 0, true), time.now()));
            }
            throw stopped;
        }
    }

    private void awaitAll() {
        boolean interrupted = false;
        synchronized (done) {
            while (outstanding > 0) {
                try {
                    done.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop(new EmpathyException("the run was interrupted; run it again to resume"));
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private LaneState lane(Lane lane) {
        return lanes.computeIfAbsent(lane, l -> new LaneState(l, scheduling, time));
    }

    /** Stops the execution: no new call starts; queued and waiting calls are abandoned (recorded as untried). */
    private void stop(RuntimeException problem) {
        if (!stop.compareAndSet(null, problem)) {
            return;
        }
        for (LaneState lane : lanes.values()) {
            lane.drain().forEach(this::abandon);
        }
        for (Unit<?> u : List.copyOf(waiting)) {
            if (waiting.remove(u)) {
                abandon(u);
            }
        }
    }

    private void abandon(Unit<?> u) {
        u.over = true;
        u.item.abandoned = true;
        abandoned.add(u);
        ended();
    }

    private void ended() {
        synchronized (done) {
            if (--outstanding == 0) {
                done.notifyAll();
            }
        }
    }

    /** One attempt of a call, on a worker thread, holding a slot of its lane. */
    private <V> void attempt(LaneState lane, Unit<V> u) {
        try {
            if (stop.get() != null) {
                abandon(u);
                return;
            }
            if (lane.reach.down() != null) {
                end(u, null, lane.reach.down(), u.attempts, false);
                return;
            }
            if (u.start < 0) {
                u.start = time.nanoTime();
                V hit = lookup(u);
                if (hit != null) {
                    lane.refund(u.tokenEstimate());
                    u.succeeded(hit, 0, Duration.ZERO, true);
                    end(u, hit, null, 0, true);
                    return;
                }
            }
            u.attempts++;
            u.startedAt = time.nanoTime();
            V value;
            try {
                value = Quota.observing(q -> lane.observe(q, u.mark, time.nanoTime()),
                        () -> lane.reach.observe(u::call));
                if (value == null) {
                    throw new EmpathyException("the call returned nothing");
                }
            } catch (RuntimeException e) {
                failed(lane, u, e);
                return;
            }
            lane.succeeded(u.tokenEstimate(), u.tokens(value));
            RuntimeException invalid = u.invalid(value);
            if (invalid != null) {
                end(u, null, invalid, u.attempts, false);
                return;
            }
            store(u, u.succeeded(value, u.attempts, Duration.ofNanos(time.nanoTime() - u.start), false));
            end(u, value, null, u.attempts, false);
        } catch (RuntimeException | Error e) {
            // a bug, or a journal that cannot be written: stop rather than lose track
            RuntimeException problem = e instanceof RuntimeException r ? r : new EmpathyException(
                    "the run failed: " + e, e);
            stop(problem);
            if (!u.over) {
                end(u, null, problem, u.attempts, true);
            }
        } finally {
            lane.release();
        }
    }

    private <V> void failed(LaneState lane, Unit<V> u, RuntimeException e) {
        if (stop.get() != null) {
            abandon(u);
            return;
        }
        long now = time.nanoTime();
        if (e instanceof RateLimitException limited) {
            Duration retryAfter = limited.retryAfter().orElse(null);
            lane.refused(retryAfter, u.startedAt, now);
            Duration patience = scheduling.patience();
            if (now - lane.lastSuccess() >= patience.toNanos()) {
                end(u, null, new RateLimitException(e.getMessage() + "; refused for " + patience.toSeconds()
                        + " s of patience without a success on " + lane.lane, e, null), u.attempts, false);
                return;
            }
            u.refusals++;
            retry(u, retryAfter != null ? retryAfter : policy.delay(Math.min(u.refusals, 62), null, random(u)), e);
            return;
        }
        if (e instanceof ProviderException p && p.retriable() && u.failures + 1 < policy.maxAttempts()
                && e != lane.reach.down()) {
            u.failures++;
            retry(u, policy.delay(u.failures, p.retryAfter().orElse(null), random(u)), e);
            return;
        }
        if (e instanceof AuthenticationException a) {
            end(u, null, e, u.attempts, false);
            stop(new AuthenticationException(u.stopMessage(a), a));
            return;
        }
        if (e instanceof ConfigurationException c) {
            end(u, null, e, u.attempts, false);
            stop(new ConfigurationException(u.stopMessage(c), c));
            return;
        }
        end(u, null, e, e == lane.reach.down() ? u.attempts - 1 : u.attempts, false);
    }

    private SplittableRandom random(Unit<?> u) {
        if (u.random == null) {
            u.random = new SplittableRandom(u.seed());
        }
        return u.random;
    }

    /** Schedules the call again after {@code delay}, holding neither a thread nor a slot meanwhile. */
    private void retry(Unit<?> u, Duration delay, RuntimeException e) {
        LOG.debug("{}: attempt {} failed ({}), retrying in {} ms", u.what(), u.attempts, e.getMessage(),
                delay.toMillis());
        progress.retried();
        waiting.add(u);
        if (stop.get() != null && waiting.remove(u)) {
            abandon(u); // the stop came after the check in failed(), before the call was waiting
            return;
        }
        timer.schedule(delay.toNanos(), () -> {
            if (waiting.remove(u)) {
                lane(u.lane).submit(u);
            }
        });
    }

    /** Ends a call: a value, or a failure recorded in the failures file; the item completes with its last call. */
    private <V> void end(Unit<V> u, V value, RuntimeException failure, int attempts, boolean quiet) {
        u.over = true;
        Item item = u.item;
        if (failure != null) {
            item.failed = true;
            if (!quiet) {
                String error = Secrets.redact(JsonLines.error(failure));
                Record record = u.failure(failure, error, attempts, false);
                failureLog.append(JsonLines.failureLine(record, time.now()));
                failures.add(record);
                if (Reachability.unreachable(failure) || failure instanceof AuthenticationException
                        || failure instanceof ConfigurationException) {
                    // one line for the lane (Reachability) or the stop instead, not one per call
                    LOG.debug("{}: failed after {} attempt(s): {}", u.what(), attempts, error);
                } else {
                    LOG.warn("{}: failed after {} attempt(s): {}", u.what(), attempts, error);
                }
            }
        }
        if (item.open.decrementAndGet() == 0 && !item.abandoned) {
            if (!item.failed) {
                item.complete.run();
            }
            progress.finished(item.failed);
        }
        ended();
    }

    private <V> V lookup(Unit<V> u) {
        if (cache == null) {
            return null;
        }
        try {
            return u.lookup(cache);
        } catch (UncheckedIOException | ConfigurationException e) {
            LOG.warn("cannot read the cached answer of {}, calling: {}", u.what(), e.getMessage());
            return null;
        }
    }

    private <V> void store(Unit<V> u, V value) {
        if (cache == null) {
            return;
        }
        try {
            u.store(cache, value);
        } catch (UncheckedIOException | ConfigurationException e) {
            LOG.warn("cannot cache the answer of {}: {}", u.what(), e.getMessage());
        }
    }

    /**
     * One lane's scheduling: the calls ready to start, in order; the slots (a window between 1 and the lane's
     * concurrency, adapted additive-increase / multiplicative-decrease on HTTP 429 when the provider sends no
     * limits); the request and token limits, configured or learned from the provider's headers; the time before
     * which no call starts (see {@link Pacing}).
     */
    final class LaneState {

        final Lane lane;
        final Reachability reach;
        private final int max;
        private final Scheduling.RateLimit configured;
        private final ArrayDeque<Unit<?>> ready = new ArrayDeque<>();
        private final Pacing pacing;
        private int inFlight;
        private boolean wakeScheduled;
        private long wakeAt;

        LaneState(Lane lane, Scheduling scheduling, TimeSource time) {
            this.lane = lane;
            this.reach = new Reachability("provider '" + lane + "'");
            this.max = scheduling.concurrency(lane);
            this.configured = scheduling.rateLimit(lane);
            this.pacing = new Pacing(max, configured, time);
        }

        synchronized void submit(Unit<?> u) {
            if (stop.get() != null) {
                abandon(u);
                return;
            }
            ready.add(u);
            pump();
        }

        /** Starts the ready calls the window, limits and pacing allow; schedules a wake-up for the next. */
        private synchronized void pump() {
            while (stop.get() == null && !ready.isEmpty() && inFlight < pacing.window()) {
                long wait = pacing.take(ready.peek().tokenEstimate());
                if (wait > 0) {
                    long at = time.nanoTime() + wait;
                    if (!wakeScheduled || at < wakeAt) {
                        wakeScheduled = true;
                        wakeAt = at;
                        timer.schedule(wait, this::wake);
                    }
                    return;
                }
                Unit<?> u = ready.poll();
                u.mark = pacing.mark();
                inFlight++;
                workers.execute(() -> attempt(this, u));
            }
        }

        private synchronized void wake() {
            if (time.nanoTime() >= wakeAt) {
                wakeScheduled = false;
            }
            pump();
        }

        synchronized void release() {
            inFlight--;
            pump();
        }

        synchronized List<Unit<?>> drain() {
            List<Unit<?>> drained = new ArrayList<>(ready);
            ready.clear();
            return drained;
        }

        synchronized void observe(Quota quota, Pacing.Mark mark, long now) {
            pacing.observe(quota, mark, now);
        }

        synchronized void refused(Duration retryAfter, long startedAt, long now) {
            pacing.refused(retryAfter, startedAt, now);
        }

        synchronized void succeeded(double estimate, long tokens) {
            pacing.succeeded(estimate, tokens, time.nanoTime());
        }

        synchronized void refund(double estimate) {
            pacing.refund(estimate);
        }

        synchronized long lastSuccess() {
            return pacing.lastSuccess();
        }
    }
}
