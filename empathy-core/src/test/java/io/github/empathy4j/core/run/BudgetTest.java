package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.rating.RatingScale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BudgetTest {

    /** Input is free and an output token costs $0.001, so a call's worst case is its maxTokens in tenths of cents. */
    private static final Pricing OUTPUT_PRICED = new Pricing() {
        @Override
        public Optional<BigDecimal> cost(String spec, String answeredModel, TokenUsage usage, boolean batch) {
            return spec.startsWith("unpriced") ? Optional.empty()
                    : Optional.of(new BigDecimal("0.001").multiply(BigDecimal.valueOf(usage.outputTokens())));
        }

        @Override
        public OptionalLong maxOutputTokens(String spec) {
            int q = spec.indexOf("?maxTokens=");
            return q < 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(spec.substring(q + 11)));
        }
    };

    @TempDir
    Path dir;

    /** Answers with {@code output} tokens after a short pause, counting its calls. */
    private static Respondent answering(AtomicInteger calls, java.util.function.IntSupplier output) {
        return d -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Answer(Fixtures.answerText(d), FinishReason.STOP, "m", new TokenUsage(40, output.getAsInt()));
        };
    }

    private Run run(String spec, Respondent respondent, int dialogues, String budget) {
        return Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(dialogues))
                .condition(new Condition("c", spec, Map.of(), PromptTemplate.defaultTemplate(), respondent))
                .concurrency(8).pricing(OUTPUT_PRICED).budget(new BigDecimal(budget)).build();
    }

    private static BigDecimal spent(List<Reply> replies) {
        return replies.stream().map(Reply::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aRunStopsAtItsBudgetWritesTheRestAsBudgetFailuresAndResumesWithALargerOne() {
        AtomicInteger calls = new AtomicInteger();
        // every call costs its worst case, 10 × $0.001: $0.055 pays for 5 of the 12
        Run small = run("fake:m?maxTokens=10", answering(calls, () -> 10), 12, "0.055");

        assertThatThrownBy(small::execute).isInstanceOf(BudgetExhaustedException.class)
                .hasMessageContaining("budget: $0.050000 of the $0.055 budget spent")
                .satisfies(e -> assertThat(((BudgetExhaustedException) e).spent()).isEqualByComparingTo("0.05"));
        List<Reply> replies = ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME));
        assertThat(replies).hasSize(5).allSatisfy(r -> assertThat(r.cost()).isEqualByComparingTo("0.010"));
        assertThat(calls).hasValue(5);
        assertThat(Fixtures.lines(dir.resolve(Run.FAILURES_FILE))).hasSize(7)
                .allSatisfy(l -> assertThat(l).contains("not answered, the run stopped: budget: "));

        // the budget counts what the journal spent: $0.10 pays for 5 more, not 10
        assertThatThrownBy(run("fake:m?maxTokens=10", answering(calls, () -> 10), 12, "0.10")::execute)
                .isInstanceOf(BudgetExhaustedException.class);
        assertThat(ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME))).hasSize(10);

        RunResult done = run("fake:m?maxTokens=10", answering(calls, () -> 10), 12, "1").execute();
        assertThat(done.answered()).isEqualTo(2);
        assertThat(done.skipped()).isEqualTo(10);
        assertThat(calls).hasValue(12);
        assertThat(spent(done.replies().toList())).isEqualByComparingTo("0.12");
    }

    @Test
    void eightCallsInFlightNeverSpendMoreThanTheBudgetAndUseItUpToTheLastWorstCase() {
        for (int repeat = 0; repeat < 5; repeat++) {
            AtomicInteger calls = new AtomicInteger();
            Path folder = dir.resolve("r" + repeat);
            // each call spends 1 to 10 output tokens of its 10 reserved
            Run run = Run.builder().outputDirectory(folder).dialogues(Fixtures.dialogues(200))
                    .condition(new Condition("c", "fake:m?maxTokens=10", Map.of(), PromptTemplate.defaultTemplate(),
                            answering(calls, () -> ThreadLocalRandom.current().nextInt(1, 11))))
                    .concurrency(8).pricing(OUTPUT_PRICED).budget(new BigDecimal("0.1")).build();

            assertThatThrownBy(run::execute).isInstanceOf(BudgetExhaustedException.class);
            List<Reply> replies = ReplyJournal.read(folder.resolve(ReplyJournal.FILE_NAME));
            BigDecimal spent = spent(replies);
            assertThat(spent).isLessThanOrEqualTo(new BigDecimal("0.1"));
            // it stopped only when no call was in flight and the next worst case ($0.01) did not fit
            assertThat(spent).isGreaterThan(new BigDecimal("0.09"));
            assertThat(calls.get()).isEqualTo(replies.size());
        }
    }

    @Test
    void aBudgetedRunRefusesAModelWithoutPriceOrMaxTokensBeforeAnyCall() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(run("unpriced:m?maxTokens=10", answering(calls, () -> 1), 3, "1")::execute)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unpriced:m?maxTokens=10 has none (price unknown)");
        assertThatThrownBy(run("fake:m", answering(calls, () -> 1), 3, "1")::execute)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("fake:m sets no maxTokens");
        assertThat(calls).hasValue(0);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aRatingStopsAtItsBudgetCountingBothCallsAJudgeMayMake() {
        List<Dialogue> dialogues = Fixtures.dialogues(6);
        List<Reply> replies = dialogues.stream().map(d -> Reply.recorded("human", d.id(), "I'm so sorry.")).toList();
        AtomicInteger calls = new AtomicInteger();
        Rater judge = (d, r, dim) -> {
            calls.incrementAndGet();
            return new Score(2, null).withUsage("m", new TokenUsage(100, 5));
        };
        // worst case: twice 5 output tokens, $0.01; each rating costs $0.005. One at a time, the (k+1)-th starts
        // when 0.005 k + 0.01 <= 0.034, so for k up to 4: five ratings, then the sixth's 0.025 + 0.01 does not fit
        RatingRun rating = RatingRun.builder().outputDirectory(dir).dialogues(dialogues).replies(replies)
                .scale(RatingScale.STUDY).rater("fake:j?maxTokens=5", judge).concurrency(1)
                .pricing(OUTPUT_PRICED).budget(new BigDecimal("0.034")).build();

        assertThatThrownBy(rating::execute).isInstanceOf(BudgetExhaustedException.class);
        List<Rating> ratings = RatingJournal.read(dir.resolve(RatingJournal.FILE_NAME));
        assertThat(ratings).allSatisfy(r -> assertThat(r.cost()).isEqualByComparingTo("0.005"));
        assertThat(calls.get()).isEqualTo(ratings.size()).isEqualTo(5);
    }
}
