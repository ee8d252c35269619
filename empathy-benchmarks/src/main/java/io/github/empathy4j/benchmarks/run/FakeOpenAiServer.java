package io.github.empathy4j.benchmarks.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat completions endpoint on 127.0.0.1 for the benchmarks (the JDK's {@code HttpServer},
 * 128 worker threads). An accepted request is answered after a fixed delay (a worker sleeps). A judge's request
 * (its prompt asks for a {@code "rating"}) gets {@code {"rationale": ..., "rating": "Good"}}; any other request
 * a short reply naming the dialogue's number (read from the prompt's "number N,").
 *
 * <p>Two ways to refuse with HTTP 429, at once and without the delay: the first request of every n-th
 * dialogue ({@code throttleEvery}, with {@code Retry-After: 1}); or a {@link Quota}, a token bucket of requests,
 * with the rate-limit headers of {@link LimitHeaders}. The server counts calls, refusals and acceptances (also per
 * second since it started), the accepted requests in flight at once, and the times of its first request and last
 * reply.
 */
final class FakeOpenAiServer implements AutoCloseable {

    /**
     * A token bucket of requests: {@code burst} at once, refilled at {@code perSecond}; full at the start.
     *
     * @param burst requests allowed at once
     * @param perSecond requests a second in the long run
     */
    record Quota(int burst, double perSecond) {

        /** The bucket of a quota per minute with one second's burst, as 6,000 a minute: 100, refilled at 100/s. */
        static Quota perMinute(int requestsPerMinute) {
            return new Quota(requestsPerMinute / 60, requestsPerMinute / 60.0);
        }

        int perMinute() {
            return (int) Math.round(perSecond * 60);
        }

        /** Seconds until the last of {@code requests} sent at once can be accepted, plus one call's latency. */
        double seconds(int requests, long latencyMillis) {
            return Math.max(0, requests - burst) / perSecond + latencyMillis / 1000.0;
        }
    }

    /** Which rate-limit headers the server sends. */
    enum LimitHeaders {
        /**
         * OpenAI's: {@code x-ratelimit-limit/remaining/reset-requests} and {@code -tokens} on every response
         * (the token limit generous), and {@code retry-after-ms} on a 429.
         */
        OPENAI,
        /** Only {@code Retry-After} in whole seconds on a 429. */
        RETRY_AFTER
    }

    /** A generous token limit a minute, reported beside the request limit. */
    static final long TOKENS_PER_MINUTE = 10_000_000;
    /** How many seconds {@link #refusedPerSecond()} and {@link #acceptedPerSecond()} tell apart (the last: the rest). */
    private static final int SECONDS = 900;
    private static final Pattern NUMBER = Pattern.compile("number (\\d+),");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] REFUSAL = """
            {"error": {"message": "Rate limit reached for requests", "type": "requests", "param": null, \
            "code": "rate_limit_exceeded"}}""".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService workers;
    private final long delayMillis;
    private final int throttleEvery;
    private final Quota quota;
    private final LimitHeaders headers;
    private final long started = System.nanoTime();
    private final Set<Integer> throttled = ConcurrentHashMap.newKeySet();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicIntegerArray refusedPerSecond = new AtomicIntegerArray(SECONDS);
    private final AtomicIntegerArray acceptedPerSecond = new AtomicIntegerArray(SECONDS);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong firstRequest = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastReply = new AtomicLong(Long.MIN_VALUE);
    /** The request bucket's tokens and when they were counted; guarded by this. */
    private double requestTokens;
    private double tokenTokens = TOKENS_PER_MINUTE;
    private long counted = started;

    /** Answers every request after {@code delayMillis}. */
    FakeOpenAiServer(long delayMillis) throws IOException {
        this(delayMillis, 0, null, null);
    }

    /** Answers after {@code delayMillis}, refusing the first request of every {@code throttleEvery}-th dialogue. */
    FakeOpenAiServer(long delayMillis, int throttleEvery) throws IOException {
        this(delayMillis, throttleEvery, null, null);
    }

    /** Answers after {@code delayMillis} within {@code quota}, refusing the rest with {@code headers}. */
    FakeOpenAiServer(long delayMillis, Quota quota, LimitHeaders headers) throws IOException {
        this(delayMillis, 0, quota, headers);
    }

    private FakeOpenAiServer(long delayMillis, int throttleEvery, Quota quota, LimitHeaders headers)
            throws IOException {
        this.delayMillis = delayMillis;
        this.throttleEvery = throttleEvery;
        this.quota = quota;
        this.headers = headers;
        this.requestTokens = quota == null ? 0 : quota.burst();
        AtomicInteger counter = new AtomicInteger();
        workers = Executors.newFixedThreadPool(128, r -> {
            Thread t = new Thread(r, "fake-openai-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(workers);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    int calls() {
        return calls.get();
    }

    int refused() {
        return refused.get();
    }

    int peakInFlight() {
        return peakInFlight.get();
    }

    void resetPeak() {
        peakInFlight.set(0);
    }

    /** Forgets when the first request arrived and the last reply was sent, for a timed phase of its own. */
    void resetTimes() {
        firstRequest.set(Long.MAX_VALUE);
        lastReply.set(Long.MIN_VALUE);
    }

    /** {@link System#nanoTime()} when the first request arrived; {@link Long#MAX_VALUE} before. */
    long firstRequestNanos() {
        return firstRequest.get();
    }

    /** {@link System#nanoTime()} when the last reply (accepted or refused) was sent; {@link Long#MIN_VALUE} before. */
    long lastReplyNanos() {
        return lastReply.get();
    }

    /** Refusals in each second since the server started, up to the last second with a request. */
    int[] refusedPerSecond() {
        return perSecond(refusedPerSecond);
    }

    /** Accepted requests in each second since the server started, up to the last second with a request. */
    int[] acceptedPerSecond() {
        return perSecond(acceptedPerSecond);
    }

    private int[] perSecond(AtomicIntegerArray counts) {
        int last = -1;
        for (int i = 0; i < SECONDS; i++) {
            if (refusedPerSecond.get(i) > 0 || acceptedPerSecond.get(i) > 0) {
                last = i;
            }
        }
        int[] copy = new int[last + 1];
        for (int i = 0; i <= last; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long now = System.nanoTime();
            firstRequest.accumulateAndGet(now, Math::min);
            calls.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = NUMBER.matcher(body);
            int dialogue = m.find() ? Integer.parseInt(m.group(1)) : -1;
            int promptTokens = body.length() / 4;
            Headers out = exchange.getResponseHeaders();
            out.set("Content-Type", "application/json");
            boolean refuse = throttleEvery > 0 && dialogue % throttleEvery == 0 && throttled.add(dialogue);
            if (refuse) {
                out.set("Retry-After", "1");
            } else if (quota != null) {
                refuse = !admit(now, promptTokens + 9, out);
            }
            int second = (int) Math.min(SECONDS - 1, (now - started) / 1_000_000_000L);
            if (refuse) {
                refused.incrementAndGet();
                refusedPerSecond.incrementAndGet(second);
                send(exchange, 429, REFUSAL);
                return;
            }
            acceptedPerSecond.incrementAndGet(second);
            peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
            } finally {
                inFlight.decrementAndGet(); // before the reply leaves, after which the client sends the next
            }
            send(exchange, 200, completion(dialogue, promptTokens, body.contains("\\\"rating\\\"")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes a request (and its tokens) from the buckets if it has one, and sets the headers either way. */
    private synchronized boolean admit(long now, int tokens, Headers out) {
        double seconds = (now - counted) / 1e9;
        counted = now;
        requestTokens = Math.min(quota.burst(), requestTokens + seconds * quota.perSecond());
        tokenTokens = Math.min(TOKENS_PER_MINUTE, tokenTokens + seconds * TOKENS_PER_MINUTE / 60.0);
        boolean accepted = requestTokens >= 1;
        if (accepted) {
            requestTokens -= 1;
            tokenTokens = Math.max(0, tokenTokens - tokens);
        }
        if (headers == LimitHeaders.OPENAI) {
            out.set("x-ratelimit-limit-requests", Integer.toString(quota.perMinute()));
            out.set("x-ratelimit-remaining-requests", Long.toString((long) Math.floor(requestTokens)));
            out.set("x-ratelimit-reset-requests", duration((quota.burst() - requestTokens) / quota.perSecond()));
            out.set("x-ratelimit-limit-tokens", Long.toString(TOKENS_PER_MINUTE));
            out.set("x-ratelimit-remaining-tokens", Long.toString((long) Math.floor(tokenTokens)));
            out.set("x-ratelimit-reset-tokens", duration((TOKENS_PER_MINUTE - tokenTokens) / (TOKENS_PER_MINUTE / 60.0)));
            if (!accepted) {
                long wait = (long) Math.ceil((1 - requestTokens) / quota.perSecond() * 1000);
                out.set("retry-after-ms", Long.toString(Math.max(1, wait)));
            }
        } else if (!accepted) {
            out.set("Retry-After", Long.toString((long) Math.max(1, Math.ceil((1 - requestTokens) / quota.perSecond()))));
        }
        return accepted;
    }

    /** A duration as OpenAI writes it: {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 6m0s}. */
    static String duration(double seconds) {
        long millis = Math.max(0, Math.round(seconds * 1000));
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return (millis % 1000 == 0 ? Long.toString(millis / 1000)
                    : String.format(Locale.ROOT, "%.3f", millis / 1000.0).replaceAll("0+$", "")) + "s";
        }
        return millis / 60_000 + "m" + (millis % 60_000) / 1000 + "s";
    }

    private static byte[] completion(int dialogue, int promptTokens, boolean judge) throws IOException {
        String content = judge
                ? "{\"rationale\": \"Warm and specific, number " + dialogue + ".\", \"rating\": \"Good\"}"
                : "That sounds like a lot, number " + dialogue + ".";
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + dialogue).put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", "bench-model-0001");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", 9)
                .put("total_tokens", promptTokens + 9);
        return JSON.writeValueAsBytes(root);
    }

    private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        lastReply.accumulateAndGet(System.nanoTime(), Math::max);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
