package io.github.empathy4j.core.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * The one thread of an execution that waits: rate-limit waits, {@code Retry-After}s and retry backoffs are
 * scheduled here, so that no worker thread or lane slot is held while waiting. Tasks run on the timer's thread
 * and must be quick (they hand work to a lane). The waiting is done with {@link TimeSource#sleep}, interrupted
 * when an earlier task arrives, so a fake clock drives it in tests.
 */
final class Timer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Timer.class);

    private record Entry(long due, long sequence, Runnable task) {
    }

    private final TimeSource time;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
    private final Thread thread;
    private long sequence;
    private boolean sleeping;
    private boolean closed;

    Timer(TimeSource time, String name) {
        this.time = time;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the timer's thread once {@code delayNanos} have passed. */
    synchronized void schedule(long delayNanos, Runnable task) {
        Entry entry = new Entry(time.nanoTime() + Math.max(0, delayNanos), sequence++, task);
        Entry head = queue.peek();
        queue.add(entry);
        if (head == null) {
            notifyAll();
        } else if (entry.due < head.due && sleeping) {
            thread.interrupt();
        }
    }

    private void loop() {
        while (true) {
            Runnable task;
            long wait;
            synchronized (this) {
                Thread.interrupted();
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // an interrupt meant for a sleep that ended: look again
                    }
                }
                if (closed) {
                    return;
                }
                wait = queue.peek().due - time.nanoTime();
                task = wait <= 0 ? queue.poll().task : null;
                sleeping = task == null;
            }
            if (task == null) {
                try {
                    time.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    // an earlier task arrived, or the timer closes
                }
                synchronized (this) {
                    sleeping = false;
                }
                continue;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("a scheduled task of the run failed", e);
            }
        }
    }

    /** Stops the thread; tasks not yet due never run. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            notifyAll();
        }
        thread.interrupt();
    }
}
