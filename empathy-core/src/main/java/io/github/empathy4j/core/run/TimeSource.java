package io.github.empathy4j.core.run;

import java.time.Duration;
import java.time.Instant;

/** Wall time, monotonic time and sleeping, in one place so that tests can replace them with a fake. */
interface TimeSource {

    /** The real clock and {@link Thread#sleep}. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            long nanos = duration.toNanos();
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        }
    };

    /** The current instant, recorded as a reply's time. */
    Instant now();

    /** A monotonic time in nanoseconds, for latencies and rates. */
    long nanoTime();

    /** Waits for the duration (nothing when zero or negative). */
    void sleep(Duration duration) throws InterruptedException;
}
