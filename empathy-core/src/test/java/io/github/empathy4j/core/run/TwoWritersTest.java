package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two real processes writing one run folder: while a child JVM runs, and then rates, every library writer of this
 * JVM is refused; while this JVM holds the lock, the child's append is refused. Nothing is lost or spliced.
 * Twenty rounds with one child, since a lock that works by luck fails some of the time.
 */
class TwoWritersTest {

    @TempDir
    Path tmp;

    private static final int ROUNDS = 20;

    @Test
    void oneWriterAtATimeAcrossProcessesAndNothingIsLostOrSpliced() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-cp", classpath, TwoWritersMain.class.getName(),
                tmp.resolve("rounds").toString(), Integer.toString(ROUNDS)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Path base = tmp.resolve("rounds").resolve(Integer.toString(round));
                round(child, base.resolve("run"), base.resolve("control"));
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    private static void round(Process child, Path dir, Path control) throws Exception {
        String busy = "another empathy process (pid " + child.pid() + ") is writing " + dir;
        for (String phase : List.of("run", "rate")) {
            TwoWritersMain.await(control.resolve("holding-" + phase));
            assertThatThrownBy(() -> Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(1))
                    .condition(Condition.of("intruder", d -> Answer.of("no", "m"))).build().execute())
                    .as(phase).isInstanceOf(ConfigurationException.class).hasMessage(busy
                            + "; wait for it to finish, or use another folder");
            assertThatThrownBy(() -> RatingRun.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(1))
                    .replies(List.of(Reply.recorded("c", "d000", "x"))).rater("intruder", (d, r, dim) ->
                            new Score(1, "no")).build().execute())
                    .as(phase).isInstanceOf(ConfigurationException.class).hasMessageStartingWith(busy);
            assertThatThrownBy(() -> RatingJournal.append(dir.resolve(RatingJournal.FILE_NAME), List.of(intruder())))
                    .as(phase).isInstanceOf(ConfigurationException.class).hasMessageStartingWith(busy);
            assertThatThrownBy(() -> RunDirectory.open(dir).repair())
                    .as(phase).isInstanceOf(ConfigurationException.class).hasMessageStartingWith(busy);
            Files.createFile(control.resolve("release-" + phase));
        }
        try (RunDirectory.Lock lock = lockWhenFree(dir)) {
            Files.createFile(control.resolve("try-append"));
            TwoWritersMain.await(control.resolve("append-result"));
        }
        assertThat(Files.readString(control.resolve("append-result"))).isEqualTo("another empathy process (pid "
                + ProcessHandle.current().pid() + ") is writing " + dir
                + "; wait for it to finish, or use another folder");

        List<Reply> replies = ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME));
        assertThat(replies).extracting(Reply::condition).containsOnly("c").hasSize(TwoWritersMain.DIALOGUES);
        assertThat(Fixtures.lines(dir.resolve(ReplyJournal.FILE_NAME))).hasSize(TwoWritersMain.DIALOGUES);
        List<Rating> ratings = RatingJournal.read(dir.resolve(RatingJournal.FILE_NAME));
        assertThat(ratings).extracting(Rating::rater).containsOnly("judge").hasSize(TwoWritersMain.DIALOGUES);
        assertThat(Fixtures.lines(dir.resolve(RatingJournal.FILE_NAME))).hasSize(TwoWritersMain.DIALOGUES);

        assertThat(RatingJournal.append(dir.resolve(RatingJournal.FILE_NAME), List.of(intruder()))).isEqualTo(1);
        assertThat(RatingJournal.read(dir.resolve(RatingJournal.FILE_NAME))).hasSize(TwoWritersMain.DIALOGUES + 1);
    }

    /** The folder's lock, once the child has finished rating and let it go. */
    private static RunDirectory.Lock lockWhenFree(Path dir) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return RunDirectory.open(dir).lock();
            } catch (ConfigurationException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(2);
            }
        }
    }

    private static Rating intruder() {
        return new Rating("c", "d001", "intruder", "study", "empathy", 1, null, null);
    }
}
