package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Kills a real child JVM mid-run (SIGKILL) and resumes its run in this one. */
class KillTest {

    private static final int ITEMS = 300;

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidWayResumesWithEveryItemAnsweredExactlyOnce() throws Exception {
        Path journal = dir.resolve(ReplyJournal.FILE_NAME);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-cp", classpath, SlowRunMain.class.getName(), dir.toString(),
                Integer.toString(ITEMS)).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .start();
        long linesAtKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (completeLines(journal) < 30 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(child.isAlive()).as("child still running; its log: %s", log()).isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        linesAtKill = completeLines(journal);
        assertThat(linesAtKill).isBetween(30L, (long) ITEMS - 1);

        AtomicInteger calls = new AtomicInteger();
        RunResult resumed = SlowRunMain.run(dir, ITEMS, d -> {
            calls.incrementAndGet();
            return Answer.of(Fixtures.answerText(d), "slow-1");
        }).execute();

        assertThat(resumed.skipped()).isEqualTo((int) linesAtKill);
        assertThat(resumed.answered()).isEqualTo(ITEMS - linesAtKill).isEqualTo(calls.get());
        List<Reply> replies = ReplyJournal.read(journal);
        assertThat(Fixtures.uniqueKeys(replies)).hasSize(ITEMS);
        assertThat(replies).allSatisfy(r -> assertThat(r.text()).isEqualTo("I hear you about " + r.dialogueId()));
        assertThat(Fixtures.lines(journal)).hasSize(ITEMS).allSatisfy(line -> assertThat(line).startsWith("{")
                .endsWith("}"));
        assertThat(Files.readString(journal)).endsWith("}\n");
    }

    private static long completeLines(Path journal) throws Exception {
        if (!Files.exists(journal)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(journal);
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private String log() throws Exception {
        Path log = dir.resolve("child.log");
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }

}
