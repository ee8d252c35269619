package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.ProviderUnreachableException;
import io.github.empathy4j.core.prompt.PromptTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider that cannot be reached is given up after a few connection failures in a row; the others go on. */
class UnreachableProviderTest {

    private static final RetryPolicy FAST = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(2),
            RetryPolicy.Jitter.FULL);

    @TempDir
    Path dir;

    private static Condition condition(String name, String provider, Respondent respondent) {
        return new Condition(name, provider + ":" + name, Map.of(), PromptTemplate.defaultTemplate(), respondent);
    }

    @Test
    void aDeadProviderStopsAfterAFewConnectionFailuresAndItsItemsAreRecordedAndResumable() {
        AtomicInteger deadCalls = new AtomicInteger();
        AtomicInteger liveCalls = new AtomicInteger();
        Respondent dead = d -> {
            deadCalls.incrementAndGet();
            throw new ProviderUnreachableException("cannot connect to the server", new ConnectException(
                    "Connection refused"), true);
        };
        Respondent live = d -> {
            liveCalls.incrementAndGet();
            return Answer.of("fine", "live-1");
        };
        List<Dialogue> dialogues = Fixtures.dialogues(40);
        RunResult result = Run.builder().outputDirectory(dir).dialogues(dialogues).concurrency(1).retryPolicy(FAST)
                .condition(condition("down", "dead", dead)).condition(condition("up", "alive", live))
                .build().execute();

        // three calls in a row fail to connect, then no call to that provider
        assertThat(deadCalls).hasValue(Reachability.LIMIT);
        assertThat(liveCalls).hasValue(40);
        assertThat(result.failures()).hasSize(40).allSatisfy(f -> assertThat(f.condition()).isEqualTo("down"));
        // a call's retry waits without its slot, so the three failed calls may be of one to three items
        assertThat(result.failures().stream().mapToInt(RunResult.Failure::attempts).sum())
                .isEqualTo(Reachability.LIMIT);
        assertThat(result.failures()).filteredOn(f -> f.attempts() == 0)
                .hasSizeGreaterThanOrEqualTo(40 - Reachability.LIMIT)
                .allSatisfy(f -> assertThat(f.error()).contains("provider 'dead' is unreachable"));
        assertThat(Fixtures.lines(dir.resolve(Run.FAILURES_FILE))).hasSize(40);

        RunResult resumed = Run.builder().outputDirectory(dir).dialogues(dialogues).concurrency(4)
                .condition(condition("down", "dead", live)).condition(condition("up", "alive", live))
                .build().execute();
        assertThat(resumed.skipped()).isEqualTo(40);
        assertThat(resumed.answered()).isEqualTo(40);
        assertThat(resumed.complete()).isTrue();
    }

    @Test
    void aConnectExceptionFromAnyRespondentCountsAndASuccessInBetweenResetsTheCount() {
        AtomicInteger calls = new AtomicInteger();
        // fails to connect twice, then answers once, over and over: never three in a row
        Respondent flaky = d -> {
            if (calls.incrementAndGet() % 3 != 0) {
                throw new IllegalStateException("I/O error", new ConnectException("Connection refused"));
            }
            return Answer.of("ok", "m");
        };
        RunResult flakyResult = Run.builder().outputDirectory(dir.resolve("flaky")).dialogues(Fixtures.dialogues(9))
                .concurrency(1).retryPolicy(FAST).condition(condition("f", "p", flaky)).build().execute();
        assertThat(flakyResult.failures()).hasSize(6);
        assertThat(flakyResult.failures()).allSatisfy(f -> assertThat(f.attempts()).isEqualTo(1));

        AtomicInteger wrapped = new AtomicInteger();
        Respondent dead = d -> {
            wrapped.incrementAndGet();
            throw new IllegalStateException("I/O error", new ConnectException("Connection refused"));
        };
        RunResult deadResult = Run.builder().outputDirectory(dir.resolve("dead")).dialogues(Fixtures.dialogues(9))
                .concurrency(1).retryPolicy(FAST).condition(condition("d", "p", dead)).build().execute();
        assertThat(wrapped).hasValue(Reachability.LIMIT);
        assertThat(deadResult.failures()).hasSize(9);
    }
}
