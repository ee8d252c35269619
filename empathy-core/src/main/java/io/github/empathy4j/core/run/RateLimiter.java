package io.github.empathy4j.core.run;

/**
 * A token bucket refilled continuously at {@code perMinute / 60} per second, holding at most one second's worth
 * (at least 1). Never waits: {@link #take} says how long to wait instead, so that a lane's waits are scheduled
 * rather than slept.
 *
 * <p>{@link #take} takes the amount when the bucket holds it (or is full, when the amount is larger than the
 * bucket), possibly leaving a debt; {@link #adjust} later charges or refunds the difference between an estimate and
 * the real amount, since token usage is known only after a call; {@link #cap} lowers what it holds to what the
 * provider says is left. A debt delays the next callers. Not thread-safe: its lane guards it.
 */
final class RateLimiter {

    private final TimeSource time;
    private double perNano;
    private double capacity;
    private double available;
    private long last;

    RateLimiter(long perMinute, TimeSource time) {
        this.time = time;
        this.last = time.nanoTime();
        rate(perMinute);
        this.available = capacity;
    }

    /** Changes the rate (such as one learned from a provider's headers), keeping what the bucket holds. */
    void rate(long perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate limit must allow at least 1 per minute, was " + perMinute);
        }
        refill();
        this.perNano = perMinute / 60e9;
        this.capacity = Math.max(1.0, perMinute / 60.0);
        this.available = Math.min(available, capacity);
    }

    /** Takes {@code amount} and returns 0 when the bucket holds it (or is full); else the nanoseconds until it will. */
    long take(double amount) {
        refill();
        double need = Math.min(amount, capacity);
        if (available >= need) {
            available -= amount;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((need - available) / perNano));
    }

    /** Takes {@code amount} more (positive) or gives it back (negative) without waiting. */
    void adjust(double amount) {
        refill();
        available = Math.min(capacity, available - amount);
    }

    /** Lowers what the bucket holds to at most {@code most} (below zero: a debt); never raises it. */
    void cap(double most) {
        refill();
        available = Math.min(available, most);
    }

    /** The rate, per nanosecond. */
    double perNano() {
        return perNano;
    }

    private void refill() {
        long now = time.nanoTime();
        available = Math.min(capacity, available + (now - last) * perNano);
        last = now;
    }
}
