package io.github.empathy4j.adapters;

import dev.langchain4j.exception.HttpException;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A failed HTTP call as LangChain4j reports it, plus the wait the provider asked for. */
final class HttpStatusException extends HttpException {

    /** Google's {@code google.rpc.RetryInfo}, as in {@code "retryDelay": "37s"}. */
    private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

    private static final String ANTHROPIC_LIMIT = "anthropic-ratelimit-";

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
     * as an HTTP date, Anthropic's {@code anthropic-ratelimit-*-reset} time of a limit whose
     * {@code -remaining} is 0 (the latest, when several are used up), or Google's {@code retryDelay} in the
     * body; {@code null} when none parses.
     */
    static Duration retryAfter(Map<String, List<String>> headers, String body, Instant now) {
        String millis = header(headers, "retry-after-ms");
        if (millis != null && millis.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(millis)));
        }
        String value = header(headers, "retry-after");
        if (value != null) {
            if (value.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException e) {
                // not a date either: fall through to the body
            }
        }
        Duration reset = anthropicReset(headers, now);
        if (reset != null) {
            return reset;
        }
        Matcher m = RETRY_DELAY.matcher(body);
        return m.find() ? Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000)) : null;
    }

    /** The wait until the latest reset of the used-up {@code anthropic-ratelimit-*} limits; {@code null} if none. */
    private static Duration anthropicReset(Map<String, List<String>> headers, Instant now) {
        Duration wait = null;
        for (String name : headers.keySet()) {
            String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(ANTHROPIC_LIMIT) || !lower.endsWith("-remaining")
                    || !"0".equals(header(headers, lower))) {
                continue;
            }
            String reset = header(headers, lower.substring(0, lower.length() - "-remaining".length()) + "-reset");
            if (reset == null) {
                continue;
            }
            try {
                Instant at = OffsetDateTime.parse(reset).toInstant();
                Duration d = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
                wait = wait == null || d.compareTo(wait) > 0 ? d : wait;
            } catch (DateTimeParseException e) {
                // not RFC 3339: no wait from this limit
            }
        }
        return wait;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0).strip();
            }
        }
        return null;
    }
}
