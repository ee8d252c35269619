package io.github.empathy4j.core.run;

import java.time.Duration;

/**
 * When a lane may start its next call: its window of calls in flight, its request and token limits and the time
 * before which nothing starts. Guarded by its lane, not thread-safe.
 *
 * <p>Limits are the configured ones, or lower ones learned from the provider's headers ({@link Quota}: a limit is
 * read as per minute, as OpenAI, Azure, Together and Anthropic mean it), each a bucket of one second's worth. What a
 * bucket holds is capped, on every response that states a limit's {@code remaining}, at what the provider can have
 * left now: that {@code remaining}, plus what the limit refilled since the call was started, minus what the lane
 * started after it (requests, or tokens as estimated). A cap only ever lowers the bucket, so a response that arrives
 * late with a higher {@code remaining} changes nothing. A limit used up whose size is not sent ({@code remaining} 0)
 * pauses the lane until its reset; a few remaining of such a limit are spread until the reset.
 *
 * <p>An HTTP 429 refuses its call; whether it also says that the quota is used up depends on the lane's recent
 * responses. When the refusals among the lane's last {@link #window()} responses (successes and 429s, this refusal
 * included; fewer while the lane has had fewer) are more than half the window, refusals dominate: the lane pauses
 * for the refusal's {@code Retry-After} (when it has one) and, when the provider sends no limits, its window
 * shrinks. Otherwise the refusal is sporadic: only its call waits (the engine retries it after its
 * {@code Retry-After} or a backoff) while the lane goes on. Counting against the window, not against the responses
 * so far, keeps the quick refusals of a lane's first calls from dominating before their successes can answer.
 *
 * <p>A provider that sends no limits gets additive increase, multiplicative decrease: the window starts at the
 * lane's concurrency, halves ({@value #DECREASE}) on such a dominating refusal of a call started after the previous
 * decrease, and grows by one per window of successes, back up to the lane's concurrency.
 */
final class Pacing {

    /** The factor the window shrinks by when refusals dominate. */
    static final double DECREASE = 0.5;

    /**
     * What the lane had started when a call started: the call's time ({@link TimeSource#nanoTime()}) and the
     * lane's counts of calls and estimated tokens taken up to and including it.
     */
    record Mark(long at, long calls, double tokens) {
    }

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
    private long calls;
    private double tokensTaken;
    /** The outcomes of the last responses, a ring: {@code true} for a refusal. */
    private final boolean[] refusals;
    private int next;
    private int responses;

    Pacing(int max, Scheduling.RateLimit configured, TimeSource time) {
        this.max = max;
        this.configured = configured;
        this.time = time;
        this.window = max;
        this.refusals = new boolean[max];
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
        if (wait > 0) {
            if (requests != null) {
                requests.adjust(-1);
            }
            return wait;
        }
        calls++;
        tokensTaken += estimate;
        return 0;
    }

    /** The mark of the call {@link #take} let start last, which its responses' {@link #observe} takes. */
    Mark mark() {
        return new Mark(time.nanoTime(), calls, tokensTaken);
    }

    /** Gives back what {@link #take} took for a call that was not made (answered from the cache). */
    void refund(double estimate) {
        calls--;
        tokensTaken -= estimate;
        if (requests != null) {
            requests.adjust(-1);
        }
        if (tokens != null) {
            tokens.adjust(-estimate);
        }
    }

    /** A call succeeded, having used {@code used} tokens where {@code estimate} were taken. */
    void succeeded(double estimate, long used, long now) {
        record(false);
        lastSuccess = now;
        if (tokens != null) {
            tokens.adjust(used - estimate);
        }
        if (!informed) {
            window = Math.min(max, window + 1 / window);
        }
    }

    /**
     * A call started at {@code startedAt} was refused with HTTP 429, asking to wait {@code retryAfter} (or
     * {@code null}): the lane pauses and shrinks only when refusals dominate its recent responses.
     */
    void refused(Duration retryAfter, long startedAt, long now) {
        record(true);
        if (!dominated()) {
            return;
        }
        if (retryAfter != null) {
            notBefore = Math.max(notBefore, now + retryAfter.toNanos());
        }
        if (!informed && startedAt >= lastDecrease) {
            window = Math.max(1, window * DECREASE);
            lastDecrease = now;
        }
    }

    private void record(boolean refused) {
        refusals[next] = refused;
        next = (next + 1) % refusals.length;
        responses = Math.min(responses + 1, refusals.length);
    }

    /** Whether the refusals among the last {@link #window()} responses are more than half the window. */
    private boolean dominated() {
        int window = window();
        int refused = 0;
        for (int i = 1; i <= Math.min(responses, window); i++) {
            if (refusals[Math.floorMod(next - i, refusals.length)]) {
                refused++;
            }
        }
        return 2 * refused > window;
    }

    /** A response's limits, of the call {@code mark} marks. */
    void observe(Quota quota, Mark mark, long now) {
        Quota.Limit r = quota.requests();
        Quota.Limit t = quota.tokens() != null ? quota.tokens() : quota.inputTokens();
        if ((r != null || t != null) && !informed) {
            informed = true;
            window = max;
        }
        if (r != null) {
            requests = learn(requests, configured.requestsPerMinute(), r.limit());
            cap(requests, r, calls - mark.calls(), now - mark.at());
            pause(r, now);
        }
        if (t != null) {
            tokens = learn(tokens, configured.tokensPerMinute(), t.limit());
            cap(tokens, t, tokensTaken - mark.tokens(), now - mark.at());
            pause(t, now);
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

    /**
     * Caps the bucket at what the provider can have left: {@code remaining}, plus the refill of {@code elapsed}
     * nanoseconds at the limit's rate (the lane's own when the size is not sent), minus {@code takenSince}.
     */
    private static void cap(RateLimiter limiter, Quota.Limit limit, double takenSince, long elapsed) {
        if (limiter == null || limit.remaining() < 0) {
            return;
        }
        double perNano = limit.limit() > 0 ? limit.limit() / 60e9 : limiter.perNano();
        limiter.cap(limit.remaining() + elapsed * perNano - takenSince);
    }

    private void pause(Quota.Limit limit, long now) {
        if (limit.limit() > 0 || limit.remaining() < 0 || limit.reset() == null) {
            return; // a limit of known size is paced by its bucket
        }
        long reset = limit.reset().toNanos();
        if (limit.remaining() == 0) {
            notBefore = Math.max(notBefore, now + reset);
        } else if (limit.remaining() < window) {
            notBefore = Math.max(notBefore, now + reset / (limit.remaining() + 1));
        }
    }

    /** When the lane last had a success (or started), in {@link TimeSource#nanoTime()}. */
    long lastSuccess() {
        return lastSuccess;
    }
}
