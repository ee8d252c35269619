package io.github.empathy4j.core.run;

import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.Secrets;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.Turn;
import io.github.empathy4j.core.prompt.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
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

        /** What a journaled record cost in US dollars, {@code null} when unknown: a budget counts it. */
        abstract BigDecimal cost(R record);

        /** The mean output tokens of a group's ({@link Unit#group()}) journaled records, for an estimate. */
        OptionalDouble meanOutputTokens(String group) {
            return OptionalDouble.empty();
        }

        /** The work, once the journal is read: the items still to do, and how many the journal already holds. */
        abstract Plan plan(Journal<R> journal);

        /** How the calls that can go through a provider's batch API do, or {@code null} when none does. */
        BatchMode batchMode() {
            return null;
        }

        /** The file of the task's batches in the folder. */
        String batchesFile() {
            return BatchMode.FILE_NAME;
        }
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
        private volatile boolean batched;
        private Pacing.Mark mark;
        private SplittableRandom random;
        private BigDecimal reservation;

        /** Tokens a chat format adds per message at most, for {@link #inputBound}. */
        static final int MESSAGE_OVERHEAD = 8;

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

        /** Whose call it is, for an {@link Estimate}: a condition's or a judge's name. */
        abstract String group();

        /** The spec of {@link #group()}. */
        abstract String spec();

        /** The spec the call is priced by, {@code null} when it costs nothing (no model behind it). */
        String pricedSpec() {
            return null;
        }

        /**
         * The most tokens the call can use, given the spec's {@code maxTokens} ({@code maxOutputTokens}): see
         * {@link #inputBound}.
         */
        TokenUsage worstUsage(long maxOutputTokens) {
            return new TokenUsage(0, maxOutputTokens);
        }

        /**
         * The most input tokens a prompt of these messages can take: one per UTF-8 byte (byte-level tokenizers,
         * as the OpenAI, Anthropic, Gemini and Llama ones are, never make a token of less than a byte), plus
         * {@value #MESSAGE_OVERHEAD} per message and {@value #MESSAGE_OVERHEAD} for the reply's start (the chat
         * format's tokens).
         */
        static long inputBound(List<ChatMessage> messages) {
            if (messages == null) {
                return 0;
            }
            return messages.stream().mapToLong(m -> bytes(m.text()) + MESSAGE_OVERHEAD).sum() + MESSAGE_OVERHEAD;
        }

        /** The UTF-8 bytes of a text. */
        static long bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }

        /** The most input tokens a dialogue takes in a judge's prompt: its situation, and its turns as messages. */
        static long dialogueBound(Dialogue dialogue) {
            long input = bytes(dialogue.situation());
            for (Turn t : dialogue.turns()) {
                input += bytes(t.text()) + MESSAGE_OVERHEAD;
            }
            return input;
        }

        /**
         * The most tokens a judge's call can use, given what its prompt shows ({@code input} tokens at most) and the
         * spec's {@code maxTokens}: a judge may ask twice (when its first answer cannot be read), the second time
         * with its first answer, so at most twice the input and the output. The judge's own instructions are not
         * visible here: they are bounded by {@value RatingRun#RATER_INSTRUCTIONS_TOKENS} tokens beside the input.
         */
        static TokenUsage judgeWorst(long input, long maxOutputTokens) {
            long prompt = input + RatingRun.RATER_INSTRUCTIONS_TOKENS;
            return new TokenUsage(2 * prompt + maxOutputTokens, 2 * maxOutputTokens);
        }

        /** What the recorded value cost in US dollars ({@link #succeeded}'s result), {@code null} when unknown. */
        BigDecimal cost(V recorded) {
            return null;
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

        /**
         * Who makes the call in a batch: the {@link BatchMode#clients()} key (a condition's or rater's name), or
         * {@code null} when the call cannot go through a batch API (it has no prompt).
         */
        String batchClient() {
            return null;
        }

        /** The key of the call's record in the journal, which a batch's items are recorded by. */
        String journalKey() {
            throw new UnsupportedOperationException(what());
        }

        /** The prompt a batch sends; called only when {@link #batchClient()} is not {@code null}. */
        List<ChatMessage> messages() {
            throw new UnsupportedOperationException(what());
        }

        /** The value of an answer a batch returned; throws when it cannot be read (a judge's unparseable answer). */
        V value(Answer answer) {
            throw new UnsupportedOperationException(what());
        }

        /** Whether the call goes through a batch rather than the lane. */
        boolean batched() {
            return batched;
        }

        /** Takes the call through a batch, or back to its lane. */
        void batched(boolean value) {
            batched = value;
        }

        /** Counts one more try: a batch the call was submitted in. */
        void tried() {
            attempts++;
        }

        /** The tries so far: batches the call was submitted in, and calls. */
        int tries() {
            return attempts;
        }
    }

    /** What an execution did besides the task's own counts. */
    record Outcome(long retries, List<Record> failures, Duration elapsed) {
    }

    private final Scheduling scheduling;
    private final RetryPolicy policy;
    private final Path cacheDirectory;
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
    private Budget budget;
    private ResponseCache cache;

    /**
     * @param cacheDirectory the response cache's folder ({@link ResponseCache#open}), or {@code null} for none
     * @param name names the threads, such as {@code empathy-run}
     */
    Engine(Scheduling scheduling, RetryPolicy policy, Path cacheDirectory, Consumer<Progress> listener,
            TimeSource time, String name) {
        this.scheduling = scheduling;
        this.policy = policy;
        this.cacheDirectory = cacheDirectory;
        this.time = time;
        this.progress = new ProgressTracker(listener, time);
        this.name = name;
    }

    /**
     * Sets a budget ({@code null}: none): see {@link Budget}.
     *
     * @param specs the specs of the task's calls, checked at once
     * @return this engine
     * @throws ConfigurationException when a spec has no price or no {@code maxTokens}
     */
    Engine budget(BigDecimal limit, Pricing pricing, Collection<String> specs) {
        this.budget = limit == null ? null : new Budget(limit, pricing);
        if (budget != null) {
            specs.forEach(budget::check);
        }
        return this;
    }

    /**
     * What executing the task would call, without a call or a write: see {@link Estimate}.
     *
     * @param defaultOutput the output tokens of a call whose spec sets no {@code maxTokens} and whose group has no
     *        mean in the journal
     */
    static <R> Estimate estimate(Task<R> task, Pricing pricing, int defaultOutput) {
        Journal<R> journal = Journal.readOnly(task.directory().resolve(task.journal().fileName()), task.journal(),
                task::resumed);
        Plan plan = task.plan(journal);
        Map<String, Unit<?>> first = new LinkedHashMap<>();
        Map<String, long[]> calls = new HashMap<>();
        Map<String, double[]> input = new HashMap<>();
        for (Item item : plan.items()) {
            for (Unit<?> u : item.units) {
                first.putIfAbsent(u.group(), u);
                calls.computeIfAbsent(u.group(), g -> new long[1])[0]++;
                input.computeIfAbsent(u.group(), g -> new double[1])[0] += u.tokenEstimate();
            }
        }
        List<Estimate.Line> lines = new ArrayList<>();
        first.forEach((group, u) -> {
            long n = calls.get(group)[0];
            String spec = u.pricedSpec();
            if (spec == null) {
                lines.add(new Estimate.Line(group, u.spec(), n, 0, 0, Estimate.Basis.NO_CALL, BigDecimal.ZERO));
                return;
            }
            long in = (long) Math.ceil(input.get(group)[0]);
            OptionalLong max = pricing.maxOutputTokens(spec);
            OptionalDouble mean = task.meanOutputTokens(group);
            Estimate.Basis basis = max.isPresent() ? Estimate.Basis.MAX_TOKENS
                    : mean.isPresent() ? Estimate.Basis.JOURNAL_MEAN : Estimate.Basis.DEFAULT;
            long out = switch (basis) {
                case MAX_TOKENS -> n * max.getAsLong();
                case JOURNAL_MEAN -> (long) Math.ceil(n * mean.getAsDouble());
                default -> n * defaultOutput;
            };
            lines.add(new Estimate.Line(group, spec, n, in, out, basis, pricing.cost(spec, null,
                    new TokenUsage(in, out), false).orElse(null)));
        });
        return new Estimate(plan.total(), plan.skipped(), lines);
    }

    /**
     * Executes the task: every item's calls, until each succeeded or failed, or a stop.
     *
     * @throws RuntimeException the stop, after the calls in flight ended and the untried ones were recorded
     */
    <R> Outcome execute(Task<R> task) {
        cache = cacheDirectory == null ? null : ResponseCache.open(cacheDirectory);
        try {
            return executeInFolder(task);
        } finally {
            if (cache != null) {
                cache.close();
            }
        }
    }

    private <R> Outcome executeInFolder(Task<R> task) {
        Path directory = task.directory();
        RunDirectory.Lock lock = RunDirectory.create(directory).lock();
        Journal<R> journal = null;
        try {
            task.opened();
            journal = Journal.open(directory.resolve(task.journal().fileName()), task.journal(), r -> {
                task.resumed(r);
                if (budget != null) {
                    budget.journaled(task.cost(r));
                }
            });
            failureLog = AppendOnlyFile.open(directory.resolve(task.failuresFile()));
            failureLog.truncate(0);
            Plan plan = task.plan(journal);
            if (budget != null) {
                if (budget.unknownBefore() > 0) {
                    LOG.warn("{} journaled calls have no known cost; the budget counts them as nothing",
                            budget.unknownBefore());
                }
            }
            if (plan.skipped() > 0) {
                LOG.info("resuming {}: {} of {} items already done", directory, plan.skipped(), plan.total());
            }
            progress.start(plan.total(), plan.skipped());
            BatchMode mode = task.batchMode();
            if (mode == null) {
                run(plan.items());
            } else {
                new Batching(this, mode, directory.resolve(task.batchesFile()), journal::contains, time).execute(plan.items());
            }
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

    /** Makes the calls of the items that do not go through a batch, until each succeeded or failed, or a stop. */
    void run(List<Item> items) {
        List<Unit<?>> units = new ArrayList<>();
        for (Item item : items) {
            if (item.units.isEmpty()) {
                item.complete.run();
                progress.finished(false);
            } else {
                item.units.stream().filter(u -> !u.batched).forEach(units::add);
            }
        }
        call(units);
    }

    /** Makes the calls on their lanes, until each succeeded or failed, or a stop. */
    void call(List<Unit<?>> units) {
        if (units.isEmpty()) {
            return;
        }
        synchronized (done) {
            outstanding += units.size();
        }
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer = new Timer(time, name + "-timer");
        try {
            units.forEach(u -> lane(u.lane).submit(u));
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
        if (budget != null) {
            budget.drain().forEach(this::abandon);
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
            if (budget != null && !reserve(u)) {
                return;
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
                settle(u, null);
                end(u, null, invalid, u.attempts, false);
                return;
            }
            V recorded = u.succeeded(value, u.attempts, Duration.ofNanos(time.nanoTime() - u.start), false);
            settle(u, u.cost(recorded));
            store(u, recorded);
            end(u, value, null, u.attempts, false);
        } catch (RuntimeException | Error e) {
            // a bug, or a journal that cannot be written: stop rather than lose track
            RuntimeException problem = e instanceof RuntimeException r ? r : new EmpathyException(
                    "the run failed: " + e, e);
            settle(u, null);
            stop(problem);
            if (!u.over) {
                end(u, null, problem, u.attempts, true);
            }
        } finally {
            lane.release();
        }
    }

    /**
     * Reserves the call's worst case in the budget; when it does not fit, the call waits for the calls in flight to
     * settle, or, with none in flight, stops the execution.
     *
     * @return whether the call may start
     */
    private boolean reserve(Unit<?> u) {
        BigDecimal worst = budget.worstCase(u);
        switch (budget.reserve(u, worst)) {
            case YES -> {
                u.reservation = worst;
                return true;
            }
            case WAIT -> {
                return false; // parked: submitted again when a call in flight settles
            }
            default -> {
                stop(budget.exhausted(worst));
                abandon(u);
                return false;
            }
        }
    }

    /** Settles the call's reservation to its cost ({@code null}: the whole reservation), if it holds one. */
    private void settle(Unit<?> u, BigDecimal cost) {
        if (budget == null || u.reservation == null) {
            return;
        }
        BigDecimal reservation = u.reservation;
        u.reservation = null;
        for (Unit<?> again : budget.settle(reservation, cost)) {
            lane(again.lane).submit(again);
        }
    }

    private <V> void failed(LaneState lane, Unit<V> u, RuntimeException e) {
        settle(u, e instanceof RateLimitException ? BigDecimal.ZERO : null); // a 429 was not served
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

    /**
     * Ends a call a batch answered or failed: records the value (journals it, caches it) or the failure; a value
     * that cannot be read or recorded is a failure.
     *
     * @param answer the batch's answer, or {@code null} when {@code failure} says why there is none
     */
    <V> void batchEnded(Unit<V> u, Answer answer, RuntimeException failure) {
        synchronized (done) {
            outstanding++;
        }
        V value = null;
        if (failure == null) {
            try {
                value = u.value(answer);
                failure = u.invalid(value);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure == null) {
            V recorded = u.succeeded(value, u.attempts, Duration.ZERO, false);
            if (budget != null) {
                budget.journaled(u.cost(recorded)); // a batch is not reserved: its items are submitted at once
            }
            store(u, recorded);
            end(u, value, null, u.attempts, false);
        } else {
            end(u, null, failure, u.attempts, false);
        }
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
