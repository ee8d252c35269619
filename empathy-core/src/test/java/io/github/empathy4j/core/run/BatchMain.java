package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.UnparseableRatingException;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs and ratings in batch mode for {@link BatchRunTest}, and its child process: {@code main(dir, fakeDir, run|rate,
 * count)} answers (or rates) in batch mode against a {@link FileBatchClient} whose batches never end, polling until
 * killed.
 */
final class BatchMain {

    static final Duration POLL = Duration.ofMillis(5);

    /** A price of 1 dollar a call, half of it in a batch. */
    static final Pricing PRICING = new Pricing() {
        @Override
        public Optional<BigDecimal> cost(String spec, String answeredModel, TokenUsage usage, boolean batch) {
            return Optional.of(batch ? new BigDecimal("0.50") : BigDecimal.ONE);
        }

        @Override
        public OptionalLong maxOutputTokens(String spec) {
            return OptionalLong.empty();
        }
    };

    private BatchMain() {
    }

    /** Conditions {@code batched} (through the batch client) and {@code sync} (answered by {@code sync}). */
    static Run run(Path directory, int count, BatchMode mode, Respondent batched, Respondent sync) {
        PromptTemplate template = PromptTemplate.defaultTemplate();
        return Run.builder().outputDirectory(directory).dialogues(Fixtures.dialogues(count))
                .condition(new Condition("batched", "fake:batched-1", Map.of(), template, batched))
                .condition(new Condition("sync", "other:sync-1", Map.of(), template, sync))
                .pricing(PRICING).batch(mode).build();
    }

    static BatchMode mode(Path fakeDir, String client, FileBatchClient.Outcome outcome) {
        return BatchMode.of(Map.of(client, new FileBatchClient(fakeDir, outcome))).pollInterval(POLL);
    }

    /** The last message of the prompt the default template renders for a dialogue. */
    static String prompt(Dialogue d) {
        List<ChatMessage> messages = PromptTemplate.defaultTemplate().render(d);
        return messages.get(messages.size() - 1).text();
    }

    /**
     * Rates {@code count} replies with judge {@code judge} (a {@link Rater.Prompted}, through the batch client) and
     * rater {@code sync}, combined as {@code panel}.
     */
    static RatingRun rating(Path directory, int count, BatchMode mode, Rater sync) {
        List<Dialogue> dialogues = Fixtures.dialogues(count);
        List<Reply> replies = dialogues.stream().map(d -> Reply.recorded("model", d.id(), Fixtures.answerText(d)))
                .toList();
        return RatingRun.builder().outputDirectory(directory).dialogues(dialogues).replies(replies)
                .rater("judge", new Judge()).rater("sync", sync).combine(Combination.MEAN, "panel")
                .pricing(PRICING).batch(mode).build();
    }

    /** A judge whose prompt is {@code "rate " + the reply} and which reads the first word of its answer as the level. */
    static final class Judge implements Rater.Prompted {

        @Override
        public Score rate(Dialogue dialogue, Reply reply, RatingScale.Dimension dimension) {
            throw new AssertionError("the judge is only called through a batch");
        }

        @Override
        public List<ChatMessage> messages(Dialogue dialogue, Reply reply, RatingScale.Dimension dimension) {
            return List.of(new ChatMessage(ChatMessage.Role.USER, "rate " + reply.text()));
        }

        @Override
        public Score score(Answer answer, RatingScale.Dimension dimension) {
            try {
                return new Score(Integer.parseInt(answer.text().split(" ")[0]), answer.text());
            } catch (NumberFormatException e) {
                throw new UnparseableRatingException("the judge's answer names no level", answer.text());
            }
        }
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        BatchMode mode = mode(Path.of(args[1]), args[2].equals("run") ? "batched" : "judge", FileBatchClient.ANSWER);
        int count = Integer.parseInt(args[3]);
        if (args[2].equals("run")) {
            run(dir, count, mode, d -> {
                throw new AssertionError("called synchronously");
            }, d -> Answer.of(Fixtures.answerText(d), "sync-1")).execute();
        } else {
            rating(dir, count, mode, (d, r, dim) -> new Score(dim.levels().get(0).code(), "sync")).execute();
        }
    }
}
