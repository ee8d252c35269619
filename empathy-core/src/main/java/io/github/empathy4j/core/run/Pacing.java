package io.github.empathy4j.core.run;

import java.time.Duration;

/**
 * When a lane may start its next call: its window of calls in flight, its request and token limits and the time
 * before which nothing starts. Guarded by its lane, not thread-safe.
 *
 * <p>Limits are the configured ones, or lower ones learned from the provider's headers ({@link Quota}: a limit is
 * read as per minute, as OpenAI, Azure, Together and Anthropic mean it), each a bucket of one second's worth. A
 * limit used up ({@code remaining} 0) pauses the lane until its reset, at most one call's share of the minute when
 * the limit is known; a limit without its size has what remains spread until the reset. A {@code Retry-After}
 * pauses the lane for as long.
 *
 * <p>A provider that sends no limits gets additive increase, multiplicative decrease: the window starts at the
 * lane's concurrency, halves ({@value #DECREASE}) on an HTTP 429 of a call started after the previous decrease, and
 * grows by one per window of successes, back up to the lane's concurrency.
 */
final class Pacing {

    /** The factor the window shrinks by on an HTTP 429. */
    static final double DECREASE = 0.5;

    private final int max;
    private final Scheduling.RateLimit configured;
    private final TimeSource time;
    private double window;
    private RateLimiter requests;
    private RateLimiter tokens;
    private long notBefore;
    private boolean informed;
    private long lastDecrease;
    private long lastSuccess;

    Pacing(int max, Scheduling.RateLimit configured, TimeSource time) {
        this.max = max;
        this.configured = configured;
        this.time = time;
        this.window = max;
        long now = time.nanoTime();
        this.notBefore = now;
        this.lastDecrease = now;
        this.lastSuccess = now;
        this.requests = configured.requestsPerMinute() > 0 ? new RateLimiter(configured.requestsPerMinute(), time)
                : null;
        this.tokens = configured.tokensPerMinute() > 0 ? new RateLimiter(configured.tokensPerMinute(), time) : null;
    }

    /** Calls in flight allowed now, at least 1. */
    int window() {
        return Math.max(1, (int) window);
    }

    /** Takes a request and {@code estimate} tokens and returns 0 when a call may start now; else how long to wait. */
    long take(double estimate) {
        long now = time.nanoTime();
        if (notBefore > now) {
            return notBefore - now;
        }
        long wait = requests == null ? 0 : requests.take(1);
        if (wait > 0) {
            return wait;
        }
        wait = tokens == null ? 0 : tokens.take(estimate);
        if (wait > 0 && requests != null) {
            requests.adjust(-1);
        }
        return wait;
    }

    /** Gives back what {@link #take} took for a call that was not made (answered from the cache). */
    void refund(double estimate) {
        if (requests != null) {
            requests.adjust(-1);
        }
        if (tokens != null) {
            tokens.adjust(-estimate);
        }
    }

    /** A call succeeded, having used {@code used} tokens where {@code estimate} were taken. */
    void succeeded(double estimate, long used, long now) {
        lastSuccess = now;
        if (tokens != null) {
            tokens.adjust(used - estimate);
        }
        if (!informed) {
            window = Math.min(max, window + 1 / window);
        }
    }

    /** A call started at {@code startedAt} was refused with HTTP 429. */
    void refused(Duration retryAfter, long startedAt, long now) {
        if (retryAfter != null) {
            notBefore = Math.max(notBefore, now + retryAfter.toNanos());
        }
        if (!informed && startedAt >= lastDecrease) {
            window = Math.max(1, window * DECREASE);
            lastDecrease = now;
        }
    }

    /** A response's limits. */
    void observe(Quota quota, long now) {
        Quota.Limit r = quota.requests();
        Quota.Limit t = quota.tokens() != null ? quota.tokens() : quota.inputTokens();
        if ((r != null || t != null) && !informed) {
            informed = true;
            window = max;
        }
        if (r != null) {
            requests = learn(requests, configured.requestsPerMinute(), r.limit());
            pause(r, now);
        }
        if (t != null) {
            tokens = learn(tokens, configured.tokensPerMinute(), t.limit());
            pause(t, now);
        }
        if (quota.retryAfter() != null) {
            notBefore = Math.max(notBefore, now + quota.retryAfter().toNanos());
        }
    }

    private RateLimiter learn(RateLimiter limiter, long configuredPerMinute, long limit) {
        if (limit <= 0) {
            return limiter;
        }
        long perMinute = configuredPerMinute > 0 ? Math.min(configuredPerMinute, limit) : limit;
        if (limiter == null) {
            return new RateLimiter(perMinute, time);
        }
        limiter.rate(perMinute);
        return limiter;
    }

    private void pause(Quota.Limit limit, long now) {
        if (limit.remaining() < 0 || limit.reset() == null) {
            return;
        }
        long reset = limit.reset().toNanos();
        if (limit.remaining() == 0) {
            long wait = limit.limit() > 0 ? Math.min(reset, 60_000_000_000L / limit.limit()) : reset;
            notBefore = Math.max(notBefore, now + wait);
        } else if (limit.limit() <= 0 && limit.remaining() < window) {
            notBefore = Math.max(notBefore, now + reset / (limit.remaining() + 1));
        }
    }

    /** When the lane last had a success (or started), in {@link TimeSource#nanoTime()}. */
    long lastSuccess() {
        return lastSuccess;
    }
}
