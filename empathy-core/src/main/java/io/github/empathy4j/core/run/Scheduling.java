package io.github.empathy4j.core.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the lanes of an execution are scheduled, as {@link Run.Builder} and {@link RatingRun.Builder} set it: a
 * default concurrency and rate limit, per-provider ones that replace them for every lane of that provider, and the
 * patience with a lane that keeps answering HTTP 429.
 *
 * @param concurrency calls in flight at most on a lane without its own setting
 * @param concurrencies calls in flight at most on each lane of a provider, by provider id
 * @param rateLimit the limits of a lane without its own
 * @param rateLimits the limits of each lane of a provider, by provider id
 * @param patience how long a lane may go without a success while it is refused with HTTP 429 before its refused items
 *                 fail
 */
record Scheduling(int concurrency, Map<String, Integer> concurrencies, RateLimit rateLimit,
        Map<String, RateLimit> rateLimits, Duration patience) {

    /** A lane's limits; zero means unlimited. */
    record RateLimit(int requestsPerMinute, long tokensPerMinute) {

        static final RateLimit NONE = new RateLimit(0, 0);

        RateLimit {
            if (requestsPerMinute < 0 || tokensPerMinute < 0) {
                throw new IllegalArgumentException("rate limits must not be negative, were " + requestsPerMinute
                        + " requests and " + tokensPerMinute + " tokens per minute");
            }
        }
    }

    /** The default patience with a lane refused with HTTP 429: ten minutes without a success. */
    static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(10);

    /** Concurrency 8, no rate limits, {@link #DEFAULT_PATIENCE}. */
    static final Scheduling DEFAULTS = new Scheduling(8, Map.of(), RateLimit.NONE, Map.of(), DEFAULT_PATIENCE);

    Scheduling {
        concurrencies = Map.copyOf(concurrencies);
        rateLimits = Map.copyOf(rateLimits);
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(patience, "patience");
        positive(concurrency, "concurrency");
        concurrencies.values().forEach(c -> positive(c, "concurrency"));
        if (patience.isNegative()) {
            throw new IllegalArgumentException("patience must not be negative, was " + patience);
        }
    }

    private static void positive(int concurrency, String what) {
        if (concurrency < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + concurrency);
        }
    }

    Scheduling withConcurrency(int all) {
        return new Scheduling(all, concurrencies, rateLimit, rateLimits, patience);
    }

    Scheduling withConcurrency(String provider, int calls) {
        Map<String, Integer> copy = new LinkedHashMap<>(concurrencies);
        copy.put(Objects.requireNonNull(provider, "provider"), calls);
        return new Scheduling(concurrency, copy, rateLimit, rateLimits, patience);
    }

    Scheduling withRateLimit(int requestsPerMinute, long tokensPerMinute) {
        return new Scheduling(concurrency, concurrencies, new RateLimit(requestsPerMinute, tokensPerMinute),
                rateLimits, patience);
    }

    Scheduling withRateLimit(String provider, int requestsPerMinute, long tokensPerMinute) {
        Map<String, RateLimit> copy = new LinkedHashMap<>(rateLimits);
        copy.put(Objects.requireNonNull(provider, "provider"), new RateLimit(requestsPerMinute, tokensPerMinute));
        return new Scheduling(concurrency, concurrencies, rateLimit, copy, patience);
    }

    Scheduling withPatience(Duration wait) {
        return new Scheduling(concurrency, concurrencies, rateLimit, rateLimits, wait);
    }

    /** The concurrency of a lane. */
    int concurrency(Lane lane) {
        return concurrencies.getOrDefault(lane.provider(), concurrency);
    }

    /** The configured limits of a lane. */
    RateLimit rateLimit(Lane lane) {
        return rateLimits.getOrDefault(lane.provider(), rateLimit);
    }
}
