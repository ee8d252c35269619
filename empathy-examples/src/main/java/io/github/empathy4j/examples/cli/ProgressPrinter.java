package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.run.Progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Shows a run's progress: on a terminal one line redrawn in place (a bar, done/total, rate, time left, failures,
 * retries), otherwise a plain line at every tenth of the run or every ten seconds, whichever comes first.
 * The run engine calls it from one thread at a time.
 */
final class ProgressPrinter implements Consumer<Progress> {

    private static final int BAR = 24;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clock;
    private long lastPrint = Long.MIN_VALUE;
    private long lastTenth = -1;
    private boolean drawn;

    ProgressPrinter(PrintWriter err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
    }

    @Override
    public void accept(Progress p) {
        long now = clock.getAsLong();
        boolean last = p.done() >= p.total();
        if (terminal) {
            if (last || lastPrint == Long.MIN_VALUE || now - lastPrint >= REDRAW_NANOS) {
                err.print("\r" + line(p, true) + "\u001b[K");
                err.flush();
                lastPrint = now;
                drawn = true;
            }
            return;
        }
        long tenth = p.total() == 0 ? 10 : p.done() * 10 / p.total();
        if (tenth > lastTenth || now - lastPrint >= LINE_NANOS) {
            err.println(line(p, false));
            err.flush();
            lastPrint = now;
            lastTenth = tenth;
        }
    }

    /** Ends the progress line on a terminal. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    static String line(Progress p, boolean bar) {
        double fraction = p.total() == 0 ? 1 : (double) p.done() / p.total();
        StringBuilder sb = new StringBuilder();
        if (bar) {
            int filled = (int) Math.round(fraction * BAR);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
        } else {
            sb.append("progress: ");
        }
        sb.append(String.format(Locale.ROOT, "%d/%d (%.0f%%)  %.1f/s  ETA %s", p.done(), p.total(), 100 * fraction,
                p.ratePerSecond(), p.eta().map(ProgressPrinter::duration).orElse("--")));
        if (p.skipped() > 0) {
            sb.append("  ").append(p.skipped()).append(" done before");
        }
        if (p.failed() > 0) {
            sb.append("  ").append(p.failed()).append(" failed");
        }
        if (p.retries() > 0) {
            sb.append("  ").append(p.retries()).append(p.retries() == 1 ? " retry" : " retries");
        }
        return sb.toString();
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
