package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Kills a real child JVM mid-run (SIGKILL), answering or rating, and resumes its work in this one. */
class KillTest {

    private static final int ITEMS = 300;

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidWayResumesWithEveryItemAnsweredExactlyOnce() throws Exception {
        Path journal = dir.resolve(ReplyJournal.FILE_NAME);
        long linesAtKill = kill(SlowRunMain.class, journal, ITEMS);

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

    @Test
    void aRatingKilledMidWayResumesWithEveryRatingAndEveryCombinedRatingExactlyOnce() throws Exception {
        Path journal = dir.resolve(RatingJournal.FILE_NAME);
        kill(SlowRatingMain.class, journal, 3 * ITEMS);
        List<Rating> atKill = RatingJournal.read(journal);
        long judged = atKill.stream().filter(r -> !r.rater().equals("panel")).count();

        AtomicInteger calls = new AtomicInteger();
        Rater counting = (d, r, dim) -> {
            calls.incrementAndGet();
            return new Score(dim.levels().get(1).code(), "resumed");
        };
        RatingResult resumed = SlowRatingMain.rating(dir, ITEMS, counting, counting).execute();

        List<Rating> ratings = RatingJournal.read(journal);
        assertThat(ratings).hasSize(3 * ITEMS);
        Map<String, Long> byRater = ratings.stream().collect(Collectors.groupingBy(Rating::rater,
                Collectors.counting()));
        assertThat(byRater).containsOnly(Map.entry("a", (long) ITEMS), Map.entry("b", (long) ITEMS),
                Map.entry("panel", (long) ITEMS));
        assertThat(ratings.stream().map(RatingJournal::key).distinct()).hasSize(3 * ITEMS);
        assertThat(resumed.rated()).isEqualTo(3 * ITEMS - atKill.size());
        assertThat(calls).as("one call per rater's rating missing at the kill").hasValue(2 * ITEMS - (int) judged);
        // each combined rating comes after both of its raters' ratings
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < ratings.size(); i++) {
            position.put(ratings.get(i).rater() + "/" + ratings.get(i).dialogueId(), i);
        }
        for (Rating r : ratings) {
            if (r.rater().equals("panel")) {
                assertThat(position.get("panel/" + r.dialogueId())).isGreaterThan(position.get("a/" + r.dialogueId()))
                        .isGreaterThan(position.get("b/" + r.dialogueId()));
            }
        }
        assertThat(Fixtures.lines(journal)).hasSize(3 * ITEMS).allSatisfy(line -> assertThat(line).startsWith("{")
                .endsWith("}"));
    }

    @Test
    void aPairwiseJudgingKilledMidWayResumesWithBothOrdersOfEveryPairExactlyOnce() throws Exception {
        Path journal = dir.resolve(PairwiseJournal.FILE_NAME);
        long atKill = kill(SlowPairwiseMain.class, journal, ITEMS);
        assertThat(PairwiseJournal.read(journal)).hasSize((int) atKill);

        AtomicInteger calls = new AtomicInteger();
        PairwiseResult resumed = SlowPairwiseMain.judging(dir, ITEMS, (d, a, b) -> {
            calls.incrementAndGet();
            return SlowPairwiseMain.slow().compare(d, a, b);
        }).execute();

        List<PairwiseJudgement> verdicts = PairwiseJournal.read(journal);
        assertThat(verdicts).hasSize(ITEMS);
        assertThat(verdicts.stream().map(PairwiseJournal::key).distinct()).hasSize(ITEMS);
        assertThat(resumed.judged()).isEqualTo(ITEMS - (int) atKill).isEqualTo(calls.get());
        assertThat(verdicts.stream().filter(v -> v.conditionA().equals("human"))).hasSize(ITEMS / 2);
        assertThat(verdicts).allSatisfy(v -> assertThat(v.winner()).isEqualTo("model"));
        assertThat(Fixtures.lines(journal)).hasSize(ITEMS).allSatisfy(line -> assertThat(line).startsWith("{")
                .endsWith("}"));
    }

    /**
     * Starts the main class in a child JVM, kills it (SIGKILL) once the journal has 30 lines, before its
     * {@code lines} lines, and returns how many it has.
     */
    private long kill(Class<?> main, Path journal, int lines) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-cp", classpath, main.getName(), dir.toString(),
                Integer.toString(ITEMS)).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .start();
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
        long written = completeLines(journal);
        assertThat(written).isBetween(30L, lines - 1L);
        return written;
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
