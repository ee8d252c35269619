package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Judges a run's replies in pairs: for each dialogue, each pair of conditions (each condition against the baseline,
 * or every pair) and each judge, the judge compares the two replies <b>in both orders</b>, and each verdict is
 * journaled in {@code pairwise.jsonl} of the output folder (see {@link PairwiseJournal}) as it arrives.
 *
 * <pre>{@code
 * PairwiseResult result = PairwiseRun.builder()
 *         .outputDirectory(run)
 *         .dialogues(DialogueJsonl.read(run.resolve(RunDirectory.DIALOGUES)).dialogues())
 *         .repliesFrom(run)
 *         .judge(judge.name(), judge, "openai")
 *         .authors(Map.of("human", "human", "gpt-4", "openai"))
 *         .baseline("human")
 *         .build()
 *         .execute();
 * }</pre>
 *
 * <p><b>Blinding.</b> A judge gets the dialogue and the two texts only ({@link PairwiseJudge}), as "Response A"
 * (shown first) and "Response B"; never a condition or a model. <b>Length control.</b> With
 * {@link Builder#maxWords(int)} both texts are cut to their first {@code N} words before the judge sees them; the
 * journal records {@code N} and each reply's full length. Only answers are compared: a pair whose reply is missing,
 * empty or refused is counted in {@link PairwiseResult#unanswered()}, never judged.
 *
 * <p>Judges are scheduled as {@link RatingRun}'s raters are: each verdict is its own call on the judge's
 * {@link Lane} (shared with respondents and raters of that provider), with its concurrency, rate limits, pacing,
 * patience and retries, and with a {@link Builder#cacheDirectory cache} a verdict is cached by the judge's name,
 * the dialogue, the two texts in their order and the length limit. Resuming works as for ratings: executing again
 * skips the verdicts the journal holds, exactly once, also after a kill; failures go to {@value #FAILURES_FILE}.
 * A journal written with another length limit is refused.
 *
 * <p>Cost works as for ratings: with {@link Builder#pricing} each verdict journals what its call cost
 * ({@code costUsd}; zero for a cached verdict), a {@link Builder#budget} stops the judging cleanly (resumable) before
 * it would be exceeded, and {@link #estimate()} tells what executing would call and cost, without a call.
 *
 * <p>Instances are immutable; {@link #execute()} may be called again (it resumes).
 */
public final class PairwiseRun {

    /** The file of the latest execution's failed verdicts inside the output folder. */
    public static final String FAILURES_FILE = RunDirectory.PAIRWISE_FAILURES;

    /** The default baseline condition: the dataset's human replies. */
    public static final String HUMAN = "human";

    private final Path outputDirectory;
    private final Map<String, Dialogue> dialogues;
    private final List<Reply> replies;
    private final Path repliesFile;
    private final Map<String, PairwiseJudge> judges;
    private final Map<String, String> families;
    private final Map<String, String> authors;
    private final String baseline;
    private final boolean allPairs;
    private final int maxWords;
    private final long seed;
    private final Scheduling scheduling;
    private final RetryPolicy retryPolicy;
    private final Path cacheDirectory;
    private final Pricing pricing;
    private final BigDecimal budget;
    private final Consumer<Progress> progressListener;
    private final TimeSource time;

    private PairwiseRun(Builder b) {
        this.outputDirectory = Objects.requireNonNull(b.outputDirectory, "outputDirectory");
        Objects.requireNonNull(b.dialogues, "dialogues");
        if (b.replies == null && b.repliesFile == null) {
            throw new NullPointerException("replies");
        }
        if (b.replies != null && b.repliesFile != null) {
            throw new IllegalArgumentException("give the replies either as a list or as a journal, not both");
        }
        if (b.judges.isEmpty()) {
            throw new IllegalArgumentException("a pairwise run needs at least one judge");
        }
        this.replies = b.replies == null ? List.of() : List.copyOf(b.replies);
        this.repliesFile = b.repliesFile;
        this.judges = Collections.unmodifiableMap(new LinkedHashMap<>(b.judges));
        this.families = Collections.unmodifiableMap(new HashMap<>(b.families));
        this.authors = Map.copyOf(b.authors);
        this.baseline = b.baseline;
        this.allPairs = b.allPairs;
        this.maxWords = b.maxWords;
        this.seed = b.seed;
        this.scheduling = b.scheduling;
        this.retryPolicy = b.retryPolicy;
        this.cacheDirectory = b.cacheDirectory;
        this.pricing = b.pricing;
        this.budget = b.budget;
        this.progressListener = b.progressListener;
        this.time = b.time;
        Map<String, Dialogue> byId = new HashMap<>();
        b.dialogues.forEach(d -> byId.put(d.id(), d));
        this.dialogues = Map.copyOf(byId);
    }

    /**
     * A builder; {@link Builder#outputDirectory}, {@link Builder#dialogues}, the replies and one judge are required.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What {@link #execute()} would call, estimated without a call or a write (the folder is left as it is, and the
     * response cache is not consulted): see {@link Estimate}. A judge's output is its spec's {@code maxTokens}, else
     * {@value Estimate#DEFAULT_RATING_TOKENS} tokens a verdict.
     *
     * @throws io.github.empathy4j.core.ConfigurationException when the baseline has no replies, or the journal was
     *         written with another length limit
     * @throws io.github.empathy4j.core.BadInputException when a journal in the folder has a bad line
     */
    public Estimate estimate() {
        return new PairwiseTask(this).estimate();
    }

    /**
     * Judges every pair not yet judged in the output folder, in both orders, and returns what this execution did
     * with a lazy reader of the judges' verdicts.
     *
     * @throws io.github.empathy4j.core.ConfigurationException when another process is writing the folder, the
     *         baseline has no replies, the journal was written with another length limit, or a judge reported a
     *         configuration problem
     * @throws io.github.empathy4j.core.AuthenticationException when a provider rejected the credentials
     * @throws io.github.empathy4j.core.BadInputException when {@code pairwise.jsonl} has a bad line before its last,
     *         or the replies' journal is missing, has a bad line, or a reply without a dialogue
     * @throws BudgetExhaustedException when the next call might exceed the {@linkplain Builder#budget budget}
     */
    public PairwiseResult execute() {
        return new PairwiseTask(this).execute();
    }

    /** The folder holding {@code pairwise.jsonl} and {@value #FAILURES_FILE}. */
    public Path outputDirectory() {
        return outputDirectory;
    }

    /** The judges by name, in the order they were added. */
    public Map<String, PairwiseJudge> judges() {
        return judges;
    }

    Map<String, Dialogue> dialogues() {
        return dialogues;
    }

    List<Reply> replies() {
        return replies;
    }

    Path repliesFile() {
        return repliesFile;
    }

    String family(String judge) {
        return families.get(judge);
    }

    String author(String condition) {
        return authors.get(condition);
    }

    String baseline() {
        return baseline;
    }

    boolean allPairs() {
        return allPairs;
    }

    int maxWords() {
        return maxWords;
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

    /** Collects a pairwise run's settings; not thread-safe. */
    public static final class Builder {

        private Path outputDirectory;
        private Collection<Dialogue> dialogues;
        private Collection<Reply> replies;
        private Path repliesFile;
        private final Map<String, PairwiseJudge> judges = new LinkedHashMap<>();
        private final Map<String, String> families = new HashMap<>();
        private Map<String, String> authors = Map.of(HUMAN, HUMAN);
        private String baseline = HUMAN;
        private boolean allPairs;
        private int maxWords;
        private long seed = 1;
        private Scheduling scheduling = Scheduling.DEFAULTS;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Path cacheDirectory;
        private Pricing pricing = Pricing.NONE;
        private BigDecimal budget;
        private Consumer<Progress> progressListener = p -> { };
        private TimeSource time = TimeSource.SYSTEM;

        private Builder() {
        }

        /** The folder of {@code pairwise.jsonl}, created when absent; usually the run's folder. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The dialogues the replies answer; each reply's dialogue must be among them. */
        public Builder dialogues(Collection<Dialogue> dialogues) {
            this.dialogues = Objects.requireNonNull(dialogues, "dialogues");
            return this;
        }

        /** The replies, one per condition and dialogue; or see {@link #repliesFrom(Path)}. */
        public Builder replies(Collection<Reply> replies) {
            this.replies = Objects.requireNonNull(replies, "replies");
            return this;
        }

        /**
         * Judges the replies of a run's journal: a run's folder (its {@code responses.jsonl}) or the journal file,
         * read when the run executes, keeping where each reply's line starts; a text is read back when judged.
         */
        public Builder repliesFrom(Path runFolderOrJournal) {
            Objects.requireNonNull(runFolderOrJournal, "runFolderOrJournal");
            this.repliesFile = Files.isDirectory(runFolderOrJournal)
                    ? runFolderOrJournal.resolve(ReplyJournal.FILE_NAME) : runFolderOrJournal;
            return this;
        }

        /**
         * Adds a judge under a name written with each of its verdicts (its model spec), with its model family
         * ({@code null} when unknown), written with each verdict for self-preference; names must be unique.
         */
        public Builder judge(String name, PairwiseJudge judge, String family) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(judge, "judge");
            if (name.isBlank() || judges.putIfAbsent(name, judge) != null) {
                throw new IllegalArgumentException("judge names must be unique and not blank; '" + name + "' is not");
            }
            if (family != null) {
                families.put(name, family);
            }
            return this;
        }

        /**
         * Who wrote each condition's replies: {@code human} or a model family, written with each verdict; a
         * condition not in the map is written without (default: {@code human} wrote {@code human}).
         */
        public Builder authors(Map<String, String> authors) {
            this.authors = Map.copyOf(authors);
            return this;
        }

        /** The baseline condition (default {@value PairwiseRun#HUMAN}). */
        public Builder baseline(String baseline) {
            this.baseline = Objects.requireNonNull(baseline, "baseline");
            return this;
        }

        /** Judges every pair of conditions instead of each condition against the baseline only (default false). */
        public Builder allPairs(boolean allPairs) {
            this.allPairs = allPairs;
            return this;
        }

        /**
         * Cuts both replies to their first {@code words} words for the judge, against length bias; 0, the default,
         * shows them whole.
         */
        public Builder maxWords(int words) {
            if (words < 0) {
                throw new IllegalArgumentException("maxWords must be 0 (no limit) or more: " + words);
            }
            this.maxWords = words;
            return this;
        }

        /** The seed of the order items start in (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Takes the scheduling a rating run's builder holds: concurrency, rate limits and patience by provider. */
        public Builder scheduling(RatingRun.Builder settings) {
            this.scheduling = Objects.requireNonNull(settings, "settings").scheduling();
            return this;
        }

        /** A folder of cached answers shared across runs and processes; {@code null}, the default, is none. */
        public Builder cacheDirectory(Path directory) {
            this.cacheDirectory = directory;
            return this;
        }

        /**
         * What calls cost (default {@link Pricing#NONE}: unknown); each verdict's cost is journaled ({@code costUsd}).
         */
        public Builder pricing(Pricing pricing) {
            this.pricing = Objects.requireNonNull(pricing, "pricing");
            return this;
        }

        /**
         * The most the judging may have spent, in US dollars, counting the verdicts' costs already journaled in the
         * folder ({@code null}, the default: no budget); see {@link RatingRun.Builder#budget}. Every judge needs a
         * price and a {@code maxTokens}, else execution is refused before any call.
         *
         * @throws IllegalArgumentException when the budget is negative
         */
        public Builder budget(BigDecimal dollars) {
            this.budget = Budget.checked(dollars);
            return this;
        }

        /** How failed calls are retried (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Receives progress (an item is a pair of replies for one judge, in both orders). */
        public Builder progressListener(Consumer<Progress> listener) {
            this.progressListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * The pairwise run.
         *
         * @throws NullPointerException when the output directory, dialogues or replies are missing
         * @throws IllegalArgumentException when there is no judge, or the replies are given twice
         */
        public PairwiseRun build() {
            return new PairwiseRun(this);
        }
    }
}
