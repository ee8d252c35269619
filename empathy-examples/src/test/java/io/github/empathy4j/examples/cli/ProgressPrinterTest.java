package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.run.Progress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressPrinterTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();

    private static Progress progress(long done, long total, long failed, long retries, long seconds) {
        return new Progress(done, total, 0, failed, retries, Duration.ofSeconds(seconds));
    }

    @Test
    void aTerminalGetsOneLineRedrawnInPlace() {
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true, nanos::get);

        printer.accept(progress(0, 40, 0, 0, 0));
        nanos.addAndGet(50_000_000L);
        printer.accept(progress(1, 40, 0, 0, 1));
        nanos.addAndGet(200_000_000L);
        printer.accept(progress(10, 40, 1, 2, 5));
        printer.finish();

        String out = text.toString();
        assertThat(out).doesNotContain("1/40").contains("\r[").endsWith(System.lineSeparator());
        assertThat(out.split("\r")).hasSize(3);
        assertThat(out).contains("[######..................] 10/40 (25%)  2.0/s  ETA 15s  1 failed  2 retries");
    }

    @Test
    void aPipeGetsALineEveryTenthOrTenSeconds() {
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false, nanos::get);

        for (int done = 0; done <= 100; done++) {
            nanos.addAndGet(100_000_000L);
            printer.accept(progress(done, 100, 0, 0, done / 10));
        }
        printer.accept(progress(100, 100, 0, 0, 10));
        printer.finish();

        String[] lines = text.toString().split(System.lineSeparator());
        assertThat(lines).hasSize(11).allMatch(l -> l.startsWith("progress: "));
        assertThat(lines[10]).startsWith("progress: 100/100 (100%)").contains("ETA 0s");
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void aSlowRunStillPrintsEveryTenSeconds() {
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false, nanos::get);

        printer.accept(progress(0, 1000, 0, 0, 0));
        nanos.addAndGet(11_000_000_000L);
        printer.accept(progress(1, 1000, 0, 0, 11));
        nanos.addAndGet(1_000_000_000L);
        printer.accept(progress(2, 1000, 0, 0, 12));

        assertThat(text.toString().split(System.lineSeparator())).hasSize(2);
    }

    @Test
    void durationsAreShort() {
        assertThat(ProgressPrinter.duration(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(ProgressPrinter.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(ProgressPrinter.duration(Duration.ofMinutes(135))).isEqualTo("2h15m");
    }
}
