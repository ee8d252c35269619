package io.github.empathy4j.core.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Counts an execution's items and delivers {@link Progress} to a listener, one event at a time and in
 * order; a listener that throws is logged once and otherwise ignored.
 */
final class ProgressTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

    private final Consumer<Progress> listener;
    private final TimeSource time;
    private final long startNanos;
    private long total;
    private long skipped;
    private long done;
    private long failed;
    private long retries;
    private boolean listenerFailed;

    ProgressTracker(Consumer<Progress> listener, TimeSource time) {
        this.listener = listener;
        this.time = time;
        this.startNanos = time.nanoTime();
    }

    /** Sets the totals and sends the first event. */
    synchronized void start(long total, long skipped) {
        this.total = total;
        this.skipped = skipped;
        this.done = skipped;
        emit();
    }

    /** One more item finished, failed or not. */
    synchronized void finished(boolean failure) {
        done++;
        if (failure) {
            failed++;
        }
        emit();
    }

    /** One more call is retried. */
    synchronized void retried() {
        retries++;
        emit();
    }

    synchronized long retries() {
        return retries;
    }

    /** Time since the tracker was created. */
    Duration elapsed() {
        return Duration.ofNanos(time.nanoTime() - startNanos);
    }

    private void emit() {
        try {
            listener.accept(new Progress(done, total, skipped, failed, retries, elapsed()));
        } catch (RuntimeException e) {
            if (!listenerFailed) {
                listenerFailed = true;
                LOG.warn("the progress listener failed; the run goes on", e);
            }
        }
    }
}
