package io.github.empathy4j.core.run;

import io.github.empathy4j.core.EmpathyException;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the pending items of one execution on a bounded number of threads. The first fatal problem
 * ({@link #stop}) drops the queued items and interrupts the waits of the running ones; {@link #runAll}
 * then throws it once every running item has returned.
 */
final class WorkPool {

    private final String threadPrefix;
    private final int concurrency;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile ThreadPoolExecutor pool;

    WorkPool(String threadPrefix, int concurrency) {
        this.threadPrefix = threadPrefix;
        this.concurrency = concurrency;
    }

    /**
     * Runs every task and waits for them; a task that throws stops the pool with what it threw.
     *
     * @throws RuntimeException the first fatal problem, when one stopped the pool
     */
    void runAll(List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        int threads = Math.min(concurrency, tasks.size());
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, threadPrefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        tasks.forEach(task -> queue.add(() -> guarded(task)));
        // The queue is filled before any thread starts, so a stop cannot race with the submission.
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, queue, factory);
        pool.prestartAllCoreThreads();
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                stop(new EmpathyException("the run was interrupted; run it again to resume"));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable stop = fatal.get();
        if (stop instanceof RuntimeException e) {
            throw e;
        }
        if (stop instanceof Error e) {
            throw e;
        }
    }

    /** Records the first fatal problem and stops the pool: queued items are dropped, waits are interrupted. */
    void stop(Throwable problem) {
        if (fatal.compareAndSet(null, problem)) {
            ThreadPoolExecutor running = pool;
            if (running != null) {
                running.shutdownNow();
            }
        }
    }

    /** Whether a fatal problem stopped the pool; running items then return without another call. */
    boolean stopped() {
        return fatal.get() != null;
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            stop(t);
        }
    }
}
