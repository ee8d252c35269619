package io.github.empathy4j.core.run;

import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {

    @TempDir
    Path dir;

    @Test
    void requestsPerMinuteSpaceTheCallsOfAProvider() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        List<Long> callTimes = new ArrayList<>();
        Respondent timed = d -> {
            synchronized (callTimes) {
                callTimes.add(time.nanoTime());
            }
            return Answer.of("ok", "m");
        };
        Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(5)).concurrency(1).timeSource(time)
                .condition(new Condition("a", "prov:one", Map.of(), null, timed))
                .condition(new Condition("b", "prov:two", Map.of(), null, timed))
                .rateLimit("prov", 60, 0).build().execute();

        assertThat(callTimes).hasSize(10);
        for (int i = 1; i < callTimes.size(); i++) {
            assertThat(callTimes.get(i) - callTimes.get(i - 1)).isGreaterThanOrEqualTo(999_999_000L);
        }
    }

    @Test
    void aLimitOnAnotherProviderDoesNotSlowACondition() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(5)).concurrency(1).timeSource(time)
                .condition(new Condition("a", "mine:model", Map.of(), null, d -> Answer.of("ok", "m")))
                .rateLimit("other", 1, 1).build().execute();

        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void tokensPerMinuteAreChargedAfterEachCall() {
        Fixtures.FakeTime time = new Fixtures.FakeTime();
        List<Long> callTimes = new ArrayList<>();
        long perCall = 50;
        Respondent hungry = d -> {
            synchronized (callTimes) {
                callTimes.add(time.nanoTime());
            }
            return new Answer("ok", FinishReason.STOP, "m", new TokenUsage(0, perCall));
        };
        long tokensPerMinute = 600;
        Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(6)).concurrency(1).timeSource(time)
                .condition(new Condition("a", "prov:x", Map.of(), null, hungry))
                .rateLimit("prov", 0, tokensPerMinute).build().execute();

        // A bucket of one second's tokens (10) refilled at 10 a second: before call i, the i * 50
        // tokens already used cannot exceed 10 + 10 * (seconds elapsed).
        assertThat(callTimes).hasSize(6);
        double perSecond = tokensPerMinute / 60.0;
        for (int i = 0; i < callTimes.size(); i++) {
            double seconds = callTimes.get(i) / 1e9;
            assertThat(i * perCall).isLessThanOrEqualTo((long) Math.ceil(perSecond + perSecond * seconds + 1e-6));
        }
        assertThat(callTimes.get(5) / 1e9).isGreaterThanOrEqualTo((5 * perCall - perSecond) / perSecond - 1e-6);
    }
}
