package io.github.empathy4j.core.run;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a run's progress, delivered to the run's listener when it starts, after each
 * finished item and after each retry. An item is a dialogue under a condition for a {@link Run},
 * a reply on a scale dimension for a {@link RatingRun}.
 *
 * @param done items finished: done, cached, failed, or skipped because an earlier run did them
 * @param total items of the run: dialogues times conditions, or replies times dimensions
 * @param skipped items an earlier run in the same folder had done
 * @param failed items that failed in this run
 * @param retries retried calls so far
 * @param elapsed time since this run started
 */
public record Progress(long done, long total, long skipped, long failed, long retries, Duration elapsed) {

    /** Items finished per second by this run (skipped ones excluded); zero before the first. */
    public double ratePerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : (done - skipped) / seconds;
    }

    /** The expected time left at the current rate; empty before the first finished item. */
    public Optional<Duration> eta() {
        double rate = ratePerSecond();
        if (done >= total) {
            return Optional.of(Duration.ZERO);
        }
        return rate <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) ((total - done) / rate * 1000)));
    }
}
