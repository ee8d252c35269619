package io.github.empathy4j.core.run;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How a run retries a call that failed with a retriable
 * {@link io.github.empathy4j.core.ProviderException} (HTTP 429, 5xx, time-out, connection reset).
 *
 * <p>After the n-th failed attempt the engine waits a delay drawn from the exponential backoff
 * {@code b = min(maxDelay, initialDelay * 2^(n-1))}: uniformly in {@code [0, b]} with
 * {@link Jitter#FULL} jitter, in {@code [b/2, b]} with {@link Jitter#EQUAL} jitter; and never less
 * than the provider's {@code retryAfter}, when it gave one. Jitter is seeded per item (condition
 * and dialogue), so the delays of a run are reproducible.
 *
 * @param maxAttempts calls made at most for one item, the first included (1 means no retry)
 * @param initialDelay the backoff after the first failed attempt, before jitter
 * @param maxDelay the cap of the backoff before jitter
 * @param jitter how the delay is randomised
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Jitter jitter) {

    /** How a backoff delay is randomised. */
    public enum Jitter {
        /** Uniform between zero and the backoff: spreads retries the most. */
        FULL,
        /** Half the backoff plus a uniform share of the other half: never retries at once. */
        EQUAL
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(jitter, "jitter");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays need 0 <= initialDelay <= maxDelay, were " + initialDelay
                    + " and " + maxDelay);
        }
    }

    /** Five attempts, backoff from 1 s doubling up to 60 s, full jitter. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Jitter.FULL);
    }

    /** No retry: every failure is final. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Jitter.FULL);
    }

    /** A copy with another number of attempts. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialDelay, maxDelay, jitter);
    }

    /** The wait after the given failed attempt (1-based), drawing jitter from {@code random}. */
    Duration delay(int failedAttempt, Duration retryAfter, SplittableRandom random) {
        long initial = initialDelay.toNanos();
        long max = maxDelay.toNanos();
        int shift = Math.min(failedAttempt - 1, 62);
        long backoff = initial == 0 ? 0 : (initial > (max >> shift) ? max : initial << shift);
        long jittered = switch (jitter) {
            case FULL -> (long) (random.nextDouble() * backoff);
            case EQUAL -> backoff / 2 + (long) (random.nextDouble() * (backoff - backoff / 2));
        };
        long floor = retryAfter == null ? 0 : retryAfter.toNanos();
        return Duration.ofNanos(Math.max(jittered, floor));
    }
}
