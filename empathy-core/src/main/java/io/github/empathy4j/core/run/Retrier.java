package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The retry loop of both engines: calls until the call succeeds, fails with what is not a retriable
 * {@link ProviderException}, or the {@link RetryPolicy}'s attempts are spent, waiting the policy's
 * delay between attempts. Stops early, without another call, once the {@link WorkPool} stopped.
 */
final class Retrier {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** One call; returns {@code null} to give up because the pool stopped while it waited. */
    interface Call<T> {
        T call() throws InterruptedException;
    }

    /**
     * How an item ended: a value, or the final failure, after {@code attempts} calls; neither when the
     * pool stopped or the thread was interrupted (the item is then left for a re-run).
     */
    record Outcome<T>(T value, RuntimeException failure, int attempts) {

        boolean abandoned() {
            return value == null && failure == null;
        }
    }

    private final RetryPolicy policy;
    private final TimeSource time;
    private final WorkPool pool;
    private final ProgressTracker progress;

    Retrier(RetryPolicy policy, TimeSource time, WorkPool pool, ProgressTracker progress) {
        this.policy = policy;
        this.time = time;
        this.pool = pool;
        this.progress = progress;
    }

    /**
     * Calls until an outcome; jitter is drawn from a generator seeded with {@code seed}, so that an
     * item's delays are the same on every run.
     *
     * @param what names the item in debug logs
     */
    <T> Outcome<T> call(Call<T> call, long seed, String what) {
        SplittableRandom random = null;
        for (int attempt = 1; ; attempt++) {
            try {
                T value = call.call();
                return new Outcome<>(value, null, attempt);
            } catch (InterruptedException e) {
                return new Outcome<>(null, null, attempt);
            } catch (RuntimeException e) {
                if (pool.stopped()) {
                    return new Outcome<>(null, null, attempt);
                }
                if (!(e instanceof ProviderException p) || !p.retriable() || attempt >= policy.maxAttempts()) {
                    return new Outcome<>(null, e, attempt);
                }
                if (random == null) {
                    random = new SplittableRandom(seed);
                }
                Duration delay = policy.delay(attempt, p.retryAfter().orElse(null), random);
                LOG.debug("{}: attempt {} failed ({}), retrying in {} ms", what, attempt, e.getMessage(),
                        delay.toMillis());
                progress.retried();
                try {
                    time.sleep(delay);
                } catch (InterruptedException ie) {
                    return new Outcome<>(null, null, attempt);
                }
            }
        }
    }
}
