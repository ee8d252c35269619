package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.ChatMessage;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

/** Answering, the engine's task of a {@link Run}: one call per condition and dialogue without a reply. */
final class AnswerTask extends Engine.Task<Reply> {

    private final Run run;
    private final TimeSource time;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    /** Answers with usage and their output tokens, by condition, as the journal is read. */
    private final Map<String, long[]> outputTokens = new HashMap<>();
    private Journal<Reply> journal;
    private long skipped;

    AnswerTask(Run run) {
        this.run = run;
        this.time = run.time();
    }

    /** Executes the run with the engine. */
    RunResult execute() {
        Engine.Outcome outcome = new Engine(run.scheduling(), run.retryPolicy(), run.cacheDirectory(),
                run.progressListener(), time, "empathy-run").budget(run.budget(), run.pricing(),
                run.conditions().stream().filter(c -> c.prompt() != null).map(Condition::spec).toList())
                .execute(this);
        return new RunResult(answered.get(), cached.get(), (int) skipped, outcome.retries(),
                outcome.failures().stream().map(RunResult.Failure.class::cast).toList(), outcome.elapsed(),
                run.outputDirectory().resolve(ReplyJournal.FILE_NAME));
    }

    @Override
    Path directory() {
        return run.outputDirectory();
    }

    @Override
    Journal.Kind<Reply> journal() {
        return ReplyJournal.KIND;
    }

    @Override
    String failuresFile() {
        return Run.FAILURES_FILE;
    }

    @Override
    BatchMode batchMode() {
        return run.batchMode();
    }

    @Override
    void opened() {
        byte[] dialogues = RunManifest.canonical(run.dialogues()); // serialized once: hashed, then written
        RunManifest.writeOrCheck(run.outputDirectory(), RunManifest.of(run, time.now(), dialogues));
        RunManifest.writeDialogues(run.outputDirectory(), dialogues);
    }

    /** Estimates the run without a call or a write. */
    Estimate estimate() {
        return Engine.estimate(this, run.pricing(), Estimate.DEFAULT_ANSWER_TOKENS);
    }

    @Override
    void resumed(Reply reply) {
        // the journal keeps the keys; the output tokens of answers with usage, for an estimate
        if (reply.usage().totalTokens() > 0) {
            outputTokens.computeIfAbsent(reply.condition(), c -> new long[2]);
            long[] tally = outputTokens.get(reply.condition());
            tally[0]++;
            tally[1] += reply.usage().outputTokens();
        }
    }

    @Override
    OptionalDouble meanOutputTokens(String condition) {
        long[] tally = outputTokens.get(condition);
        return tally == null ? OptionalDouble.empty() : OptionalDouble.of(tally[1] / (double) tally[0]);
    }

    @Override
    BigDecimal cost(Reply reply) {
        return reply.cost();
    }

    @Override
    Engine.Plan plan(Journal<Reply> opened) {
        this.journal = opened;
        List<Engine.Item> items = new ArrayList<>();
        long total = 0;
        for (Dialogue d : run.dialogues()) {
            for (Condition c : run.conditions()) {
                if (c.respondent() instanceof HumanReference && d.humanReply() == null) {
                    continue; // the human reference answers only the dialogues that have a human reply
                }
                total++;
                if (journal.contains(ReplyJournal.key(c.name(), d.id()))) {
                    skipped++;
                } else {
                    items.add(new Engine.Item(List.of(new Call(c, d)), () -> { }));
                }
            }
        }
        return new Engine.Plan(items, total, skipped);
    }

    /** One condition answering one dialogue. */
    private final class Call extends Engine.Unit<Reply> {

        private final Condition condition;
        private final Dialogue dialogue;
        /** {@link #tokenEstimate()} once known, else negative. */
        private volatile double tokenEstimate = -1;

        Call(Condition condition, Dialogue dialogue) {
            super(Lane.of(condition.respondent(), condition.spec()));
            this.condition = condition;
            this.dialogue = dialogue;
        }

        @Override
        String what() {
            return "condition " + condition.name() + ", dialogue " + dialogue.id();
        }

        @Override
        String group() {
            return condition.name();
        }

        @Override
        String spec() {
            return condition.spec();
        }

        @Override
        long seed() {
            return ((long) condition.name().hashCode() << 32) ^ (dialogue.id().hashCode() & 0xFFFFFFFFL);
        }

        @Override
        List<ChatMessage> messages() {
            return condition.prompt() == null ? null : condition.prompt().render(dialogue);
        }

        @Override
        String batchClient() {
            return condition.prompt() == null ? null : condition.name();
        }

        @Override
        String journalKey() {
            return ReplyJournal.key(condition.name(), dialogue.id());
        }

        @Override
        Reply value(Answer answer) {
            return reply(answer);
        }

        /** The prompt's characters / 4, from one rendering: the engine asks before and after the call. */
        @Override
        double tokenEstimate() {
            double estimate = tokenEstimate;
            if (estimate < 0) {
                List<ChatMessage> messages = messages();
                estimate = messages == null ? 0 : messages.stream().mapToInt(m -> m.text().length()).sum() / 4.0;
                tokenEstimate = estimate;
            }
            return estimate;
        }

        @Override
        long tokens(Reply reply) {
            return reply.usage().totalTokens();
        }

        /** The condition's spec; none for a condition without a prompt (the human reference, a replay): no call. */
        @Override
        String pricedSpec() {
            return condition.prompt() == null ? null : condition.spec();
        }

        @Override
        TokenUsage worstUsage(long maxOutputTokens) {
            return new TokenUsage(inputBound(messages()), maxOutputTokens);
        }

        @Override
        BigDecimal cost(Reply recorded) {
            return recorded.cost();
        }

        private String cacheKey() {
            List<ChatMessage> messages = messages();
            return messages == null ? null : ResponseCache.key(condition.spec(), condition.parameters(), messages);
        }

        @Override
        Reply lookup(ResponseCache cache) {
            String key = cacheKey();
            return key == null ? null : cache.get(key, condition.name(), dialogue.id(), condition.parameters());
        }

        @Override
        void store(ResponseCache cache, Reply reply) {
            String key = cacheKey();
            if (key != null) {
                cache.put(key, condition.spec(), reply);
            }
        }

        @Override
        Reply call() {
            Answer answer = condition.respondent().respond(dialogue);
            if (answer == null) {
                throw new EmpathyException("the respondent returned no answer");
            }
            return reply(answer);
        }

        private Reply reply(Answer answer) {
            String model = answer.model().isBlank() ? condition.spec() : answer.model();
            // latency and attempts are filled in by succeeded
            return new Reply(condition.name(), dialogue.id(), answer.text(), answer.finishReason(), model,
                    condition.parameters(), answer.usage(), Duration.ZERO, 1, time.now());
        }

        @Override
        Reply succeeded(Reply reply, int attempts, Duration latency, boolean fromCache) {
            // a cache hit and the human reference cost nothing: no call was made
            Reply recorded = fromCache ? reply.withCost(BigDecimal.ZERO) : new Reply(reply.condition(),
                    reply.dialogueId(), reply.text(), reply.finishReason(), reply.model(), reply.parameters(),
                    reply.usage(), latency, attempts, time.now(), priced(reply));
            journal.append(recorded);
            (fromCache ? cached : answered).incrementAndGet();
            return recorded;
        }

        private BigDecimal priced(Reply reply) {
            if (condition.respondent() instanceof HumanReference) {
                return BigDecimal.ZERO;
            }
            return run.pricing().cost(condition.spec(), reply.model(), reply.usage(), batched()).orElse(null);
        }

        @Override
        Record failure(RuntimeException e, String error, int attempts, boolean untried) {
            return new RunResult.Failure(condition.name(), dialogue.id(),
                    untried ? "not answered, the run stopped: " + error : error, attempts);
        }

        @Override
        String stopMessage(RuntimeException e) {
            return "condition '" + condition.name() + "' (" + condition.spec() + "): " + e.getMessage()
                    + ". The run stopped; the replies so far are in "
                    + run.outputDirectory().resolve(ReplyJournal.FILE_NAME)
                    + ". Fix the problem and run the same command again to resume.";
        }
    }
}
