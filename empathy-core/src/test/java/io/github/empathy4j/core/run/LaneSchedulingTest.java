package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.RateLimitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Each provider lane is scheduled on its own: one lane's waits never delay another's calls. */
class LaneSchedulingTest {

    private static final int ITEMS = 6;

    @TempDir
    Path dir;

    /**
     * A fake clock whose waits do not end before the fast lane has answered every item: a run whose waits held a
     * thread or slot the fast lane needs would never let it finish (the latch times out, and the order shows it).
     */
    private static final class GatedTime implements TimeSource {

        final Fixtures.FakeTime clock = new Fixtures.FakeTime();
        final CountDownLatch fastDone = new CountDownLatch(ITEMS);

        @Override
        public Instant now() {
            return clock.now();
        }

        @Override
        public long nanoTime() {
            return clock.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            fastDone.await(10, TimeUnit.SECONDS);
            clock.sleep(duration);
        }
    }

    private static Respondent recording(String lane, List<String> calls, GatedTime time) {
        return d -> {
            calls.add(lane + " " + d.id());
            if (lane.equals("fast")) {
                time.fastDone.countDown();
            }
            return Answer.of("ok", lane);
        };
    }

    @Test
    void aRateLimitedLaneWaitsWithoutDelayingAnUnlimitedOne() {
        GatedTime time = new GatedTime();
        List<String> calls = new CopyOnWriteArrayList<>();
        List<Dialogue> dialogues = Fixtures.dialogues(ITEMS);
        RunResult result = Run.builder().outputDirectory(dir).dialogues(dialogues).timeSource(time).concurrency(1)
                .condition(new Condition("slow", "slow:m", Map.of(), null, recording("slow", calls, time)))
                .condition(new Condition("fast", "fast:m", Map.of(), null, recording("fast", calls, time)))
                .rateLimit("slow", 1, 0).build().execute();

        assertThat(result.answered()).isEqualTo(2 * ITEMS);
        // the slow lane (one call a minute) made its first call; every fast call came before its second
        int secondSlow = calls.indexOf("slow d001");
        assertThat(calls.subList(0, secondSlow)).filteredOn(c -> c.startsWith("fast")).hasSize(ITEMS);
        assertThat(time.clock.nanoTime()).isGreaterThanOrEqualTo(Duration.ofMinutes(ITEMS - 1).toNanos() - 1000);
    }

    @Test
    void aRetryAfterOnOneLaneDoesNotDelayAnother() {
        GatedTime time = new GatedTime();
        List<String> calls = new CopyOnWriteArrayList<>();
        AtomicInteger refusals = new AtomicInteger();
        Respondent refusing = d -> {
            calls.add("slow " + d.id());
            if (refusals.incrementAndGet() == 1) {
                throw new RateLimitException("HTTP 429", null, Duration.ofSeconds(30));
            }
            return Answer.of("ok", "slow");
        };
        RunResult result = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(ITEMS)).timeSource(time)
                .concurrency(1).condition(new Condition("slow", "slow:m", Map.of(), null, refusing))
                .condition(new Condition("fast", "fast:m", Map.of(), null, recording("fast", calls, time)))
                .build().execute();

        assertThat(result.complete()).isTrue();
        assertThat(result.retries()).isEqualTo(1);
        // the slow lane waits 30 s after its first call; the fast lane answers everything meanwhile (the lanes race
        // for the first call)
        int firstSlow = calls.indexOf("slow d000");
        int secondSlow = calls.subList(firstSlow + 1, calls.size()).indexOf("slow d000") + firstSlow + 1;
        assertThat(secondSlow).isGreaterThan(firstSlow);
        assertThat(calls.subList(0, secondSlow)).filteredOn(c -> c.startsWith("fast")).hasSize(ITEMS);
    }

    @Test
    void eachProviderHasItsOwnConcurrency() throws Exception {
        int wide = 3;
        CountDownLatch allWide = new CountDownLatch(wide);
        AtomicInteger narrowInFlight = new AtomicInteger();
        AtomicInteger narrowMax = new AtomicInteger();
        Respondent wideRespondent = d -> {
            allWide.countDown();
            try {
                // returns only once three calls of this lane are in flight together
                assertThat(allWide.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Answer.of("ok", "w");
        };
        Respondent narrowRespondent = d -> {
            narrowMax.accumulateAndGet(narrowInFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            narrowInFlight.decrementAndGet();
            return Answer.of("ok", "n");
        };
        RunResult result = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(wide)).concurrency(1)
                .concurrency("wide", wide)
                .condition(new Condition("w", "wide:m", Map.of(), null, wideRespondent))
                .condition(new Condition("n", "narrow:m", Map.of(), null, narrowRespondent))
                .build().execute();

        assertThat(result.complete()).isTrue();
        assertThat(narrowMax).hasValue(1);
    }

    @Test
    void aBoundRespondentNamesItsLaneSoTwoServersOfOneProviderAreTwoLanes() {
        record BoundRespondent(Lane lane, CountDownLatch both) implements Respondent, Lane.Bound {
            @Override
            public Answer respond(Dialogue dialogue) {
                both.countDown();
                try {
                    // answers only when the other server's call is in flight too
                    assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return Answer.of("ok", "m");
            }
        }
        CountDownLatch both = new CountDownLatch(2);
        RunResult result = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(1)).concurrency(1)
                .condition(new Condition("a", "openai-compatible:m", Map.of(), null,
                        new BoundRespondent(new Lane("openai-compatible", "", "http://a:8000/v1"), both)))
                .condition(new Condition("b", "openai-compatible:m", Map.of(), null,
                        new BoundRespondent(new Lane("openai-compatible", "", "http://b:8000/v1"), both)))
                .build().execute();

        assertThat(result.complete()).isTrue();
        assertThat(new Lane("openai", "OPENAI_KEY_2", "").toString()).isEqualTo("openai$OPENAI_KEY_2");
        assertThat(Lane.of("gemini:gemini-1.5-pro?temperature=0")).isEqualTo(new Lane("gemini", "", ""));
    }
}
