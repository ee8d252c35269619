package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.rating.Combination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A panel's raters as separate calls on their lanes, its combined rating exactly once, rating from a journal. */
class PanelTest {

    @TempDir
    Path dir;

    private final List<Dialogue> dialogues = Fixtures.dialogues(6);

    private List<Reply> replies() {
        List<Reply> replies = new ArrayList<>();
        for (Dialogue d : dialogues) {
            replies.add(Reply.recorded("human", d.id(), d.humanReply()));
            replies.add(Reply.recorded("model", d.id(), Fixtures.answerText(d)));
        }
        return replies;
    }

    private static Rater constant(int value, AtomicInteger calls) {
        return (d, r, dim) -> {
            calls.incrementAndGet();
            return new Score(value, "always " + value);
        };
    }

    private RatingRun.Builder panel(Rater a, Rater b) {
        return RatingRun.builder().outputDirectory(dir).dialogues(dialogues).replies(replies())
                .retryPolicy(RetryPolicy.none()).concurrency(1).rater("a", a).rater("b", b)
                .combine(Combination.MAJORITY, "panel");
    }

    private Map<String, Long> ratersCount() {
        return RatingJournal.read(dir.resolve(RatingJournal.FILE_NAME)).stream()
                .collect(Collectors.groupingBy(Rating::rater, Collectors.counting()));
    }

    @Test
    void aPanelsRatersRateAnItemAtTheSameTime() {
        CountDownLatch bothInFlight = new CountDownLatch(2);
        Map<String, Boolean> together = new ConcurrentHashMap<>();
        Rater waiting = (d, r, dim) -> {
            bothInFlight.countDown();
            try {
                together.put(Thread.currentThread().getName(), bothInFlight.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new Score(2, null);
        };
        RatingResult result = RatingRun.builder().outputDirectory(dir).dialogues(dialogues)
                .replies(replies().subList(0, 1)).concurrency(1).rater("a", waiting).rater("b", waiting)
                .combine(Combination.MAJORITY, "panel").build().execute();

        // concurrency 1 on each rater's lane, and still both calls of the one item were in flight at once
        assertThat(together).hasSize(2).containsValues(true, true);
        assertThat(result.rated()).isEqualTo(3);
    }

    @Test
    void theCombinedRatingIsWrittenOnceWhenTheLastRaterFinishesAlsoAcrossAResume() {
        AtomicInteger aCalls = new AtomicInteger();
        AtomicInteger bCalls = new AtomicInteger();
        AtomicInteger failing = new AtomicInteger();
        Rater flakyB = (d, r, dim) -> {
            if (d.id().compareTo("d003") < 0 && failing.incrementAndGet() > 0) {
                throw new ProviderException("HTTP 400", null, false, null);
            }
            bCalls.incrementAndGet();
            return new Score(3, null);
        };
        RatingResult first = panel(constant(1, aCalls), flakyB).build().execute();
        assertThat(first.failures()).hasSize(6).allSatisfy(f -> assertThat(f.rater()).isEqualTo("b"));
        assertThat(ratersCount()).containsEntry("a", 12L).containsEntry("b", 6L).containsEntry("panel", 6L);

        RatingResult second = panel(constant(1, aCalls), constant(3, bCalls)).build().execute();
        assertThat(second.skipped()).isEqualTo(6);
        assertThat(second.rated()).as("b's 6 ratings and the 6 panel ratings they complete").isEqualTo(12);
        assertThat(aCalls).as("a is not asked again").hasValue(12);
        assertThat(ratersCount()).containsEntry("a", 12L).containsEntry("b", 12L).containsEntry("panel", 12L);
        assertThat(second.ratings().filter(r -> r.rater().equals("panel")))
                .allSatisfy(r -> assertThat(r.kind()).isEqualTo(RaterSource.Kind.PANEL));

        assertThat(panel(constant(1, aCalls), constant(3, bCalls)).build().execute().rated()).isZero();
        assertThat(ratersCount()).containsEntry("panel", 12L);
    }

    @Test
    void aResumeAfterTheLastRaterButBeforeTheCombinedRatingWritesItOnceWithoutACall() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        panel(constant(1, calls), constant(3, calls)).build().execute();
        Path journal = dir.resolve(RatingJournal.FILE_NAME);
        // as if killed after each item's last rater, before its combined rating: drop the panel's lines
        List<String> kept = Files.readAllLines(journal).stream().filter(l -> !l.contains("\"rater\":\"panel\""))
                .toList();
        Files.write(journal, kept, StandardCharsets.UTF_8);
        calls.set(0);

        RatingResult resumed = panel(constant(1, calls), constant(3, calls)).build().execute();

        assertThat(calls).hasValue(0);
        assertThat(resumed.rated()).isEqualTo(12);
        assertThat(resumed.skipped()).isZero();
        assertThat(ratersCount()).containsEntry("a", 12L).containsEntry("b", 12L).containsEntry("panel", 12L);
        assertThat(panel(constant(1, calls), constant(3, calls)).build().execute().rated()).isZero();
    }

    @Test
    void ratesTheRepliesOfARunsJournalAsItRatesAList(@TempDir Path listed) {
        Run.builder().outputDirectory(dir).dialogues(dialogues).condition(Condition.humanReference())
                .condition(Condition.of("echo", d -> Answer.of(Fixtures.answerText(d), "echo-1"))).build().execute();
        AtomicInteger calls = new AtomicInteger();
        Rater byLength = (d, r, dim) -> {
            calls.incrementAndGet();
            return new Score(r.text().length() > 15 ? 3 : 2, r.text());
        };

        RatingResult fromJournal = RatingRun.builder().outputDirectory(dir).dialogues(dialogues).repliesFrom(dir)
                .rater("len", byLength).build().execute();
        RatingResult fromList = RatingRun.builder().outputDirectory(listed).dialogues(dialogues)
                .replies(ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME))).rater("len", byLength).build()
                .execute();

        assertThat(calls).hasValue(24);
        assertThat(fromJournal.rated()).isEqualTo(12);
        assertThat(fromJournal.ratings().toList()).containsExactlyInAnyOrderElementsOf(fromList.ratings().toList());
        assertThat(fromJournal.ratings()).filteredOn(r -> r.condition().equals("echo"))
                .allSatisfy(r -> assertThat(r.rationale()).startsWith("I hear you about"));
    }

    @Test
    void aJudgesScoresAreCachedLikeAnswers(@TempDir Path cache, @TempDir Path other) {
        AtomicInteger calls = new AtomicInteger();
        Rater judge = (d, r, dim) -> {
            calls.incrementAndGet();
            return new Score(r.text().startsWith("human") ? 1 : 3, "because " + d.id());
        };
        RatingResult first = RatingRun.builder().outputDirectory(dir).dialogues(dialogues).replies(replies())
                .rater("j:judge?temperature=0", judge).cacheDirectory(cache).build().execute();
        RatingResult second = RatingRun.builder().outputDirectory(other).dialogues(dialogues).replies(replies())
                .rater("j:judge?temperature=0", judge).cacheDirectory(cache).build().execute();
        RatingResult otherJudge = RatingRun.builder().outputDirectory(other).dialogues(dialogues).replies(replies())
                .rater("j:judge?temperature=1", judge).cacheDirectory(cache).build().execute();

        assertThat(calls).as("12 calls for the first judge, none for its second rating, 12 for another").hasValue(24);
        assertThat(second.rated()).isEqualTo(12);
        // the same ratings; the cached ones cost nothing, the first ones' cost is unknown (no pricing)
        assertThat(second.ratings().toList()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("cost")
                .containsExactlyInAnyOrderElementsOf(first.ratings().toList());
        assertThat(second.ratings().toList()).allSatisfy(r -> assertThat(r.cost()).isZero());
        assertThat(first.ratings().toList()).allSatisfy(r -> assertThat(r.cost()).isNull());
        assertThat(otherJudge.rated()).isEqualTo(12);
    }
}
