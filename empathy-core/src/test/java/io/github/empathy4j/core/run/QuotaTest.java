package io.github.empathy4j.core.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    private static Map<String, List<String>> headers(String... nameValues) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return map;
    }

    @Test
    void readsOpenAiStyleLimitsWithTheirResetDurations() {
        // the header set OpenAI, Azure OpenAI, Groq and Together send
        Quota q = Quota.parse(headers("x-ratelimit-limit-requests", "6000", "x-ratelimit-remaining-requests", "5999",
                "x-ratelimit-reset-requests", "10ms", "X-RateLimit-Limit-Tokens", "150000",
                "x-ratelimit-remaining-tokens", "149000", "x-ratelimit-reset-tokens", "6m0s"), NOW);

        assertThat(q.requests()).isEqualTo(new Quota.Limit(6000, 5999, Duration.ofMillis(10)));
        assertThat(q.tokens()).isEqualTo(new Quota.Limit(150_000, 149_000, Duration.ofMinutes(6)));
        assertThat(q.inputTokens()).isNull();
        assertThat(q.outputTokens()).isNull();
        assertThat(q.retryAfter()).isNull();
    }

    @Test
    void readsResetDurationsOfEveryShape() {
        assertThat(Quota.duration("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(Quota.duration("6m0s")).isEqualTo(Duration.ofMinutes(6));
        assertThat(Quota.duration("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(Quota.duration("1m30.5s")).isEqualTo(Duration.ofMillis(90_500));
        assertThat(Quota.duration("2h3m")).isEqualTo(Duration.ofMinutes(123));
        assertThat(Quota.duration("0.25s")).isEqualTo(Duration.ofMillis(250));
        assertThat(Quota.duration("soon")).isNull();
        assertThat(Quota.duration("1s later")).isNull();
        assertThat(Quota.duration("")).isNull();
    }

    @Test
    void readsAnthropicLimitsWithResetsAsInstants() {
        Quota q = Quota.parse(headers("anthropic-ratelimit-requests-limit", "50",
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2026-11-27T08:00:30Z",
                "anthropic-ratelimit-tokens-limit", "80000", "anthropic-ratelimit-tokens-remaining", "79000",
                "anthropic-ratelimit-tokens-reset", "2026-11-27T08:00:01.5Z",
                "anthropic-ratelimit-input-tokens-limit", "40000", "anthropic-ratelimit-input-tokens-remaining",
                "39500", "anthropic-ratelimit-input-tokens-reset", "2026-11-27T09:00:00+01:00",
                "anthropic-ratelimit-output-tokens-limit", "8000", "anthropic-ratelimit-output-tokens-remaining",
                "7500", "anthropic-ratelimit-output-tokens-reset", "2026-11-27T07:59:59Z"), NOW);

        assertThat(q.requests()).isEqualTo(new Quota.Limit(50, 0, Duration.ofSeconds(30)));
        assertThat(q.tokens()).isEqualTo(new Quota.Limit(80_000, 79_000, Duration.ofMillis(1500)));
        assertThat(q.inputTokens()).isEqualTo(new Quota.Limit(40_000, 39_500, Duration.ZERO));
        assertThat(q.outputTokens()).as("a reset in the past is now").isEqualTo(new Quota.Limit(8000, 7500,
                Duration.ZERO));
    }

    @Test
    void readsRetryAfterInMillisecondsSecondsAndAsADate() {
        assertThat(Quota.parse(headers("retry-after-ms", "1500"), NOW).retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(Quota.parse(headers("retry-after-ms", "12.5", "Retry-After", "1"), NOW).retryAfter())
                .as("retry-after-ms first").isEqualTo(Duration.ofMillis(12).plusNanos(500_000));
        assertThat(Quota.parse(headers("Retry-After", "7"), NOW).retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(Quota.parse(headers("retry-after", "Fri, 27 Nov 2026 08:00:45 GMT"), NOW).retryAfter())
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(Quota.parse(headers("retry-after", "Fri, 27 Nov 2026 07:00:45 GMT"), NOW).retryAfter())
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void headersWithoutLimitsOrWithBadValuesGiveNothing() {
        assertThat(Quota.parse(headers("content-type", "application/json"), NOW)).isNull();
        assertThat(Quota.parse(headers("retry-after", "later", "x-ratelimit-limit-requests", "many"), NOW)).isNull();
        Quota partial = Quota.parse(headers("x-ratelimit-remaining-requests", "12",
                "x-ratelimit-reset-requests", "whenever"), NOW);
        assertThat(partial.requests()).isEqualTo(new Quota.Limit(-1, 12, null));
    }

    @Test
    void aReportReachesOnlyTheObserverOfTheCallOnItsThread() {
        List<Quota> seen = new ArrayList<>();
        Quota quota = new Quota(new Quota.Limit(1, 0, Duration.ofSeconds(1)), null, null, null, null);
        Quota.report(quota); // no call running: ignored
        String value = Quota.observing(seen::add, () -> {
            Quota.report(quota);
            Quota.report(null);
            return "done";
        });
        Quota.report(quota);

        assertThat(value).isEqualTo("done");
        assertThat(seen).containsExactly(quota);
    }
}
