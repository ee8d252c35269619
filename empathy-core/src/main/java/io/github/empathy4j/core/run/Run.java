package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Answers every dialogue under every condition and journals the replies in an output folder.
 *
 * <pre>{@code
 * RunResult result = Run.builder()
 *         .outputDirectory(Path.of("runs/study"))
 *         .dialogues(dialogues)
 *         .condition(Condition.humanReference())
 *         .condition(new Condition("gpt-4", "openai:gpt-4", Map.of("temperature", "0.7"), template, gpt4))
 *         .concurrency(8)
 *         .concurrency("ollama", 2)
 *         .rateLimit("openai", 500, 30_000)
 *         .build()
 *         .execute();
 * }</pre>
 *
 * <p>The folder holds {@code run.json} (what is needed to repeat the run), {@code dialogues.jsonl}
 * (the dialogues, so that the folder alone is enough to rate the replies), {@code responses.jsonl}
 * (one reply per line, see {@link ReplyJournal}, appended as each reply arrives) and
 * {@code failures.jsonl} (the items that failed in the latest execution). Executing again in the
 * same folder resumes: items with a reply are skipped, failed ones are tried again, and a torn
 * last line left by a killed process is cut away. A folder whose {@code run.json} records other
 * dialogues, or another spec, parameters or prompt under a condition's name, is refused; a condition it
 * lacks is added (a model added to a run) and only its items are answered. The execution holds the
 * folder's {@link RunDirectory#lock()}; see {@link RunDirectory} for the files.
 *
 * <p>Calls are scheduled per lane ({@link Lane}: a provider with its key variable and address, shared by every
 * condition and judge calling it; see {@link Condition#provider()}). Each lane has its own concurrency
 * ({@link Builder#concurrency(String, int)}, else {@link Builder#concurrency(int)}) and rate limits
 * ({@link Builder#rateLimit(String, int, long)}, else {@link Builder#rateLimit(int, long)}), so a limited provider
 * never slows another. Waiting never holds a thread or a slot: a rate limit's wait, a provider's pacing or
 * {@code Retry-After} and a retry's backoff are scheduled, and other lanes' calls run meanwhile. Requests are taken
 * before each call; tokens are known only after a call, so each call takes an estimate before (the prompt's
 * characters / 4, or nothing without a prompt) and is charged the difference to the reported usage after.
 *
 * <p>Pacing: a respondent's HTTP client reports the provider's limit headers ({@link Quota}; the LangChain4j
 * adapters do): the lane is paced to the limits they state (below a configured limit, never above) and to the
 * {@code remaining} each response states, less the calls started since. An HTTP 429 delays its own call by its
 * {@code Retry-After}; only when refusals are more than half of the lane's last responses (as many as its window
 * of calls in flight) does it pause the whole lane for the {@code Retry-After}, and a lane whose provider sends no
 * limits then halves its window, grown back by one per window of successes.
 *
 * <p>Retries and patience: an HTTP 429 ({@link io.github.empathy4j.core.RateLimitException}) is the provider asking
 * to slow down, not a failure: it is retried without using up the item's retries, for as long as the lane has had a
 * success within the {@linkplain Builder#patience(Duration) patience} (default 10 minutes). Any other retriable
 * {@link io.github.empathy4j.core.ProviderException} (5xx, time-out) is retried according to the
 * {@link RetryPolicy}; a non-retriable one, or the last failed attempt, makes the item a
 * {@link RunResult.Failure} and the run goes on. An
 * {@link io.github.empathy4j.core.AuthenticationException} or
 * {@link io.github.empathy4j.core.ConfigurationException} stops the whole run, since every other
 * item would fail alike: no new call starts, calls in flight finish and are journaled, the items
 * left without a reply are written to {@code failures.jsonl} with the reason, and
 * {@link #execute()} throws it with the condition named. Any other exception from a respondent
 * fails only its item. After {@value Reachability#LIMIT} connection failures in a row on one lane (refused,
 * unknown host, no route: a {@link io.github.empathy4j.core.ProviderUnreachableException} or such a cause) that
 * lane's remaining calls fail at once, without a call, and one warning says so; the other lanes go
 * on. Failure messages pass through {@link io.github.empathy4j.core.Secrets#redact(String)}.
 *
 * <p>Cost: with {@link Builder#pricing(Pricing)}, each reply records what its call cost ({@link
 * io.github.empathy4j.core.Reply#cost()}, {@code costUsd} in the journal; zero for a cache hit or the human
 * reference, {@code null} when unknown); {@link Builder#budget(java.math.BigDecimal)} stops before the folder's
 * journal would cost more; {@link #estimate()} says what an execution would call, without a call.
 *
 * <p>Batch mode ({@link Builder#batch}): the conditions with a provider's batch client are answered through batches
 * (recorded in {@value RunDirectory#BATCHES}, resumed after a kill, each item journaled once); see {@link BatchMode}.
 *
 * <p>The human reference ({@link Condition#humanReference()}) answers only the dialogues that have
 * a human reply; for the others it has no item.
 *
 * <p>Memory holds the dialogues and the keys of the items, never the replies' texts: a resume reads only the
 * journal's keys, and {@link RunResult#replies()} reads the journal lazily.
 *
 * <p>Instances are immutable; {@link #execute()} may be called again (it resumes).
 */
public final class Run {

    /** The run's dialogues inside the output folder, as {@link io.github.empathy4j.core.dataset.DialogueJsonl}. */
    public static final String DIALOGUES_FILE = RunDirectory.DIALOGUES;

    /** The file of the latest execution's failures inside the output folder. */
    public static final String FAILURES_FILE = RunDirectory.FAILURES;

    private final Path outputDirectory;
    private final List<Dialogue> dialogues;
    private final List<Condition> conditions;
    private final String datasetDescription;
    private final Long sampleSeed;
    private final Integer sampleSize;
    private final Scheduling scheduling;
    private final RetryPolicy retryPolicy;
    private final Path cacheDirectory;
    private final Pricing pricing;
    private final BigDecimal budget;
    private final Consumer<Progress> progressListener;
    private final TimeSource time;
    private final BatchMode batchMode;

    private Run(Builder b) {
        this.outputDirectory = Objects.requireNonNull(b.outputDirectory, "outputDirectory");
        this.dialogues = List.copyOf(Objects.requireNonNull(b.dialogues, "dialogues"));
        this.conditions = List.copyOf(b.conditions);
        this.datasetDescription = b.datasetDescription;
        this.sampleSeed = b.sampleSeed;
        this.sampleSize = b.sampleSize;
        this.scheduling = b.scheduling;
        this.retryPolicy = b.retryPolicy;
        this.cacheDirectory = b.cacheDirectory;
        this.pricing = b.pricing;
        this.budget = b.budget;
        this.progressListener = b.progressListener;
        this.time = b.time;
        this.batchMode = b.batchMode;
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one condition");
        }
        Set<String> names = new HashSet<>();
        for (Condition c : conditions) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("condition names must be unique; '" + c.name() + "' appears twice");
            }
        }
        Set<String> ids = new HashSet<>();
        for (Dialogue d : dialogues) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("dialogue ids must be unique; '" + d.id() + "' appears twice");
            }
        }
    }

    /** A builder; {@link Builder#outputDirectory}, {@link Builder#dialogues} and one condition are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What {@link #execute()} would call, estimated without a call or a write (the folder is left as it is, and the
     * response cache is not consulted): see {@link Estimate}.
     *
     * @throws io.github.empathy4j.core.BadInputException when a journal in the folder has a bad line
     */
    public Estimate estimate() {
        return new AnswerTask(this).estimate();
    }

    /**
     * Answers every item not yet answered in the output folder, and returns what this execution did
     * with a lazy reader of the run's replies.
     *
     * @throws io.github.empathy4j.core.ConfigurationException when the folder holds another run, another
     *         process is writing it, the response cache is not a readable database, or a respondent reported a
     *         configuration problem
     * @throws io.github.empathy4j.core.AuthenticationException when a provider rejected the credentials
     * @throws io.github.empathy4j.core.BadInputException when {@code responses.jsonl} has a bad line before its last
     * @throws java.io.UncheckedIOException when the folder cannot be read or written
     */
    public RunResult execute() {
        return new AnswerTask(this).execute();
    }

    /** The folder holding {@code run.json}, {@code responses.jsonl} and {@code failures.jsonl}. */
    public Path outputDirectory() {
        return outputDirectory;
    }

    List<Dialogue> dialogues() {
        return dialogues;
    }

    List<Condition> conditions() {
        return conditions;
    }

    String datasetDescription() {
        return datasetDescription;
    }

    Long sampleSeed() {
        return sampleSeed;
    }

    Integer sampleSize() {
        return sampleSize;
    }

    Scheduling scheduling() {
        return scheduling;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    Path cacheDirectory() {
        return cacheDirectory;
    }

    Pricing pricing() {
        return pricing;
    }

    BigDecimal budget() {
        return budget;
    }

    Consumer<Progress> progressListener() {
        return progressListener;
    }

    TimeSource time() {
        return time;
    }

    BatchMode batchMode() {
        return batchMode;
    }

    /** Collects a run's settings; not thread-safe. */
    public static final class Builder {

        private Path outputDirectory;
        private Collection<Dialogue> dialogues;
        private final List<Condition> conditions = new ArrayList<>();
        private String datasetDescription = "";
        private Long sampleSeed;
        private Integer sampleSize;
        private Scheduling scheduling = Scheduling.DEFAULTS;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Path cacheDirectory;
        private Pricing pricing = Pricing.NONE;
        private BigDecimal budget;
        private Consumer<Progress> progressListener = p -> { };
        private TimeSource time = TimeSource.SYSTEM;
        private BatchMode batchMode;

        private Builder() {
        }

        /**
         * Sends the calls of the conditions that {@code mode} has a batch client for (by condition name) through
         * their providers' batch APIs; the other conditions are answered synchronously. See {@link BatchMode}.
         */
        public Builder batch(BatchMode mode) {
            this.batchMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The run's folder, created when absent; the same folder resumes the run. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The dialogues to answer; ids must be unique. */
        public Builder dialogues(Collection<Dialogue> dialogues) {
            this.dialogues = Objects.requireNonNull(dialogues, "dialogues");
            return this;
        }

        /** Adds a condition; names must be unique. */
        public Builder condition(Condition condition) {
            conditions.add(Objects.requireNonNull(condition, "condition"));
            return this;
        }

        /** Adds conditions in order. */
        public Builder conditions(Collection<Condition> conditions) {
            conditions.forEach(this::condition);
            return this;
        }

        /**
         * A description of where the dialogues come from (file, its hash, filters), recorded in
         * {@code run.json}. The run adds a hash of the dialogues' content itself.
         */
        public Builder dataset(String description) {
            this.datasetDescription = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The seed and size the dialogues were sampled with, recorded in {@code run.json}. */
        public Builder sample(long seed, int size) {
            this.sampleSeed = seed;
            this.sampleSize = size;
            return this;
        }

        /** Calls in flight at most on each lane without its own setting (default 8). */
        public Builder concurrency(int concurrency) {
            scheduling = scheduling.withConcurrency(concurrency);
            return this;
        }

        /**
         * Calls in flight at most on each lane of one provider (the spec's prefix, such as {@code openai}).
         *
         * @throws IllegalArgumentException when {@code concurrency} is below 1
         */
        public Builder concurrency(String provider, int concurrency) {
            scheduling = scheduling.withConcurrency(provider, concurrency);
            return this;
        }

        /**
         * Limits the calls of each lane of one provider (the spec's prefix, such as {@code openai}), shared by all
         * its conditions (and judges); replaces the default {@link #rateLimit(int, long)} for that provider.
         *
         * @param provider the provider key, see {@link Condition#provider()}
         * @param requestsPerMinute requests a minute, 0 for no limit
         * @param tokensPerMinute input plus output tokens a minute, 0 for no limit
         */
        public Builder rateLimit(String provider, int requestsPerMinute, long tokensPerMinute) {
            scheduling = scheduling.withRateLimit(provider, requestsPerMinute, tokensPerMinute);
            return this;
        }

        /** Limits the calls of each lane without its own limit (default none); 0 means no limit. */
        public Builder rateLimit(int requestsPerMinute, long tokensPerMinute) {
            scheduling = scheduling.withRateLimit(requestsPerMinute, tokensPerMinute);
            return this;
        }

        /**
         * How long a lane refused with HTTP 429 may go without a success before its refused items fail (default 10
         * minutes); 429s never use up an item's retries.
         */
        public Builder patience(Duration patience) {
            scheduling = scheduling.withPatience(Objects.requireNonNull(patience, "patience"));
            return this;
        }

        /** How failed calls are retried (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * A folder of cached replies shared across runs and processes, {@value ResponseCache#FILE_NAME} in it (see
         * {@link Condition} and {@link ResponseCache}); {@code null}, the default, switches the cache off.
         */
        public Builder cacheDirectory(Path directory) {
            this.cacheDirectory = directory;
            return this;
        }

        /**
         * What calls cost (default {@link Pricing#NONE}: unknown); each call's cost is journaled ({@code costUsd}).
         */
        public Builder pricing(Pricing pricing) {
            this.pricing = Objects.requireNonNull(pricing, "pricing");
            return this;
        }

        /**
         * The most the run may have spent, in US dollars, counting the costs already journaled in the folder
         * ({@code null}, the default: no budget). Before each call its worst case is reserved (its input tokens at
         * most, see {@link Pricing}, and the spec's {@code maxTokens}, at the spec's price) and settled to the real
         * cost after; a call whose reservation does not fit is not made and execution stops cleanly (see
         * {@link BudgetExhaustedException}). Every model needs a price and a {@code maxTokens}, else execution is
         * refused before any call.
         *
         * @throws IllegalArgumentException when the budget is negative
         */
        public Builder budget(BigDecimal dollars) {
            this.budget = Budget.checked(dollars);
            return this;
        }

        /**
         * Receives progress when the run starts, after each finished item and after each retry.
         * Calls come from the run's threads but never at the same time, in order, so {@code done}
         * and the counts never decrease; keep it quick, since the run waits for it. A listener that
         * throws is logged and otherwise ignored.
         */
        public Builder progressListener(Consumer<Progress> listener) {
            this.progressListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * The run.
         *
         * @throws NullPointerException when the output directory or the dialogues are missing
         * @throws IllegalArgumentException when there is no condition, or names or ids repeat
         */
        public Run build() {
            return new Run(this);
        }
    }
}
