package io.github.empathy4j.core.run;

import java.time.Duration;

/**
 * A token bucket refilled continuously at {@code perMinute / 60} per second, holding at most one
 * second's worth (at least 1). Shared by every condition of one provider.
 *
 * <p>{@link #acquire} waits until the bucket holds the amount asked (or is full, when the amount
 * is larger than the bucket) and takes it, possibly leaving a debt; {@link #adjust} later
 * charges or refunds the difference between an estimate and the real amount, since token usage
 * is known only after a call. A debt delays the next callers.
 */
final class RateLimiter {

    private final TimeSource time;
    private final double perNano;
    private final double capacity;
    private double available;
    private long last;

    RateLimiter(long perMinute, TimeSource time) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate limit must allow at least 1 per minute, was " + perMinute);
        }
        this.time = time;
        this.perNano = perMinute / 60e9;
        this.capacity = Math.max(1.0, perMinute / 60.0);
        this.available = capacity;
        this.last = time.nanoTime();
    }

    /** Waits until {@code amount} (or a full bucket) is available, then takes {@code amount}. */
    void acquire(double amount) throws InterruptedException {
        while (true) {
            long waitNanos;
            synchronized (this) {
                refill();
                double need = Math.min(amount, capacity);
                if (available >= need) {
                    available -= amount;
                    return;
                }
                waitNanos = Math.max(1, (long) Math.ceil((need - available) / perNano));
            }
            time.sleep(Duration.ofNanos(waitNanos));
        }
    }

    /** Takes {@code amount} more (positive) or gives it back (negative) without waiting. */
    synchronized void adjust(double amount) {
        refill();
        available = Math.min(capacity, available - amount);
    }

    private void refill() {
        long now = time.nanoTime();
        available = Math.min(capacity, available + (now - last) * perNano);
        last = now;
    }
}
