package io.github.empathy4j.core.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PacingTest {

    private final Fixtures.FakeTime time = new Fixtures.FakeTime();

    private Pacing pacing(int concurrency, int rpm, long tpm) {
        return new Pacing(concurrency, new Scheduling.RateLimit(rpm, tpm), time);
    }

    private static Quota requests(long limit, long remaining, Duration reset) {
        return new Quota(new Quota.Limit(limit, remaining, reset), null, null, null, null);
    }

    private int startsNow(Pacing p) {
        int n = 0;
        while (p.take(0) == 0) {
            n++;
        }
        return n;
    }

    @Test
    void withoutLimitsEveryCallStartsAtOnce() {
        Pacing p = pacing(4, 0, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(p.take(100)).isZero();
        }
    }

    @Test
    void aLearnedRequestLimitPacesToItWithOneSecondsBurst() {
        Pacing p = pacing(64, 0, 0);
        p.observe(requests(600, 599, Duration.ofMillis(100)), time.nanoTime());

        // 600 a minute: a bucket of 10, refilled one every 100 ms
        assertThat(startsNow(p)).isEqualTo(10);
        assertThat(p.take(0)).isEqualTo(100_000_000L);
        time.sleep(Duration.ofMillis(100));
        assertThat(p.take(0)).isZero();
        assertThat(p.take(0)).isEqualTo(100_000_000L);
    }

    @Test
    void aConfiguredLimitBelowTheLearnedOneStays() {
        Pacing p = pacing(8, 60, 0);
        p.observe(requests(6000, 5999, Duration.ofMillis(10)), time.nanoTime());

        assertThat(startsNow(p)).isEqualTo(1);
        assertThat(p.take(0)).isEqualTo(1_000_000_000L);
    }

    @Test
    void aUsedUpLimitPausesForOneCallsShareWhenItsSizeIsKnownElseUntilItsReset() {
        Pacing known = pacing(8, 0, 0);
        known.observe(requests(6000, 0, Duration.ofSeconds(2)), time.nanoTime());
        // 60 s / 6000 = 10 ms, shorter than the 2 s until the whole limit is back
        assertThat(known.take(0)).isEqualTo(10_000_000L);

        Pacing unknown = pacing(8, 0, 0);
        unknown.observe(requests(-1, 0, Duration.ofSeconds(2)), time.nanoTime());
        assertThat(unknown.take(0)).isEqualTo(2_000_000_000L);
    }

    @Test
    void aFewRemainingOfALimitOfUnknownSizeAreSpreadUntilTheReset() {
        Pacing p = pacing(8, 0, 0);
        p.observe(requests(-1, 3, Duration.ofSeconds(2)), time.nanoTime());
        // 3 left (fewer than the window of 8) in 2 s: the next call in 2 s / 4
        assertThat(p.take(0)).isEqualTo(500_000_000L);

        Pacing plenty = pacing(8, 0, 0);
        plenty.observe(requests(-1, 100, Duration.ofSeconds(2)), time.nanoTime());
        assertThat(plenty.take(0)).isZero();
    }

    @Test
    void aLearnedTokenLimitIsChargedWithTheRealUsage() {
        Pacing p = pacing(8, 0, 0);
        p.observe(new Quota(null, new Quota.Limit(6000, 5000, Duration.ofSeconds(10)), null, null, null),
                time.nanoTime());
        // 6000 tokens a minute: a bucket of 100, refilled 100 a second
        assertThat(p.take(40)).isZero();
        p.succeeded(40, 100, time.nanoTime());
        // 100 - 100 left: a call needing 10 waits 0.1 s
        assertThat(p.take(10)).isEqualTo(100_000_000L);
    }

    @Test
    void retryAfterPausesTheLane() {
        Pacing p = pacing(8, 0, 0);
        p.refused(Duration.ofSeconds(3), time.nanoTime(), time.nanoTime());
        assertThat(p.take(0)).isEqualTo(3_000_000_000L);
        time.sleep(Duration.ofSeconds(3));
        assertThat(p.take(0)).isZero();
    }

    @Test
    void withoutHeadersTheWindowHalvesOnARefusalAndGrowsByOnePerWindowOfSuccesses() {
        Pacing p = pacing(8, 0, 0);
        assertThat(p.window()).isEqualTo(8);
        long before = time.nanoTime();
        time.sleep(Duration.ofMillis(1));
        p.refused(null, time.nanoTime(), time.nanoTime());
        assertThat(p.window()).isEqualTo(4);
        p.refused(null, before, time.nanoTime());
        assertThat(p.window()).as("a call started before the decrease does not decrease again").isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            time.sleep(Duration.ofMillis(1));
            p.refused(null, time.nanoTime(), time.nanoTime());
        }
        assertThat(p.window()).as("never below one").isEqualTo(1);

        // w + 1/w per success: 1, 2, 2.5, 2.9, 3.24, ...
        int[] expected = {2, 2, 2, 3};
        for (int e : expected) {
            p.succeeded(0, 0, time.nanoTime());
            assertThat(p.window()).isEqualTo(e);
        }
        for (int i = 0; i < 100; i++) {
            p.succeeded(0, 0, time.nanoTime());
        }
        assertThat(p.window()).as("never above the lane's concurrency").isEqualTo(8);
    }

    @Test
    void aProviderThatSendsLimitsIsPacedByThemNotByTheWindow() {
        Pacing p = pacing(8, 0, 0);
        p.observe(requests(6000, 5999, Duration.ofMillis(10)), time.nanoTime());
        time.sleep(Duration.ofMillis(1));
        p.refused(null, time.nanoTime(), time.nanoTime());
        assertThat(p.window()).isEqualTo(8);
    }
}
