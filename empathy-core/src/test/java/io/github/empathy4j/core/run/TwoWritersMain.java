package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Rating;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link TwoWritersTest}: for each of {@code args[1]} rounds, in the run folder
 * {@code args[0]/ROUND/run}, runs (holding the folder's lock while its first answer waits for
 * {@code ROUND/control/release-run}), then rates (the same with {@code release-rate}), then, told to by
 * {@code control/try-append}, tries to append a rating while the parent holds the lock and writes what happened to
 * {@code control/append-result}.
 */
final class TwoWritersMain {

    static final int DIALOGUES = 4;

    private TwoWritersMain() {
    }

    public static void main(String[] args) throws Exception {
        for (int round = 0; round < Integer.parseInt(args[1]); round++) {
            Path base = Path.of(args[0], Integer.toString(round));
            round(base.resolve("run"), base.resolve("control"));
        }
    }

    private static void round(Path dir, Path control) throws IOException {
        Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(DIALOGUES)).concurrency(1)
                .condition(Condition.of("c", d -> {
                    signalAndWait(control, "run");
                    return Answer.of(Fixtures.answerText(d), "m");
                })).build().execute();
        RatingRun.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(DIALOGUES)).concurrency(1)
                .replies(ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME))).rater("judge", (d, r, dim) -> {
                    signalAndWait(control, "rate");
                    return new Score(2, "fine");
                }).build().execute();
        await(control.resolve("try-append"));
        String result;
        try {
            RatingJournal.append(dir.resolve(RatingJournal.FILE_NAME),
                    List.of(new Rating("c", "d000", "child", "study", "empathy", 3, null, null)));
            result = "appended";
        } catch (ConfigurationException e) {
            result = e.getMessage();
        }
        Files.writeString(control.resolve("append-result.tmp"), result);
        Files.move(control.resolve("append-result.tmp"), control.resolve("append-result"));
    }

    /** Says the writer of {@code phase} holds the lock, and waits until told to go on. */
    private static void signalAndWait(Path control, String phase) {
        try {
            Files.createDirectories(control);
            Path holding = control.resolve("holding-" + phase);
            if (!Files.exists(holding)) {
                Files.createFile(holding);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await(control.resolve("release-" + phase));
    }

    static void await(Path file) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + file);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
