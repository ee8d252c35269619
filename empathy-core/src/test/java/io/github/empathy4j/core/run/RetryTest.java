package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.ProviderTimeoutException;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RetryTest {

    @TempDir
    Path dir;

    private static Respondent failingTimes(int failures, AtomicInteger calls, java.util.function.Supplier<
            ProviderException> error) {
        return d -> {
            if (calls.incrementAndGet() <= failures) {
                throw error.get();
            }
            return Answer.of("finally", "m");
        };
    }

    private RunResult run(Respondent respondent, RetryPolicy policy, Fixtures.FakeTime time) {
        return Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(1)).retryPolicy(policy)
                .condition(Condition.of("c", respondent)).timeSource(time).build().execute();
    }

    @Test
    void waitsAtLeastRetryAfterBetweenAttempts() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        AtomicInteger calls = new AtomicInteger();
        Respondent limited = failingTimes(2, calls,
                () -> new RateLimitException("HTTP 429", null, Duration.ofSeconds(30)));

        RunResult result = run(limited, RetryPolicy.defaults(), time);

        assertThat(calls).hasValue(3);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(result.retries()).isEqualTo(2);
        Reply reply = result.replies().toList().get(0);
        assertThat(reply.attempts()).isEqualTo(3);
        assertThat(reply.latency()).isEqualTo(Duration.ofSeconds(60));
        assertThat(reply.text()).isEqualTo("finally");
    }

    @Test
    void backsOffExponentiallyWithEqualJitterUpToTheCap() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        AtomicInteger calls = new AtomicInteger();
        Respondent down = failingTimes(Integer.MAX_VALUE, calls, () -> new ProviderTimeoutException("timed out", null));
        RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(4), RetryPolicy.Jitter.EQUAL);

        RunResult result = run(down, policy, time);

        assertThat(calls).hasValue(5);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.attempts()).isEqualTo(5);
            assertThat(f.error()).isEqualTo("timed out");
        });
        assertThat(time.sleeps).hasSize(4);
        long[] upper = {1000, 2000, 4000, 4000};
        for (int i = 0; i < 4; i++) {
            assertThat(time.sleeps.get(i).toMillis()).isBetween(upper[i] / 2, upper[i]);
        }
    }

    @Test
    void fullJitterStaysUnderTheBackoffAndIsReproducible() {
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(10), RetryPolicy.Jitter.FULL);
        Fixtures.FakeTime first = new Fixtures.FakeTime();
        run(failingTimes(Integer.MAX_VALUE, new AtomicInteger(), () -> new ProviderException("HTTP 503", null, true,
                null)), policy, first);
        assertThat(first.sleeps).hasSize(3);
        assertThat(first.sleeps.get(0)).isLessThanOrEqualTo(Duration.ofMillis(200));
        assertThat(first.sleeps.get(1)).isLessThanOrEqualTo(Duration.ofMillis(400));
        assertThat(first.sleeps.get(2)).isLessThanOrEqualTo(Duration.ofMillis(800));

        Fixtures.FakeTime second = new Fixtures.FakeTime();
        dir = dir.resolve("again");
        run(failingTimes(Integer.MAX_VALUE, new AtomicInteger(), () -> new ProviderException("HTTP 503", null, true,
                null)), policy, second);
        assertThat(second.sleeps).containsExactlyElementsOf(first.sleeps);
    }

    @Test
    void neverRetriesANonRetriableError() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        AtomicInteger calls = new AtomicInteger();
        RunResult result = run(failingTimes(Integer.MAX_VALUE, calls,
                () -> new ProviderException("HTTP 400: bad request", null, false, null)), RetryPolicy.defaults(), time);

        assertThat(calls).hasValue(1);
        assertThat(time.sleeps).isEmpty();
        assertThat(result.retries()).isZero();
        assertThat(result.failures()).singleElement().extracting(RunResult.Failure::attempts).isEqualTo(1);
    }

    @Test
    void retriesUpToTheConfiguredAttempts() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        AtomicInteger calls = new AtomicInteger();
        RunResult result = run(failingTimes(Integer.MAX_VALUE, calls,
                () -> new ProviderException("HTTP 503", null, true, null)), RetryPolicy.defaults().withMaxAttempts(2),
                time);

        assertThat(calls).hasValue(2);
        assertThat(result.failures()).singleElement().extracting(RunResult.Failure::attempts).isEqualTo(2);
    }

    @Test
    void noRetryPolicyFailsAtOnce() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        AtomicInteger calls = new AtomicInteger();
        RunResult result = run(failingTimes(1, calls, () -> new ProviderException("HTTP 503", null, true, null)),
                RetryPolicy.none(), time);

        assertThat(calls).hasValue(1);
        assertThat(result.failed()).isEqualTo(1);
    }

    @Test
    void aRateLimitNeverUsesUpRetriesAndGivesUpOnlyAfterThePatience() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        List<Long> callTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Respondent refusing = d -> {
            callTimes.add(time.nanoTime());
            throw new RateLimitException("HTTP 429", null, Duration.ofSeconds(30));
        };
        RunResult result = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(1))
                .retryPolicy(RetryPolicy.defaults().withMaxAttempts(2)).patience(Duration.ofMinutes(5))
                .condition(Condition.of("c", refusing)).timeSource(time).build().execute();

        // a call every 30 s (the Retry-After) from 0 to 300 s; the refusal at 300 s has used up 5 minutes
        assertThat(callTimes).hasSize(11);
        for (int i = 0; i < callTimes.size(); i++) {
            assertThat(callTimes.get(i)).isEqualTo(Duration.ofSeconds(30L * i).toNanos());
        }
        assertThat(result.retries()).isEqualTo(10);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.attempts()).isEqualTo(11);
            assertThat(f.error()).startsWith("HTTP 429").contains("300 s of patience");
        });
    }

    @Test
    void refusalsDoNotCountAgainstTheRetriesOfOtherFailures() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        AtomicInteger calls = new AtomicInteger();
        Respondent respondent = d -> {
            int call = calls.incrementAndGet();
            if (call <= 6) {
                throw new RateLimitException("HTTP 429", null, null);
            }
            if (call == 7) {
                throw new ProviderException("HTTP 503", null, true, null);
            }
            return Answer.of("finally", "m");
        };
        RunResult result = run(respondent, RetryPolicy.defaults().withMaxAttempts(2), time);

        assertThat(calls).hasValue(8);
        assertThat(result.failures()).isEmpty();
        assertThat(result.retries()).isEqualTo(7);
        assertThat(result.replies().toList()).singleElement().extracting(Reply::attempts).isEqualTo(8);
    }

    @Test
    void aSecondServerErrorAfterRefusalsUsesUpTheRetries() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        AtomicInteger calls = new AtomicInteger();
        Respondent respondent = d -> {
            if (calls.incrementAndGet() % 2 == 1) {
                throw new RateLimitException("HTTP 429", null, null);
            }
            throw new ProviderException("HTTP 503", null, true, null);
        };
        RunResult result = run(respondent, RetryPolicy.defaults().withMaxAttempts(2), time);

        // 429, 503 (retry 1 of 1), 429, 503: the second 503 is the last of two attempts that count
        assertThat(calls).hasValue(4);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.attempts()).isEqualTo(4);
            assertThat(f.error()).isEqualTo("HTTP 503");
        });
    }

    @Test
    void delayGrowsFromTheInitialDelayAndHonoursRetryAfterAboveTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), RetryPolicy.Jitter.EQUAL);
        SplittableRandom random = new SplittableRandom(1);
        List<Long> bounds = List.of(100L, 200L, 400L, 800L, 1000L, 1000L);
        for (int attempt = 1; attempt <= bounds.size(); attempt++) {
            long millis = policy.delay(attempt, null, random).toMillis();
            assertThat(millis).isBetween(bounds.get(attempt - 1) / 2, bounds.get(attempt - 1));
        }
        assertThat(policy.delay(60, Duration.ofMinutes(2), random)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.delay(62, null, random)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
}
