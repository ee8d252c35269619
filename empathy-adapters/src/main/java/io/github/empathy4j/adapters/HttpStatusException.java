package io.github.empathy4j.adapters;

import dev.langchain4j.exception.HttpException;
import io.github.empathy4j.core.run.Quota;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A failed HTTP call as LangChain4j reports it, plus the wait the provider asked for. */
final class HttpStatusException extends HttpException {

    /** Google's {@code google.rpc.RetryInfo}, as in {@code "retryDelay": "37s"}. */
    private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

    private final transient Duration retryAfter;

    HttpStatusException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** The wait, or {@code null} when the provider named none. */
    Duration retryAfter() {
        return retryAfter;
    }

    /**
     * The wait a failed response asks for: {@code retry-after-ms} (OpenAI), {@code Retry-After} in seconds or
     * as an HTTP date, the reset time of a limit whose {@code remaining} is 0 (Anthropic's
     * {@code anthropic-ratelimit-*}, OpenAI's {@code x-ratelimit-*}; the latest, when several are used up), or
     * Google's {@code retryDelay} in the body; {@code null} when none parses. See {@link Quota#parse}.
     */
    static Duration retryAfter(Map<String, List<String>> headers, String body, Instant now) {
        Quota quota = Quota.parse(headers, now);
        if (quota != null && quota.retryAfter() != null) {
            return quota.retryAfter();
        }
        Duration wait = null;
        if (quota != null) {
            for (Quota.Limit limit : Arrays.asList(quota.requests(), quota.tokens(), quota.inputTokens(),
                    quota.outputTokens())) {
                if (limit != null && limit.remaining() == 0 && limit.reset() != null
                        && (wait == null || limit.reset().compareTo(wait) > 0)) {
                    wait = limit.reset();
                }
            }
        }
        if (wait != null) {
            return wait;
        }
        Matcher m = RETRY_DELAY.matcher(body);
        return m.find() ? Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000)) : null;
    }
}
