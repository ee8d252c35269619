package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.UnparseableRatingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairwiseRunTest {

    @TempDir
    Path dir;

    private final List<Dialogue> dialogues = Fixtures.dialogues(3);

    /** human: short; gpt: long; claude: medium; claude refused dialogue d002. */
    private List<Reply> replies() {
        List<Reply> replies = new ArrayList<>();
        for (Dialogue d : dialogues) {
            replies.add(Reply.recorded("human", d.id(), "That is sad."));
            replies.add(Reply.recorded("gpt", d.id(), "That sounds really hard, I am so sorry it happened to you "
                    + d.id()));
            if (d.id().equals("d002")) {
                replies.add(new Reply("claude", d.id(), "", FinishReason.CONTENT_FILTER, "claude", Map.of(),
                        TokenUsage.NONE, Duration.ZERO, 1, Instant.EPOCH));
            } else {
                replies.add(Reply.recorded("claude", d.id(), "I am sorry, that is hard " + d.id()));
            }
        }
        return replies;
    }

    /** Prefers the longer text; records what it saw. */
    private static PairwiseJudge longer(Set<String> seen) {
        return (d, a, b) -> {
            seen.add(a);
            seen.add(b);
            return new Preference(a.length() == b.length() ? Preference.Choice.TIE
                    : a.length() > b.length() ? Preference.Choice.A : Preference.Choice.B, "longer");
        };
    }

    private PairwiseRun.Builder builder(PairwiseJudge judge) {
        return PairwiseRun.builder().outputDirectory(dir).dialogues(dialogues).replies(replies())
                .judge("j1", judge, "acme").authors(Map.of("human", "human", "gpt", "openai", "claude", "anthropic"));
    }

    @Test
    void judgesEachConditionAgainstTheBaselineInBothOrdersBlindedAndWithFamilies() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        PairwiseResult result = builder(longer(seen)).build().execute();

        // gpt vs human on 3 dialogues, claude vs human on 2 (d002 refused): 5 pairs, 2 orders each
        assertThat(result.judged()).isEqualTo(10);
        assertThat(result.unanswered()).isEqualTo(1);
        assertThat(result.complete()).isTrue();
        List<PairwiseJudgement> verdicts = PairwiseJournal.read(dir.resolve("pairwise.jsonl"));
        assertThat(verdicts).hasSize(10);
        assertThat(verdicts.stream().filter(v -> v.conditionA().equals("human"))).hasSize(5);
        assertThat(verdicts.stream().filter(v -> v.conditionB().equals("human"))).hasSize(5);
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.winner()).isNotEqualTo("human");
            assertThat(v.judgeFamily()).isEqualTo("acme");
            assertThat(v.maxWords()).isZero();
        });
        PairwiseJudgement one = verdicts.stream().filter(v -> v.conditionA().equals("gpt")
                && v.dialogueId().equals("d001")).findFirst().orElseThrow();
        assertThat(one.authorA()).isEqualTo("openai");
        assertThat(one.authorB()).isEqualTo("human");
        assertThat(one.wordsA()).isEqualTo(13);
        assertThat(one.wordsB()).isEqualTo(3);
        assertThat(one.choice()).isEqualTo(Preference.Choice.A);
        // the judge saw the texts only
        assertThat(seen).noneMatch(t -> t.contains("gpt") || t.contains("claude"));
        assertThat(result.judgements()).hasSize(10);
    }

    @Test
    void allPairsAddsTheModelsAgainstEachOther() {
        PairwiseResult result = builder(longer(ConcurrentHashMap.newKeySet())).allPairs(true).build().execute();
        assertThat(result.judged()).isEqualTo(14); // 5 pairs with human, 2 of claude vs gpt, both orders
        assertThat(result.unanswered()).isEqualTo(2);
    }

    @Test
    void maxWordsCutsBothRepliesForTheJudgeAndARunWithAnotherLimitIsRefused() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        builder(longer(seen)).maxWords(3).build().execute();
        assertThat(seen).allSatisfy(t -> assertThat(t.split(" ")).hasSizeLessThanOrEqualTo(3));
        assertThat(seen).contains("That sounds really", "I am sorry,");
        assertThat(PairwiseJournal.read(dir.resolve("pairwise.jsonl"))).allSatisfy(v -> {
            assertThat(v.maxWords()).isEqualTo(3);
            assertThat(Math.max(v.wordsA(), v.wordsB())).isGreaterThan(3);
        });
        assertThatThrownBy(() -> builder(longer(seen)).maxWords(0).build().execute())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cut to 3 words");
    }

    @Test
    void aResumeJudgesOnlyTheMissingVerdictsAndRecordsUnparseableAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PairwiseJudge flaky = (d, a, b) -> {
            calls.incrementAndGet();
            if (d.id().equals("d001") && a.startsWith("That sounds")) {
                throw new UnparseableRatingException("no verdict", "I cannot decide");
            }
            return new Preference(Preference.Choice.TIE, null);
        };
        PairwiseResult first = builder(flaky).build().execute();
        assertThat(first.judged()).isEqualTo(9);
        assertThat(first.failures()).singleElement().satisfies(f -> {
            assertThat(f.unparseable()).isTrue();
            assertThat(f.rawAnswer()).isEqualTo("I cannot decide");
            assertThat(f.conditionA()).isEqualTo("gpt");
        });
        assertThat(Files.readString(dir.resolve(PairwiseRun.FAILURES_FILE))).contains("I cannot decide");

        calls.set(0);
        PairwiseResult second = builder(longer(ConcurrentHashMap.newKeySet())).build().execute();
        assertThat(second.judged()).isEqualTo(1);
        assertThat(second.skipped()).isEqualTo(4);
        assertThat(second.complete()).isTrue();
        assertThat(PairwiseJournal.read(dir.resolve("pairwise.jsonl"))).hasSize(10);

        PairwiseResult third = builder(flaky).build().execute();
        assertThat(third.judged()).isZero();
        assertThat(calls).hasValue(0);
    }

    @Test
    void verdictsComeFromTheCacheInAnotherFolderWithoutACallAndAnotherLengthLimitIsAnotherEntry() {
        Path cache = dir.resolve("cache");
        AtomicInteger calls = new AtomicInteger();
        PairwiseJudge counting = (d, a, b) -> {
            calls.incrementAndGet();
            return new Preference(a.length() > b.length() ? Preference.Choice.A : Preference.Choice.B, "longer");
        };
        builder(counting).cacheDirectory(cache).build().execute();
        assertThat(calls).hasValue(10);

        PairwiseResult again = PairwiseRun.builder().outputDirectory(dir.resolve("other")).dialogues(dialogues)
                .replies(replies()).judge("j1", counting, "acme").cacheDirectory(cache).build().execute();
        assertThat(again.judged()).isEqualTo(10);
        assertThat(calls).hasValue(10);
        assertThat(PairwiseJournal.read(dir.resolve("other/pairwise.jsonl")).stream().map(PairwiseRunTest::verdict))
                .containsExactlyInAnyOrderElementsOf(PairwiseJournal.read(dir.resolve("pairwise.jsonl")).stream()
                        .map(PairwiseRunTest::verdict).toList());

        PairwiseRun.builder().outputDirectory(dir.resolve("cut")).dialogues(dialogues).replies(replies())
                .judge("j1", counting, "acme").cacheDirectory(cache).maxWords(2).build().execute();
        assertThat(calls).hasValue(20);
    }

    private static String verdict(PairwiseJudgement v) {
        return v.dialogueId() + " " + v.conditionA() + " " + v.conditionB() + " " + v.choice() + " " + v.reason();
    }

    @Test
    void aMissingBaselineIsAConfigurationProblem() {
        assertThatThrownBy(() -> builder(longer(ConcurrentHashMap.newKeySet())).baseline("crowd").build().execute())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'crowd' has no replies")
                .hasMessageContaining("[claude, gpt, human]");
    }

    @Test
    void theJournalLineRoundTripsWithItsCostAndAnOldLineWithoutOneReadsAsUnknown() throws Exception {
        PairwiseJudgement j = new PairwiseJudgement("d1", "human", "gpt", "openai:gpt-4o", Preference.Choice.TIE,
                "both kind", "openai", "human", "openai", 3, 40, 20, new BigDecimal("0.0009775"));
        String line = new String(PairwiseJournal.line(j), StandardCharsets.UTF_8);
        String fields = "{\"dialogueId\":\"d1\",\"conditionA\":\"human\",\"conditionB\":\"gpt\","
                + "\"judge\":\"openai:gpt-4o\",\"verdict\":\"tie\",\"reason\":\"both kind\",\"judgeFamily\":\"openai\","
                + "\"authorA\":\"human\",\"authorB\":\"openai\",\"wordsA\":3,\"wordsB\":40,\"maxWords\":20";
        assertThat(line).isEqualTo(fields + ",\"costUsd\":\"0.0009775\"}\n");
        assertThat(PairwiseJournal.parse(line.strip().getBytes(StandardCharsets.UTF_8), "f", 1)).isEqualTo(j);
        // a line written before verdicts had a cost, and one whose cost is unknown
        PairwiseJudgement unknown = new PairwiseJudgement("d1", "human", "gpt", "openai:gpt-4o", Preference.Choice.TIE,
                "both kind", "openai", "human", "openai", 3, 40, 20);
        assertThat(PairwiseJournal.parse((fields + "}").getBytes(StandardCharsets.UTF_8), "f", 1)).isEqualTo(unknown);
        assertThat(new String(PairwiseJournal.line(unknown), StandardCharsets.UTF_8))
                .isEqualTo(fields + ",\"costUsd\":null}\n");
        assertThatThrownBy(() -> PairwiseJournal.parse((fields + ",\"costUsd\":\"-1\"}")
                .getBytes(StandardCharsets.UTF_8), "f", 4)).hasMessageContaining("f").hasMessageContaining("4")
                .hasMessageContaining("costUsd");
        assertThatThrownBy(() -> PairwiseJournal.parse("{\"dialogueId\":\"d1\",\"conditionA\":\"a\",\"conditionB\":\"b\",\"judge\":\"j\",\"verdict\":\"C\"}"
                .getBytes(StandardCharsets.UTF_8), "f", 7))
                .hasMessageContaining("f").hasMessageContaining("7").hasMessageContaining("verdict");
    }

    /**
     * Input is free and an output token costs $0.001, for any spec but {@code unpriced...}, so a verdict's worst case
     * is twice its maxTokens in tenths of cents (a judge may ask twice); maxTokens is read from the spec.
     */
    private static final Pricing PRICED = new Pricing() {
        @Override
        public Optional<BigDecimal> cost(String spec, String answeredModel, TokenUsage usage, boolean batch) {
            return spec.startsWith("unpriced") || usage.totalTokens() == 0 ? Optional.empty()
                    : Optional.of(new BigDecimal("0.001").multiply(BigDecimal.valueOf(usage.outputTokens())));
        }

        @Override
        public OptionalLong maxOutputTokens(String spec) {
            int q = spec.indexOf("?maxTokens=");
            return q < 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(spec.substring(q + 11)));
        }
    };

    /** Prefers the longer text, reporting 100 input and 5 output tokens, counting its calls. */
    private static PairwiseJudge paid(AtomicInteger calls) {
        return (d, a, b) -> {
            calls.incrementAndGet();
            return new Preference(a.length() > b.length() ? Preference.Choice.A : Preference.Choice.B, "longer")
                    .withUsage("m-2026", new TokenUsage(100, 5));
        };
    }

    private PairwiseRun.Builder paidBuilder(String judge, AtomicInteger calls) {
        return PairwiseRun.builder().outputDirectory(dir).dialogues(dialogues).replies(replies())
                .judge(judge, paid(calls), "acme").pricing(PRICED);
    }

    @Test
    void eachVerdictJournalsItsCostACachedOneCostsNothingAndAnUnpricedOneIsUnknown() {
        Path cache = dir.resolve("cache");
        AtomicInteger calls = new AtomicInteger();
        paidBuilder("fake:j?maxTokens=5", calls).cacheDirectory(cache).build().execute();

        // 100 input tokens × $0 + 5 output tokens × $0.001 = $0.005 a verdict, 10 verdicts
        assertThat(calls).hasValue(10);
        assertThat(PairwiseJournal.read(dir.resolve("pairwise.jsonl"))).hasSize(10)
                .allSatisfy(v -> assertThat(v.cost()).isEqualByComparingTo("0.005"));

        PairwiseRun.builder().outputDirectory(dir.resolve("again")).dialogues(dialogues).replies(replies())
                .judge("fake:j?maxTokens=5", paid(calls), "acme").pricing(PRICED).cacheDirectory(cache).build()
                .execute();
        assertThat(calls).hasValue(10);
        assertThat(PairwiseJournal.read(dir.resolve("again/pairwise.jsonl"))).hasSize(10)
                .allSatisfy(v -> assertThat(v.cost()).isEqualByComparingTo("0"));

        PairwiseRun.builder().outputDirectory(dir.resolve("unpriced")).dialogues(dialogues).replies(replies())
                .judge("unpriced:j", paid(calls), "acme").pricing(PRICED).build().execute();
        assertThat(PairwiseJournal.read(dir.resolve("unpriced/pairwise.jsonl"))).hasSize(10)
                .allSatisfy(v -> assertThat(v.cost()).isNull());
    }

    @Test
    void aBudgetStopsTheJudgingAndALargerOneResumesJudgingEachOrderExactlyOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // worst case: twice 5 output tokens, $0.01; each verdict costs $0.005. One at a time, the (k+1)-th starts
        // when 0.005 k + 0.01 <= 0.034, so for k up to 4: five verdicts, then the sixth's 0.025 + 0.01 does not fit
        PairwiseRun small = paidBuilder("fake:j?maxTokens=5", calls).scheduling(RatingRun.builder().concurrency(1))
                .budget(new BigDecimal("0.034")).build();

        assertThatThrownBy(small::execute).isInstanceOf(BudgetExhaustedException.class)
                .hasMessageContaining("$0.025000 of the $0.034 budget spent")
                .hasMessageContaining("run again with a larger budget");
        List<PairwiseJudgement> first = PairwiseJournal.read(dir.resolve("pairwise.jsonl"));
        assertThat(first).hasSize(5).allSatisfy(v -> assertThat(v.cost()).isEqualByComparingTo("0.005"));
        assertThat(calls).hasValue(5);
        assertThat(Files.readAllLines(dir.resolve(PairwiseRun.FAILURES_FILE))).hasSize(5)
                .allSatisfy(l -> assertThat(l).contains("budget: "));

        PairwiseResult resumed = paidBuilder("fake:j?maxTokens=5", calls).budget(BigDecimal.ONE).build().execute();

        assertThat(resumed.complete()).isTrue();
        assertThat(calls).hasValue(10);
        List<PairwiseJudgement> all = PairwiseJournal.read(dir.resolve("pairwise.jsonl"));
        assertThat(all).hasSize(10);
        assertThat(all.stream().map(PairwiseJournal::key).distinct()).hasSize(10);
        // 10 × $0.005
        assertThat(all.stream().map(PairwiseJudgement::cost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("0.05");
    }

    @Test
    void aBudgetRefusesAJudgeWithoutPriceOrMaxTokensBeforeAnyCall() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> paidBuilder("fake:j", calls).budget(BigDecimal.ONE).build().execute())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sets no maxTokens");
        assertThatThrownBy(() -> paidBuilder("unpriced:j?maxTokens=5", calls).budget(BigDecimal.ONE).build()
                .execute()).isInstanceOf(ConfigurationException.class).hasMessageContaining("price unknown");
        assertThat(calls).hasValue(0);
    }

    @Test
    void anEstimateCountsTheVerdictsLeftWithoutACallOrAWrite() {
        AtomicInteger calls = new AtomicInteger();
        Estimate fresh = paidBuilder("fake:j?maxTokens=5", calls).build().estimate();

        assertThat(calls).hasValue(0);
        assertThat(dir.resolve("pairwise.jsonl")).doesNotExist();
        // 5 pairs (one refused reply leaves 1 of 6 unanswered) for one judge, 2 orders each
        assertThat(fresh.total()).isEqualTo(5);
        assertThat(fresh.done()).isZero();
        assertThat(fresh.lines()).singleElement().satisfies(l -> {
            assertThat(l.calls()).isEqualTo(10);
            assertThat(l.basis()).isEqualTo(Estimate.Basis.MAX_TOKENS);
            assertThat(l.outputTokens()).isEqualTo(50); // 10 calls × maxTokens 5
            assertThat(l.inputTokens()).isPositive();
            assertThat(l.cost()).isEqualByComparingTo("0.05"); // 50 output tokens × $0.001, input free
        });

        paidBuilder("fake:j?maxTokens=5", calls).build().execute();
        Estimate after = paidBuilder("fake:j?maxTokens=5", calls).build().estimate();
        assertThat(after.done()).isEqualTo(5);
        assertThat(after.calls()).isZero();
    }
}
