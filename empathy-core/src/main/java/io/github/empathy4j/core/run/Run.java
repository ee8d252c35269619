package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Items run on at most {@code concurrency} threads. A call that throws a retriable
 * {@link io.github.empathy4j.core.ProviderException} is retried according to the
 * {@link RetryPolicy}; a non-retriable one, or the last failed attempt, makes the item a
 * {@link RunResult.Failure} and the run goes on. An
 * {@link io.github.empathy4j.core.AuthenticationException} or
 * {@link io.github.empathy4j.core.ConfigurationException} stops the whole run, since every other
 * item would fail alike: no new call starts, calls in flight finish and are journaled, the items
 * left without a reply are written to {@code failures.jsonl} with the reason, and
 * {@link #execute()} throws it with the condition named. Any other exception from a respondent
 * fails only its item. After {@value Execution.Reachability#LIMIT} connection failures in a row to
 * one provider (refused, unknown host, no route: a
 * {@link io.github.empathy4j.core.ProviderUnreachableException} or such a cause) that provider's
 * remaining items fail at once, without a call, and one warning says so; the other providers go
 * on. Failure messages pass through {@link io.github.empathy4j.core.Secrets#redact(String)}.
 *
 * <p>The human reference ({@link Condition#humanReference()}) answers only the dialogues that have
 * a human reply; for the others it has no item.
 *
 * <p>Rate limits apply per provider ({@link Condition#provider()}), shared by its conditions.
 * Requests are taken before each call. Tokens are known only after a call, so each call takes an
 * estimate before (the prompt's characters / 4, or nothing without a prompt) and is charged the
 * difference to the reported usage after; the resulting debt delays later calls.
 *
 * <p>Instances are immutable; {@link #execute()} may be called again (it resumes).
 */
public final class Run {

    /** The run's dialogues inside the output folder, as {@link io.github.empathy4j.core.dataset.DialogueJsonl}. */
    public static final String DIALOGUES_FILE = RunDirectory.DIALOGUES;

    /** The file of the latest execution's failures inside the output folder. */
    public static final String FAILURES_FILE = RunDirectory.FAILURES;

    /** A provider's limits; zero means unlimited. */
    record RateLimit(int requestsPerMinute, long tokensPerMinute) {
    }

    private final Path outputDirectory;
    private final List<Dialogue> dialogues;
    private final List<Condition> conditions;
    private final String datasetDescription;
    private final Long sampleSeed;
    private final Integer sampleSize;
    private final int concurrency;
    private final Map<String, RateLimit> rateLimits;
    private final RetryPolicy retryPolicy;
    private final Path cacheDirectory;
    private final Consumer<Progress> progressListener;
    private final TimeSource time;

    private Run(Builder b) {
        this.outputDirectory = Objects.requireNonNull(b.outputDirectory, "outputDirectory");
        this.dialogues = List.copyOf(Objects.requireNonNull(b.dialogues, "dialogues"));
        this.conditions = List.copyOf(b.conditions);
        this.datasetDescription = b.datasetDescription;
        this.sampleSeed = b.sampleSeed;
        this.sampleSize = b.sampleSize;
        this.concurrency = b.concurrency;
        this.rateLimits = Map.copyOf(b.rateLimits);
        this.retryPolicy = b.retryPolicy;
        this.cacheDirectory = b.cacheDirectory;
        this.progressListener = b.progressListener;
        this.time = b.time;
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
     * Answers every item not yet answered in the output folder, and returns what this execution did
     * together with every reply of the run.
     *
     * @throws io.github.empathy4j.core.ConfigurationException when the folder holds another run, another
     *         process is writing it, the response cache is not a readable database, or a respondent reported a
     *         configuration problem
     * @throws io.github.empathy4j.core.AuthenticationException when a provider rejected the credentials
     * @throws io.github.empathy4j.core.BadInputException when {@code responses.jsonl} has a bad line before its last
     * @throws java.io.UncheckedIOException when the folder cannot be read or written
     */
    public RunResult execute() {
        return new Execution(this).run();
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

    int concurrency() {
        return concurrency;
    }

    Map<String, RateLimit> rateLimits() {
        return rateLimits;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    Path cacheDirectory() {
        return cacheDirectory;
    }

    Consumer<Progress> progressListener() {
        return progressListener;
    }

    TimeSource time() {
        return time;
    }

    /** Collects a run's settings; not thread-safe. */
    public static final class Builder {

        private Path outputDirectory;
        private Collection<Dialogue> dialogues;
        private final List<Condition> conditions = new ArrayList<>();
        private String datasetDescription = "";
        private Long sampleSeed;
        private Integer sampleSize;
        private int concurrency = 8;
        private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Path cacheDirectory;
        private Consumer<Progress> progressListener = p -> { };
        private TimeSource time = TimeSource.SYSTEM;

        private Builder() {
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

        /** Calls in flight at most (default 8). */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /**
         * Limits the calls of one provider (the spec's prefix, such as {@code openai}), shared by all
         * its conditions.
         *
         * @param provider the provider key, see {@link Condition#provider()}
         * @param requestsPerMinute requests a minute, 0 for no limit
         * @param tokensPerMinute input plus output tokens a minute, 0 for no limit
         */
        public Builder rateLimit(String provider, int requestsPerMinute, long tokensPerMinute) {
            Objects.requireNonNull(provider, "provider");
            if (requestsPerMinute < 0 || tokensPerMinute < 0) {
                throw new IllegalArgumentException("rate limits must not be negative, were " + requestsPerMinute
                        + " requests and " + tokensPerMinute + " tokens per minute for " + provider);
            }
            rateLimits.put(provider, new RateLimit(requestsPerMinute, tokensPerMinute));
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
