package io.github.empathy4j.core.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PacingTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final Fixtures.FakeTime time = new Fixtures.FakeTime();

    private Pacing pacing(int concurrency, int rpm, long tpm) {
        return new Pacing(concurrency, new Scheduling.RateLimit(rpm, tpm), time);
    }

    private static Quota requests(long limit, long remaining, Duration reset) {
        return new Quota(new Quota.Limit(limit, remaining, reset), null, null, null, null);
    }

    private static Quota tokens(long limit, long remaining) {
        return new Quota(null, new Quota.Limit(limit, remaining, SECOND), null, null, null);
    }

    private int startsNow(Pacing p) {
        return startAll(p, 0).size();
    }

    /** Starts every call {@code p} lets start now, each taking {@code tokens}; their marks. */
    private static List<Pacing.Mark> startAll(Pacing p, double tokens) {
        List<Pacing.Mark> marks = new ArrayList<>();
        while (p.take(tokens) == 0) {
            marks.add(p.mark());
            assertThat(marks).as("a lane without limits starts everything").hasSizeLessThan(1000);
        }
        return marks;
    }

    /** Starts {@code n} calls of a lane without limits, each taking {@code tokens}; their marks. */
    private static List<Pacing.Mark> start(Pacing p, int n, double tokens) {
        List<Pacing.Mark> marks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            assertThat(p.take(tokens)).isZero();
            marks.add(p.mark());
        }
        return marks;
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
        p.observe(requests(600, 599, Duration.ofMillis(100)), p.mark(), time.nanoTime());

        // 600 a minute: a bucket of 10, refilled one every 100 ms
        assertThat(startsNow(p)).isEqualTo(10);
        assertThat(p.take(0)).isEqualTo(100_000_000L);
        time.sleep(Duration.ofMillis(100));
        assertThat(p.take(0)).isZero();
        assertThat(p.take(0)).isEqualTo(100_000_000L);
    }

    @Test
    void aLearnedRequestLimitStartsFromWhatTheProviderHasLeftLessTheCallsStartedSince() {
        Pacing p = pacing(64, 0, 0);
        List<Pacing.Mark> first = start(p, 64, 0); // no limit known yet: the whole window starts at 0

        time.sleep(Duration.ofMillis(100));
        // the first call's response: 99 left of 6,000 a minute (a bucket of 100, refilled 10 in the 100 ms since
        // the call started), and 63 calls started after it: 99 + 10 - 63
        p.observe(requests(6000, 99, Duration.ofMillis(10)), first.get(0), time.nanoTime());
        List<Pacing.Mark> second = startAll(p, 0);
        assertThat(second).hasSize(46);
        assertThat(p.take(0)).as("then one every 10 ms").isEqualTo(10_000_000L);

        // the last of the 64: 36 left, 46 started since: 36 + 10 - 46 = 0, what the bucket holds already
        p.observe(requests(6000, 36, Duration.ofMillis(640)), first.get(63), time.nanoTime());
        assertThat(p.take(0)).isEqualTo(10_000_000L);

        time.sleep(Duration.ofMillis(50)); // 5 refilled
        // a response saying more is left (80 + 15 - 46 = 49) never raises the bucket
        p.observe(requests(6000, 80, Duration.ofMillis(200)), first.get(63), time.nanoTime());
        assertThat(startsNow(p)).isEqualTo(5);

        // the 36th of the second burst (started at 100 ms): none left, 15 started since, 5 refilled: a debt of 10,
        // so the next call waits for 11
        p.observe(requests(6000, 0, Duration.ofMillis(1000)), second.get(35), time.nanoTime());
        assertThat(p.take(0)).isEqualTo(110_000_000L);
    }

    @Test
    void aLearnedTokenLimitStartsFromWhatTheProviderHasLeftLessTheTokensTakenSince() {
        Pacing p = pacing(8, 0, 0);
        List<Pacing.Mark> marks = start(p, 3, 200);

        time.sleep(Duration.ofMillis(100));
        // 60,000 tokens a minute (a bucket of 1,000, 100 refilled in 100 ms): the first call's response says 500
        // are left, and 400 were taken after it: 500 + 100 - 400
        p.observe(tokens(60_000, 500), marks.get(0), time.nanoTime());
        assertThat(p.take(150)).isZero();
        assertThat(p.take(100)).as("50 left: 50 more take 50 ms").isEqualTo(50_000_000L);
    }

    @Test
    void aConfiguredLimitBelowTheLearnedOneStays() {
        Pacing p = pacing(8, 60, 0);
        p.observe(requests(6000, 5999, Duration.ofMillis(10)), p.mark(), time.nanoTime());

        assertThat(startsNow(p)).isEqualTo(1);
        assertThat(p.take(0)).isEqualTo(1_000_000_000L);
    }

    @Test
    void aUsedUpLimitWaitsOneCallsShareWhenItsSizeIsKnownElseUntilItsReset() {
        Pacing known = pacing(8, 0, 0);
        known.observe(requests(6000, 0, Duration.ofSeconds(2)), known.mark(), time.nanoTime());
        // 60 s / 6000 = 10 ms, shorter than the 2 s until the whole limit is back
        assertThat(known.take(0)).isEqualTo(10_000_000L);

        Pacing unknown = pacing(8, 0, 0);
        unknown.observe(requests(-1, 0, Duration.ofSeconds(2)), unknown.mark(), time.nanoTime());
        assertThat(unknown.take(0)).isEqualTo(2_000_000_000L);
    }

    @Test
    void aFewRemainingOfALimitOfUnknownSizeAreSpreadUntilTheReset() {
        Pacing p = pacing(8, 0, 0);
        p.observe(requests(-1, 3, Duration.ofSeconds(2)), p.mark(), time.nanoTime());
        // 3 left (fewer than the window of 8) in 2 s: the next call in 2 s / 4
        assertThat(p.take(0)).isEqualTo(500_000_000L);

        Pacing plenty = pacing(8, 0, 0);
        plenty.observe(requests(-1, 100, Duration.ofSeconds(2)), plenty.mark(), time.nanoTime());
        assertThat(plenty.take(0)).isZero();
    }

    @Test
    void aLearnedTokenLimitIsChargedWithTheRealUsage() {
        Pacing p = pacing(8, 0, 0);
        p.observe(new Quota(null, new Quota.Limit(6000, 5000, Duration.ofSeconds(10)), null, null, null),
                p.mark(), time.nanoTime());
        // 6000 tokens a minute: a bucket of 100, refilled 100 a second
        assertThat(p.take(40)).isZero();
        p.succeeded(40, 100, time.nanoTime());
        // 100 - 100 left: a call needing 10 waits 0.1 s
        assertThat(p.take(10)).isEqualTo(100_000_000L);
    }

    @Test
    void aRefusalOnALaneOfOneCallAtATimePausesItForItsRetryAfter() {
        Pacing p = pacing(1, 0, 0);
        p.refused(Duration.ofSeconds(3), time.nanoTime(), time.nanoTime());
        assertThat(p.take(0)).isEqualTo(3_000_000_000L);
        time.sleep(Duration.ofSeconds(3));
        assertThat(p.take(0)).isZero();
    }

    @Test
    void theQuickRefusalsOfTheFirstCallsDominateOnlyWhenMoreThanHalfTheWindow() {
        Pacing p = pacing(8, 0, 0);
        long started = time.nanoTime();
        time.sleep(Duration.ofMillis(1));
        // 8 calls started; their refusals come back before any success: 4 of a window of 8 is not more than half
        for (int i = 1; i <= 4; i++) {
            p.refused(SECOND, started, time.nanoTime());
            assertThat(p.take(0)).as("refusal %d", i).isZero();
            assertThat(p.window()).as("refusal %d", i).isEqualTo(8);
        }
        p.refused(SECOND, started, time.nanoTime());
        assertThat(p.take(0)).isEqualTo(1_000_000_000L);
        assertThat(p.window()).isEqualTo(4);
    }

    @Test
    void sporadicRefusalsNeitherPauseTheLaneNorShrinkItsWindow() {
        Pacing p = pacing(8, 0, 0);
        // one refusal (asking for 1 s) in every five responses, as from a server that refuses every fifth item once
        for (int i = 1; i <= 200; i++) {
            long started = time.nanoTime();
            time.sleep(Duration.ofMillis(1));
            if (i % 5 == 0) {
                p.refused(SECOND, started, time.nanoTime());
            } else {
                p.succeeded(0, 0, time.nanoTime());
            }
            assertThat(p.take(0)).as("response %d", i).isZero();
            assertThat(p.window()).as("response %d", i).isEqualTo(8);
        }
    }

    @Test
    void refusalsOfMoreThanHalfTheLastWindowOfResponsesPauseTheLaneAndHalveTheWindow() {
        Pacing p = pacing(8, 0, 0);
        long started = time.nanoTime();
        time.sleep(Duration.ofMillis(1));
        for (int i = 0; i < 4; i++) {
            p.succeeded(0, 0, time.nanoTime());
        }
        // the last 8 responses: 4 successes, then 1, 2, 3 and 4 refusals: never more than half the window
        for (int i = 1; i <= 4; i++) {
            p.refused(SECOND, started, time.nanoTime());
            assertThat(p.take(0)).as("refusal %d", i).isZero();
            assertThat(p.window()).as("refusal %d", i).isEqualTo(8);
        }
        // the fifth: 5 refusals (and 3 successes) among the last 8
        time.sleep(Duration.ofMillis(1));
        p.refused(SECOND, started, time.nanoTime());
        assertThat(p.take(0)).isEqualTo(1_000_000_000L);
        assertThat(p.window()).isEqualTo(4);

        // the last 4 (the window now) are all refusals: another one pauses again from now, but its call started
        // before the decrease, so the window stays
        time.sleep(Duration.ofMillis(500));
        p.refused(SECOND, started, time.nanoTime());
        assertThat(p.take(0)).isEqualTo(1_000_000_000L);
        assertThat(p.window()).isEqualTo(4);

        // four successes (the window grows 4, 4.25, 4.49, 4.71, 4.92): a refusal then is 1 of the last 4, sporadic
        time.sleep(SECOND);
        for (int i = 0; i < 4; i++) {
            p.succeeded(0, 0, time.nanoTime());
        }
        p.refused(SECOND, time.nanoTime(), time.nanoTime());
        assertThat(p.take(0)).isZero();
        assertThat(p.window()).isEqualTo(4);
    }

    @Test
    void withoutHeadersTheWindowHalvesOnDominatingRefusalsAndGrowsByOnePerWindowOfSuccesses() {
        Pacing p = pacing(8, 0, 0);
        assertThat(p.window()).isEqualTo(8);
        long before = time.nanoTime();
        time.sleep(Duration.ofMillis(1));
        for (int i = 0; i < 4; i++) {
            p.refused(null, time.nanoTime(), time.nanoTime());
        }
        assertThat(p.window()).as("4 refusals of a window of 8 do not dominate").isEqualTo(8);
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
        p.observe(requests(6000, 5999, Duration.ofMillis(10)), p.mark(), time.nanoTime());
        time.sleep(Duration.ofMillis(1));
        p.refused(null, time.nanoTime(), time.nanoTime());
        assertThat(p.window()).isEqualTo(8);
    }
}
