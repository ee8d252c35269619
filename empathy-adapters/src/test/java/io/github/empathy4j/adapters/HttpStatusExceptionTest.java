package io.github.empathy4j.adapters;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpStatusExceptionTest {

    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

    private static Duration wait(Map<String, List<String>> headers, String body) {
        return HttpStatusException.retryAfter(headers, body, NOW);
    }

    @Test
    void retryAfterInSeconds() {
        assertThat(wait(Map.of("Retry-After", List.of("20")), "")).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void retryAfterAsHttpDateCountsFromNow() {
        assertThat(wait(Map.of("retry-after", List.of("Fri, 01 Mar 2024 12:01:30 GMT")), ""))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(wait(Map.of("retry-after", List.of("Fri, 01 Mar 2024 11:59:00 GMT")), "")).isZero();
    }

    @Test
    void openAiMillisecondsWin() {
        assertThat(wait(Map.of("Retry-After", List.of("2"), "retry-after-ms", List.of("1500")), ""))
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void googleRetryInfoInTheBody() {
        assertThat(wait(Map.of(), "{\"retryDelay\": \"0.5s\"}")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void anthropicWaitsForTheLatestResetOfTheLimitsUsedUp() {
        Map<String, List<String>> headers = Map.of(
                "anthropic-ratelimit-requests-remaining", List.of("0"),
                "anthropic-ratelimit-requests-reset", List.of("2024-03-01T12:00:20Z"),
                "anthropic-ratelimit-input-tokens-remaining", List.of("0"),
                "anthropic-ratelimit-input-tokens-reset", List.of("2024-03-01T12:00:45Z"),
                "anthropic-ratelimit-output-tokens-remaining", List.of("9000"),
                "anthropic-ratelimit-output-tokens-reset", List.of("2024-03-01T12:05:00Z"));

        assertThat(wait(headers, "")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void retryAfterWinsOverAnthropicResets() {
        assertThat(wait(Map.of("retry-after", List.of("7"), "anthropic-ratelimit-tokens-remaining", List.of("0"),
                "anthropic-ratelimit-tokens-reset", List.of("2024-03-01T12:01:00Z")), ""))
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void noWaitWhenNothingParses() {
        assertThat(wait(Map.of("Retry-After", List.of("soon")), "{\"error\": \"busy\"}")).isNull();
    }
}
