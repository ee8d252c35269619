package io.github.empathy4j.core.run;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provider's response said about its rate limits, which the engine paces the call's lane to.
 *
 * <p>Whoever sees the HTTP responses of a call reports them with {@link #report(Quota)} on the calling thread,
 * typically {@code Quota.report(Quota.parse(headers, Instant.now()))}; the LangChain4j adapters' HTTP client does
 * so for every response. A report outside a run's call is ignored.
 *
 * @param requests the request limit, or {@code null} when not sent
 * @param tokens the token limit (input and output), or {@code null}
 * @param inputTokens the input token limit (Anthropic), or {@code null}
 * @param outputTokens the output token limit (Anthropic), or {@code null}
 * @param retryAfter how long the provider asked to wait, or {@code null}
 */
public record Quota(Limit requests, Limit tokens, Limit inputTokens, Limit outputTokens, Duration retryAfter) {

    /**
     * One limit: its size per minute, what is left of it and when it is whole again.
     *
     * @param limit the limit per minute, or -1 when not sent
     * @param remaining what is left, or -1 when not sent
     * @param reset the time until the limit is whole again, or {@code null} when not sent
     */
    public record Limit(long limit, long remaining, Duration reset) {
    }

    private static final ThreadLocal<Consumer<Quota>> OBSERVER = new ThreadLocal<>();
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    /**
     * The limits in response headers: OpenAI's, Azure's, Groq's and Together's
     * {@code x-ratelimit-limit|remaining|reset-requests|tokens} (resets such as {@code 1s}, {@code 6m0s},
     * {@code 20ms}, {@code 1m30.5s}), Anthropic's {@code anthropic-ratelimit-requests|tokens|input-tokens|
     * output-tokens-limit|remaining|reset} (resets as RFC 3339 instants), {@code retry-after-ms} and
     * {@code Retry-After} (seconds or an HTTP date). Names are matched ignoring case; values that do not parse
     * are left out.
     *
     * @param headers the response's headers
     * @param now the time of the response, for resets given as instants
     * @return the limits, or {@code null} when the headers hold none
     */
    public static Quota parse(Map<String, List<String>> headers, Instant now) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null && !values.isEmpty() && values.get(0) != null) {
                h.put(name, values.get(0).strip());
            }
        });
        Limit requests = first(openAi(h, "requests"), anthropic(h, "requests", now));
        Limit tokens = first(openAi(h, "tokens"), anthropic(h, "tokens", now));
        Limit input = anthropic(h, "input-tokens", now);
        Limit output = anthropic(h, "output-tokens", now);
        Duration retryAfter = retryAfter(h, now);
        if (requests == null && tokens == null && input == null && output == null && retryAfter == null) {
            return null;
        }
        return new Quota(requests, tokens, input, output, retryAfter);
    }

    /**
     * Reports a response's limits to the run whose call is running on this thread; does nothing when
     * {@code quota} is {@code null} or no call of a run is running on this thread.
     */
    public static void report(Quota quota) {
        Consumer<Quota> observer = OBSERVER.get();
        if (observer != null && quota != null) {
            observer.accept(quota);
        }
    }

    /** Makes a call on this thread with {@code observer} receiving its reports. */
    static <T> T observing(Consumer<Quota> observer, Supplier<T> call) {
        Consumer<Quota> outer = OBSERVER.get();
        OBSERVER.set(observer);
        try {
            return call.get();
        } finally {
            OBSERVER.set(outer);
        }
    }

    /** A duration such as {@code 1s}, {@code 6m0s}, {@code 20ms} or {@code 1m30.5s}; {@code null} when not one. */
    static Duration duration(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Matcher m = DURATION.matcher(text);
        double nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            double value = Double.parseDouble(m.group(1));
            nanos += value * switch (m.group(2)) {
                case "h" -> 3600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                default -> 1e6;
            };
            end = m.end();
        }
        return end == text.length() ? Duration.ofNanos(Math.round(nanos)) : null;
    }

    private static Limit openAi(Map<String, String> h, String what) {
        return limit(count(h.get("x-ratelimit-limit-" + what)), count(h.get("x-ratelimit-remaining-" + what)),
                duration(h.get("x-ratelimit-reset-" + what)));
    }

    private static Limit anthropic(Map<String, String> h, String what, Instant now) {
        String prefix = "anthropic-ratelimit-" + what + "-";
        return limit(count(h.get(prefix + "limit")), count(h.get(prefix + "remaining")),
                until(h.get(prefix + "reset"), now));
    }

    private static Limit limit(long limit, long remaining, Duration reset) {
        return limit < 0 && remaining < 0 && reset == null ? null : new Limit(limit, remaining, reset);
    }

    private static Limit first(Limit a, Limit b) {
        return a != null ? a : b;
    }

    private static long count(String value) {
        return value != null && value.matches("\\d{1,18}") ? Long.parseLong(value) : -1;
    }

    private static Duration until(String instant, Instant now) {
        if (instant == null) {
            return null;
        }
        try {
            Instant at = OffsetDateTime.parse(instant).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration retryAfter(Map<String, String> h, Instant now) {
        String millis = h.get("retry-after-ms");
        if (millis != null && NUMBER.matcher(millis).matches()) {
            return Duration.ofNanos(Math.round(Double.parseDouble(millis) * 1e6));
        }
        String value = h.get("retry-after");
        if (value == null) {
            return null;
        }
        if (NUMBER.matcher(value).matches()) {
            return Duration.ofNanos(Math.round(Double.parseDouble(value) * 1e9));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
