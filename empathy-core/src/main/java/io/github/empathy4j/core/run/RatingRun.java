package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rates every reply on every dimension of a scale with one or more {@link Rater}s, and journals each
 * rating in {@code ratings.jsonl} of an output folder (see {@link RatingJournal}) as it arrives.
 *
 * <pre>{@code
 * RatingResult result = RatingRun.builder()
 *         .outputDirectory(run)
 *         .dialogues(DialogueJsonl.read(run.resolve(Run.DIALOGUES_FILE)).dialogues())
 *         .repliesFrom(run)                              // the run's responses.jsonl, read lazily
 *         .scale(RatingScale.STUDY)
 *         .rater("openai:gpt-4o", gpt4o)
 *         .rater("gemini:gemini-1.5-pro", gemini)
 *         .rater("mistral:mistral-large-latest", mistral)
 *         .combine(Combination.MAJORITY, "panel-majority")
 *         .seed(7)
 *         .concurrency("openai", 16)
 *         .build()
 *         .execute();
 * }</pre>
 *
 * <p>An item is one reply on one dimension. Only answers are rated: an empty reply or a refusal
 * ({@link Reply#outcome()}) is never sent to a rater; {@link RatingResult#empty()} and
 * {@link RatingResult#refused()} count them. Each rater rates an item once; when raters are combined, the
 * combined rating is journaled too, under the combined name, as soon as every rater has rated the item
 * (an item some rater failed gets no combined rating until a re-run completes it), exactly once, also across
 * resumes. The rationale of a combined rating lists each rater's value.
 *
 * <p>Judges are scheduled as a {@link Run}'s respondents are: each rater call is its own unit of work on the
 * rater's {@link Lane} (shared with respondents of that provider), with the lane's concurrency, rate limits,
 * pacing and patience, so a panel's raters rate an item in parallel. With a {@link Builder#cacheDirectory cache},
 * a rater's score is cached by its name (a judge's spec), the scale and dimension, the dialogue and the reply.
 *
 * <p>Blind rating: a rater gets a copy of the reply whose condition and model read {@value #BLINDED},
 * without parameters, so that it cannot tell which condition produced the reply. The items start in
 * an order shuffled with the seed, so that no condition is rated first (with several threads the
 * order of completion varies).
 *
 * <p>Resuming, retries, patience and stops work as in {@link Run}: executing again in the same folder skips
 * ratings the journal holds, cuts a torn last line and never duplicates; a retriable
 * {@link io.github.empathy4j.core.ProviderException} is retried according to the {@link RetryPolicy};
 * an {@link io.github.empathy4j.core.AuthenticationException} or
 * {@link io.github.empathy4j.core.ConfigurationException} stops the execution (the ratings left unmade are
 * written to {@value #FAILURES_FILE} with the reason); a judge that cannot be reached a few times in a row is
 * given up as a provider is in a {@link Run}. A rater's answer that
 * is not a level ({@link io.github.empathy4j.core.UnparseableRatingException}), a value outside the
 * dimension, or any other failure is written to {@value #FAILURES_FILE} with the raw answer when there
 * is one, never as a rating. Several rating runs with different raters may share one folder.
 *
 * <p>Batch mode ({@link Builder#batch}): the judges that are {@link Rater.Prompted} with a provider's batch client
 * rate through batches (recorded in {@value RunDirectory#RATING_BATCHES}); see {@link BatchMode}.
 *
 * <p>Instances are immutable; {@link #execute()} may be called again (it resumes).
 */
public final class RatingRun {

    /** The file of the latest execution's failed ratings inside the output folder. */
    public static final String FAILURES_FILE = RunDirectory.RATING_FAILURES;

    /** What a rater sees in place of the reply's condition and model. */
    public static final String BLINDED = "blinded";

    /**
     * The input tokens a {@linkplain Builder#budget budget} allows for a rater's own instructions beside the
     * dialogue, the reply and the dimension's question and levels (the built-in judge's take about 300); and for a
     * pairwise judge's beside the dialogue and the two replies ({@link PairwiseRun}).
     */
    public static final int RATER_INSTRUCTIONS_TOKENS = 1000;

    private final Path outputDirectory;
    private final Map<String, Dialogue> dialogues;
    private final List<Reply> replies;
    private final Path repliesFile;
    private final RatingScale scale;
    private final Map<String, Rater> raters;
    private final Combination combination;
    private final String combinedName;
    private final long seed;
    private final Scheduling scheduling;
    private final RetryPolicy retryPolicy;
    private final Path cacheDirectory;
    private final Pricing pricing;
    private final BigDecimal budget;
    private final Consumer<Progress> progressListener;
    private final TimeSource time;
    private final BatchMode batchMode;

    private RatingRun(Builder b) {
        this.outputDirectory = Objects.requireNonNull(b.outputDirectory, "outputDirectory");
        Objects.requireNonNull(b.dialogues, "dialogues");
        if (b.replies == null && b.repliesFile == null) {
            throw new NullPointerException("replies");
        }
        if (b.replies != null && b.repliesFile != null) {
            throw new IllegalArgumentException("give the replies either as a list or as a journal, not both");
        }
        this.replies = b.replies == null ? List.of() : List.copyOf(b.replies);
        this.repliesFile = b.repliesFile;
        this.scale = b.scale;
        this.raters = Collections.unmodifiableMap(new LinkedHashMap<>(b.raters));
        this.combination = b.combination;
        this.combinedName = b.combinedName;
        this.seed = b.seed;
        this.scheduling = b.scheduling;
        this.retryPolicy = b.retryPolicy;
        this.cacheDirectory = b.cacheDirectory;
        this.pricing = b.pricing;
        this.budget = b.budget;
        this.progressListener = b.progressListener;
        this.time = b.time;
        this.batchMode = b.batchMode;
        if (raters.isEmpty()) {
            throw new IllegalArgumentException("a rating run needs at least one rater");
        }
        if (combination != null && raters.size() < 2) {
            throw new IllegalArgumentException("combining needs at least two raters, there is " + raters.size());
        }
        if (combination != null && raters.containsKey(combinedName)) {
            throw new IllegalArgumentException("the combined rater's name '" + combinedName
                    + "' is also a rater's name; choose another");
        }
        Map<String, Dialogue> byId = new HashMap<>();
        for (Dialogue d : b.dialogues) {
            byId.put(d.id(), d);
        }
        Set<String> seen = new HashSet<>();
        for (Reply r : replies) {
            if (!byId.containsKey(r.dialogueId())) {
                throw new IllegalArgumentException("the reply of condition '" + r.condition() + "' to dialogue '"
                        + r.dialogueId() + "' has no dialogue among the " + byId.size() + " given");
            }
            if (!seen.add(r.condition() + '\u0000' + r.dialogueId())) {
                throw new IllegalArgumentException("condition '" + r.condition() + "' has two replies to dialogue '"
                        + r.dialogueId() + "'");
            }
        }
        this.dialogues = Map.copyOf(byId);
    }

    /**
     * A builder; {@link Builder#outputDirectory}, {@link Builder#dialogues}, {@link Builder#replies} and
     * one rater are required.
     */
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
        return new RatingTask(this).estimate();
    }

    /**
     * Rates every item not yet rated in the output folder, and returns what this execution did
     * with a lazy reader of the raters' ratings.
     *
     * @throws io.github.empathy4j.core.ConfigurationException when another process is writing the folder's
     *         ratings, or a rater reported a configuration problem
     * @throws io.github.empathy4j.core.AuthenticationException when a provider rejected the credentials
     * @throws io.github.empathy4j.core.BadInputException when {@code ratings.jsonl} has a bad line before its last,
     *         or the replies' journal is missing, has a bad line, or a reply without a dialogue
     * @throws java.io.UncheckedIOException when the folder cannot be read or written
     */
    public RatingResult execute() {
        return new RatingTask(this).execute();
    }

    /** The folder holding {@code ratings.jsonl} and {@value #FAILURES_FILE}. */
    public Path outputDirectory() {
        return outputDirectory;
    }

    /** The raters by name, in the order they were added. */
    public Map<String, Rater> raters() {
        return raters;
    }

    Map<String, Dialogue> dialogues() {
        return dialogues;
    }

    List<Reply> replies() {
        return replies;
    }

    /** The replies' journal, or {@code null} when the replies were given as a list. */
    Path repliesFile() {
        return repliesFile;
    }

    Path cacheDirectory() {
        return cacheDirectory;
    }

    RatingScale scale() {
        return scale;
    }

    Combination combination() {
        return combination;
    }

    String combinedName() {
        return combinedName;
    }

    long seed() {
        return seed;
    }

    Scheduling scheduling() {
        return scheduling;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
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

    /** Collects a rating run's settings; not thread-safe. */
    public static final class Builder {

        private Path outputDirectory;
        private Collection<Dialogue> dialogues;
        private Collection<Reply> replies;
        private Path repliesFile;
        private RatingScale scale = RatingScale.STUDY;
        private final Map<String, Rater> raters = new LinkedHashMap<>();
        private Combination combination;
        private String combinedName;
        private long seed = 1;
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
         * Sends the calls of the raters that {@code mode} has a batch client for (by rater name) and that are
         * {@link Rater.Prompted} through their providers' batch APIs; the other raters rate synchronously. See
         * {@link BatchMode}.
         */
        public Builder batch(BatchMode mode) {
            this.batchMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The folder of {@code ratings.jsonl}, created when absent; usually the run's folder. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The dialogues the replies answer; each reply's dialogue must be among them. */
        public Builder dialogues(Collection<Dialogue> dialogues) {
            this.dialogues = Objects.requireNonNull(dialogues, "dialogues");
            return this;
        }

        /** The replies to rate, one per condition and dialogue; or see {@link #repliesFrom(Path)}. */
        public Builder replies(Collection<Reply> replies) {
            this.replies = Objects.requireNonNull(replies, "replies");
            return this;
        }

        /**
         * Rates the replies of a run's journal instead of a list: a run's folder (its {@code responses.jsonl}) or
         * the journal file. The journal is read when the rating executes, keeping only each reply's key and where
         * its line starts; a reply's text is read back when it is rated.
         */
        public Builder repliesFrom(Path runFolderOrJournal) {
            Objects.requireNonNull(runFolderOrJournal, "runFolderOrJournal");
            this.repliesFile = java.nio.file.Files.isDirectory(runFolderOrJournal)
                    ? runFolderOrJournal.resolve(ReplyJournal.FILE_NAME) : runFolderOrJournal;
            return this;
        }

        /** The scale whose every dimension is rated (default {@link RatingScale#STUDY}). */
        public Builder scale(RatingScale scale) {
            this.scale = Objects.requireNonNull(scale, "scale");
            return this;
        }

        /**
         * Adds a rater under a name written with each of its ratings, such as a judge's model spec;
         * names must be unique.
         */
        public Builder rater(String name, Rater rater) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rater, "rater");
            if (name.isBlank() || raters.putIfAbsent(name, rater) != null) {
                throw new IllegalArgumentException("rater names must be unique and not blank; '" + name + "' is not");
            }
            return this;
        }

        /**
         * Also journals the raters' combined rating of each item under {@code name}; needs two raters
         * or more. Off by default.
         */
        public Builder combine(Combination combination, String name) {
            this.combination = Objects.requireNonNull(combination, "combination");
            this.combinedName = Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("the combined rater needs a name");
            }
            return this;
        }

        /** The seed of the order items start in (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Calls in flight at most on each lane without its own setting (default 8); see {@link Run.Builder}. */
        public Builder concurrency(int concurrency) {
            scheduling = scheduling.withConcurrency(concurrency);
            return this;
        }

        /** Calls in flight at most on each lane of one provider; see {@link Run.Builder#concurrency(String, int)}. */
        public Builder concurrency(String provider, int concurrency) {
            scheduling = scheduling.withConcurrency(provider, concurrency);
            return this;
        }

        /** Limits each lane of one provider; see {@link Run.Builder#rateLimit(String, int, long)}. */
        public Builder rateLimit(String provider, int requestsPerMinute, long tokensPerMinute) {
            scheduling = scheduling.withRateLimit(provider, requestsPerMinute, tokensPerMinute);
            return this;
        }

        /** Limits each lane without its own limit; see {@link Run.Builder#rateLimit(int, long)}. */
        public Builder rateLimit(int requestsPerMinute, long tokensPerMinute) {
            scheduling = scheduling.withRateLimit(requestsPerMinute, tokensPerMinute);
            return this;
        }

        /** The patience with a lane refused with HTTP 429; see {@link Run.Builder#patience(Duration)}. */
        public Builder patience(Duration patience) {
            scheduling = scheduling.withPatience(Objects.requireNonNull(patience, "patience"));
            return this;
        }

        /**
         * A folder of cached answers shared across runs and processes, as {@link Run.Builder#cacheDirectory}: here
         * the raters' scores; {@code null}, the default, switches the cache off.
         */
        public Builder cacheDirectory(Path directory) {
            this.cacheDirectory = directory;
            return this;
        }

        /** How failed calls are retried (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
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
         * The most the rating may have spent, in US dollars, counting the costs already journaled in the folder
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
         * Receives progress (items are replies times dimensions) when the execution starts, after each
         * finished item and after each retry; see {@link Run.Builder#progressListener}.
         */
        public Builder progressListener(Consumer<Progress> listener) {
            this.progressListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The scheduling set so far, which a {@link PairwiseRun.Builder#scheduling} takes. */
        Scheduling scheduling() {
            return scheduling;
        }

        Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * The rating run.
         *
         * @throws NullPointerException when the output directory, dialogues or replies are missing
         * @throws IllegalArgumentException when there is no rater, the replies are given twice, a reply
         *         has no dialogue or repeats, or the combination lacks raters or reuses a rater's name
         */
        public RatingRun build() {
            return new RatingRun(this);
        }
    }
}
