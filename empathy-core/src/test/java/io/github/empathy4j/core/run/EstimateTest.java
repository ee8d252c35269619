package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.PromptTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EstimateTest {

    /** $1 a million input tokens, $2 a million output tokens; spec "free:..." has no price. */
    private static final Pricing PRICING = new Pricing() {
        @Override
        public Optional<BigDecimal> cost(String spec, String answeredModel, TokenUsage usage, boolean batch) {
            return spec.startsWith("free") ? Optional.empty() : Optional.of(BigDecimal.valueOf(usage.inputTokens())
                    .add(BigDecimal.valueOf(2 * usage.outputTokens())).movePointLeft(6));
        }

        @Override
        public OptionalLong maxOutputTokens(String spec) {
            return spec.endsWith("?maxTokens=50") ? OptionalLong.of(50) : OptionalLong.empty();
        }
    };

    @TempDir
    Path dir;

    private Run run(List<Dialogue> dialogues, Respondent respondent) {
        return Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(Condition.humanReference())
                .condition(new Condition("capped", "p:m?maxTokens=50", Map.of(), PromptTemplate.defaultTemplate(),
                        respondent))
                .condition(new Condition("open", "p:m", Map.of(), PromptTemplate.defaultTemplate(), respondent))
                .condition(new Condition("unpriced", "free:m", Map.of(), PromptTemplate.defaultTemplate(),
                        respondent))
                .pricing(PRICING).build();
    }

    private Map<Path, String> contents() throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(p, Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void estimatesTheCallsLeftFromTheJournalWithoutACallOrAWrite() throws IOException {
        List<Dialogue> all = Fixtures.dialogues(10);
        AtomicInteger calls = new AtomicInteger();
        Respondent respondent = d -> {
            calls.incrementAndGet();
            return new Answer("ok", FinishReason.STOP, "m", new TokenUsage(30, all.indexOf(d) % 2 == 0 ? 10 : 20));
        };
        run(all.subList(0, 4), respondent).execute(); // the journal: 4 answers of each, 10 or 20 output tokens
        int before = calls.get();
        Map<Path, String> files = contents();

        Estimate estimate = run(all, respondent).estimate();

        assertThat(calls).hasValue(before);
        assertThat(contents()).isEqualTo(files);
        assertThat(estimate.total()).isEqualTo(40);
        assertThat(estimate.done()).isEqualTo(16);
        assertThat(estimate.calls()).isEqualTo(24);
        Estimate.Line human = estimate.lines().get(0);
        assertThat(human.basis()).isEqualTo(Estimate.Basis.NO_CALL);
        assertThat(human.cost()).isZero();
        Estimate.Line capped = estimate.lines().get(1);
        assertThat(capped.calls()).isEqualTo(6);
        assertThat(capped.outputTokens()).isEqualTo(6 * 50);
        assertThat(capped.basis()).isEqualTo(Estimate.Basis.MAX_TOKENS);
        // the input: the prompts' characters / 4, summed over the 6 dialogues left, rounded up
        double chars = all.subList(4, 10).stream().mapToDouble(d -> PromptTemplate.defaultTemplate().render(d)
                .stream().mapToInt(m -> m.text().length()).sum()).sum();
        assertThat(capped.inputTokens()).isEqualTo((long) Math.ceil(chars / 4));
        assertThat(capped.cost()).isEqualByComparingTo(BigDecimal.valueOf(capped.inputTokens() + 2 * 300L)
                .movePointLeft(6));
        Estimate.Line open = estimate.lines().get(2);
        assertThat(open.basis()).isEqualTo(Estimate.Basis.JOURNAL_MEAN);
        // its 4 journaled answers had 10, 20, 10 and 20 output tokens: mean 15
        assertThat(open.outputTokens()).isEqualTo(6 * 15);
        assertThat(estimate.unpriced()).extracting(Estimate.Line::name).containsExactly("unpriced");
        assertThat(estimate.knownCost()).isEqualByComparingTo(capped.cost().add(open.cost()));
    }

    @Test
    void anEmptyFolderIsLeftEmptyAndWithoutAJournalTheDefaultOutputIsAssumed() throws IOException {
        Estimate estimate = run(Fixtures.dialogues(3), d -> {
            throw new AssertionError("no call");
        }).estimate();

        assertThat(dir).isEmptyDirectory();
        assertThat(estimate.lines().get(2).basis()).isEqualTo(Estimate.Basis.DEFAULT);
        assertThat(estimate.lines().get(2).outputTokens()).isEqualTo(3L * Estimate.DEFAULT_ANSWER_TOKENS);
    }
}
