package io.github.empathy4j.core.run;

import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.UnparseableRatingException;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RatingRunTest {

    @TempDir
    Path dir;

    private final List<Dialogue> dialogues = Fixtures.dialogues(10);

    /** Two conditions' replies to every dialogue. */
    private List<Reply> replies() {
        List<Reply> replies = new ArrayList<>();
        for (Dialogue d : dialogues) {
            replies.add(Reply.recorded("human", d.id(), d.humanReply()));
            replies.add(Reply.recorded("model", d.id(), Fixtures.answerText(d)));
        }
        return replies;
    }

    /** A rater that gives a fixed value. */
    private static Rater constant(int value) {
        return (d, r, dim) -> new Score(value, "always " + value);
    }

    private RatingRun.Builder builder() {
        return RatingRun.builder().outputDirectory(dir).dialogues(dialogues).replies(replies())
                .retryPolicy(RetryPolicy.none());
    }

    @Test
    void ratesEveryReplyBlindAndJournalsEachRatingWithItsRationale() {
        Set<String> seenConditions = ConcurrentHashMap.newKeySet();
        Set<String> seenModels = ConcurrentHashMap.newKeySet();
        Rater byLength = (d, r, dim) -> {
            seenConditions.add(r.condition());
            seenModels.add(r.model());
            assertThat(r.dialogueId()).isEqualTo(d.id());
            return new Score(r.text().startsWith("human") ? 2 : 3, "length " + r.text().length());
        };
        RatingResult result = builder().rater("judge", byLength).build().execute();

        assertThat(result.rated()).isEqualTo(20);
        assertThat(result.complete()).isTrue();
        assertThat(seenConditions).containsExactly(RatingRun.BLINDED);
        assertThat(seenModels).containsExactly(RatingRun.BLINDED);
        Rating first = result.ratings().filter(r -> r.condition().equals("human") && r.dialogueId().equals("d000"))
                .findFirst().orElseThrow();
        assertThat(first).isEqualTo(new Rating("human", "d000", "judge", "study", "empathy", 2, "length 13", null));
        assertThat(result.ratings().toList()).filteredOn(r -> r.condition().equals("model")).extracting(Rating::value)
                .containsOnly(3);
        assertThat(RatingJournal.read(dir.resolve(RatingJournal.FILE_NAME)))
                .containsExactlyElementsOf(result.ratings().toList());
    }

    @Test
    void neverSendsAnEmptyReplyOrARefusalToARaterAndCountsThem() {
        List<Reply> replies = new ArrayList<>(replies());
        Reply answered = replies.get(1);
        replies.add(new Reply("blank", "d000", "", FinishReason.STOP, "m", Map.of(), TokenUsage.NONE,
                Duration.ZERO, 1, java.time.Instant.EPOCH));
        replies.add(new Reply("blank", "d001", "  \n", FinishReason.STOP, "m", Map.of(), TokenUsage.NONE,
                Duration.ZERO, 1, java.time.Instant.EPOCH));
        replies.add(new Reply("blocked", "d000", "", FinishReason.CONTENT_FILTER, "m", Map.of(), TokenUsage.NONE,
                Duration.ZERO, 1, java.time.Instant.EPOCH));
        replies.add(new Reply("blocked", "d001", "partial text", FinishReason.CONTENT_FILTER, "m", Map.of(),
                TokenUsage.NONE, Duration.ZERO, 1, java.time.Instant.EPOCH));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Rater judge = (d, r, dim) -> {
            seen.add(r.text());
            return new Score(3, "good");
        };

        RatingResult result = RatingRun.builder().outputDirectory(dir).dialogues(dialogues).replies(replies)
                .rater("judge", judge).build().execute();

        assertThat(result.empty()).isEqualTo(2);
        assertThat(result.refused()).isEqualTo(2);
        assertThat(result.rated()).isEqualTo(20);
        assertThat(result.complete()).isTrue();
        assertThat(seen).hasSize(20).contains(answered.text()).doesNotContain("", "  \n", "partial text");
        assertThat(result.ratings().toList()).extracting(Rating::condition).containsOnly("human", "model");
    }

    @Test
    void combinesThePanelAndKeepsEachJudgesRatings() {
        RatingResult result = builder().rater("a", constant(1)).rater("b", constant(3)).rater("c", constant(3))
                .combine(Combination.MAJORITY, "panel").build().execute();

        assertThat(result.ratings().toList()).hasSize(20 * 4);
        assertThat(result.ratings().toList()).filteredOn(r -> r.rater().equals("a")).extracting(Rating::value).containsOnly(1);
        List<Rating> panel = result.ratings().filter(r -> r.rater().equals("panel")).toList();
        assertThat(panel).hasSize(20).extracting(Rating::value).containsOnly(3);
        assertThat(panel.get(0).rationale()).isEqualTo("majority of 3: a=1, b=3, c=3");

        Path other = dir.resolve("mean");
        RatingResult mean = RatingRun.builder().outputDirectory(other).dialogues(dialogues).replies(replies())
                .rater("a", constant(1)).rater("b", constant(3)).rater("c", constant(3))
                .combine(Combination.MEAN, "avg").build().execute();
        assertThat(mean.ratings().toList()).filteredOn(r -> r.rater().equals("avg")).extracting(Rating::value)
                .containsOnly(2);
    }

    @Test
    void anUnparseableAnswerIsRecordedWithItsRawTextNeverAsARatingAndARerunCompletesIt() {
        AtomicInteger calls = new AtomicInteger();
        Rater sometimesGarbled = (d, r, dim) -> {
            calls.incrementAndGet();
            if (d.id().equals("d003") && r.text().startsWith("human")) {
                throw new UnparseableRatingException("not a level", "I would say it is quite nice");
            }
            return new Score(2, null);
        };
        RatingResult first = builder().rater("a", sometimesGarbled).rater("b", constant(3))
                .combine(Combination.MAJORITY, "panel").build().execute();

        assertThat(first.failures()).singleElement().satisfies(f -> {
            assertThat(f.condition()).isEqualTo("human");
            assertThat(f.dialogueId()).isEqualTo("d003");
            assertThat(f.rater()).isEqualTo("a");
            assertThat(f.unparseable()).isTrue();
            assertThat(f.rawAnswer()).isEqualTo("I would say it is quite nice");
            assertThat(f.attempts()).isEqualTo(1);
        });
        assertThat(first.ratings().toList()).noneMatch(r -> r.condition().equals("human") && r.dialogueId().equals("d003")
                && !r.rater().equals("b"));
        assertThat(Fixtures.lines(dir.resolve(RatingRun.FAILURES_FILE))).singleElement().asString()
                .contains("\"rawAnswer\":\"I would say it is quite nice\"").contains("\"rater\":\"a\"");
        assertThat(calls).hasValue(20);

        RatingResult second = builder().rater("a", constant(1)).rater("b", constant(3))
                .combine(Combination.MAJORITY, "panel").build().execute();
        assertThat(second.skipped()).isEqualTo(19);
        assertThat(second.rated()).isEqualTo(2);
        assertThat(second.ratings().toList()).filteredOn(r -> r.dialogueId().equals("d003") && r.condition().equals("human"))
                .extracting(Rating::rater, Rating::value)
                .containsExactlyInAnyOrder(tuple("a", 1), tuple("b", 3), tuple("panel", 1))
                .last().isEqualTo(tuple("panel", 1));
        assertThat(Fixtures.lines(dir.resolve(RatingRun.FAILURES_FILE))).isEmpty();
    }

    @Test
    void aValueOutsideTheScaleIsAFailureNotARating() {
        RatingResult result = builder().rater("bad", constant(7)).build().execute();
        assertThat(result.ratings().toList()).isEmpty();
        assertThat(result.failures()).hasSize(20).allSatisfy(f -> {
            assertThat(f.error()).startsWith("the rater gave 7").contains("1 (Bad), 2 (Okay) or 3 (Good)");
            assertThat(f.unparseable()).isFalse();
        });
    }

    @Test
    void resumesAfterATornLineWithoutDuplicates() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Rater counting = (d, r, dim) -> {
            calls.incrementAndGet();
            return new Score(2, "ok");
        };
        builder().rater("j", counting).build().execute();
        Path journal = dir.resolve(RatingJournal.FILE_NAME);
        List<String> lines = Fixtures.lines(journal);
        // keep 5 whole lines and half of the sixth, as a killed process would
        String kept = String.join("\n", lines.subList(0, 5)) + "\n" + lines.get(5).substring(0, 20);
        Files.writeString(journal, kept, StandardCharsets.UTF_8);
        calls.set(0);

        RatingResult resumed = builder().rater("j", counting).build().execute();

        assertThat(resumed.skipped()).isEqualTo(5);
        assertThat(calls).hasValue(15);
        assertThat(RatingJournal.read(journal)).hasSize(20);
        assertThat(new HashSet<>(Fixtures.lines(journal))).hasSize(20);
        assertThat(builder().rater("j", counting).build().execute().rated()).isZero();
    }

    @Test
    void retriesRetriableFailuresAndStopsOnAuthentication() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<String, List<Long>> callTimes = new ConcurrentHashMap<>();
        Rater flaky = (d, r, dim) -> {
            callTimes.computeIfAbsent(d.id() + r.text(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(time.nanoTime());
            if (attempts.computeIfAbsent(d.id() + r.text(), k -> new AtomicInteger()).incrementAndGet() < 3) {
                throw new ProviderException("HTTP 503", null, true, Duration.ofSeconds(2));
            }
            return new Score(3, null);
        };
        RatingResult result = builder().rater("flaky", flaky).retryPolicy(RetryPolicy.defaults()).timeSource(time)
                .build().execute();
        assertThat(result.rated()).isEqualTo(20);
        assertThat(result.retries()).isEqualTo(40);
        // every retry waited at least the provider's retry-after, without holding the lane meanwhile
        assertThat(callTimes).hasSize(20).allSatisfy((item, times) -> {
            assertThat(times).hasSize(3);
            assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
            assertThat(times.get(2) - times.get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        });

        Rater locked = (d, r, dim) -> {
            throw new AuthenticationException("HTTP 401", null);
        };
        assertThatThrownBy(() -> RatingRun.builder().outputDirectory(dir.resolve("locked")).dialogues(dialogues)
                .replies(replies()).rater("locked", locked).concurrency(1).build().execute())
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("rater 'locked'")
                .hasMessageContaining("run the same command again");
        // every rating the stop left unmade is in the failures file, with the reason
        List<String> failed = Fixtures.lines(dir.resolve("locked").resolve(RatingRun.FAILURES_FILE));
        assertThat(failed).hasSize(20);
        assertThat(failed).filteredOn(l -> l.contains("HTTP 401")).hasSize(20);
        assertThat(failed).filteredOn(l -> l.contains("not rated, the rating stopped: rater 'locked'")).hasSize(19);
    }

    @Test
    void aJudgeThatCannotBeReachedIsGivenUpAfterAFewCallsAndTheOtherJudgeGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        Rater dead = (d, r, dim) -> {
            calls.incrementAndGet();
            throw new io.github.empathy4j.core.ProviderUnreachableException("cannot connect", null, true);
        };
        RatingResult result = builder().concurrency(1).rater("dead", dead).rater("fine", constant(2))
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(2), RetryPolicy.Jitter.FULL))
                .build().execute();

        assertThat(calls).hasValue(Reachability.LIMIT);
        assertThat(result.ratings().toList()).hasSize(20).allMatch(r -> r.rater().equals("fine"));
        assertThat(result.failures()).hasSize(20).allSatisfy(f -> assertThat(f.rater()).isEqualTo("dead"));
        assertThat(result.failures()).filteredOn(f -> f.error().contains("provider 'dead' is unreachable")).hasSize(20);
    }

    @Test
    void itemsStartInAnOrderShuffledWithTheSeed() {
        List<String> one = order(5);
        assertThat(one).hasSize(20).doesNotHaveDuplicates();
        List<String> inputOrder = replies().stream().map(r -> r.condition() + "/" + r.dialogueId()).toList();
        assertThat(one).containsExactlyInAnyOrderElementsOf(inputOrder).isNotEqualTo(inputOrder);
        assertThat(order(5)).isEqualTo(one);
        assertThat(order(6)).isNotEqualTo(one);
    }

    /** The order a one-thread run rates in; the reply's text tells the condition the rater cannot see. */
    private List<String> order(long seed) {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Path out = dir.resolve("order-" + seed + "-" + System.nanoTime());
        RatingRun.builder().outputDirectory(out).dialogues(dialogues).replies(replies()).seed(seed).concurrency(1)
                .rater("j", (d, r, dim) -> {
                    order.add((r.text().startsWith("human") ? "human" : "model") + "/" + d.id());
                    return new Score(1, null);
                }).build().execute();
        return order;
    }

    @Test
    void rejectsRepliesWithoutDialoguesAndBadPanels() {
        List<Reply> stray = List.of(Reply.recorded("x", "nowhere", "hi"));
        assertThatThrownBy(() -> RatingRun.builder().outputDirectory(dir).dialogues(dialogues).replies(stray)
                .rater("j", constant(1)).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nowhere' has no dialogue");
        assertThatThrownBy(() -> builder().rater("j", constant(1)).combine(Combination.MEAN, "m").build())
                .hasMessageContaining("at least two raters");
        assertThatThrownBy(() -> builder().rater("j", constant(1)).rater("k", constant(1))
                .combine(Combination.MEAN, "j").build()).hasMessageContaining("'j' is also a rater's name");
    }

    @Test
    void ratesEveryDimensionOfTheScale() {
        RatingResult result = builder().scale(RatingScale.EPITOME).rater("j", constant(1)).build().execute();
        assertThat(result.ratings().toList()).hasSize(60).extracting(Rating::dimension)
                .containsOnly("emotional-reactions", "interpretations", "explorations");
    }
}
