package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.UnparseableRatingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void theJournalLineRoundTrips() throws Exception {
        PairwiseJudgement j = new PairwiseJudgement("d1", "human", "gpt", "openai:gpt-4o", Preference.Choice.TIE,
                "both kind", "openai", "human", "openai", 3, 40, 20);
        String line = new String(PairwiseJournal.line(j), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(line).isEqualTo("{\"dialogueId\":\"d1\",\"conditionA\":\"human\",\"conditionB\":\"gpt\","
                + "\"judge\":\"openai:gpt-4o\",\"verdict\":\"tie\",\"reason\":\"both kind\",\"judgeFamily\":\"openai\","
                + "\"authorA\":\"human\",\"authorB\":\"openai\",\"wordsA\":3,\"wordsB\":40,\"maxWords\":20}\n");
        assertThat(PairwiseJournal.parse(line.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8), "f", 1))
                .isEqualTo(j);
        assertThatThrownBy(() -> PairwiseJournal.parse("{\"dialogueId\":\"d1\",\"conditionA\":\"a\",\"conditionB\":\"b\",\"judge\":\"j\",\"verdict\":\"C\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "f", 7))
                .hasMessageContaining("f").hasMessageContaining("7").hasMessageContaining("verdict");
    }
}
