package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The SQLite response cache: hits and misses, several writers, stats and prune, and its errors. */
class ResponseCacheTest {

    @TempDir
    Path dir;

    private static Reply reply(String text, Instant time) {
        return new Reply("first", "d1", text, FinishReason.LENGTH, "gpt-4-0613", Map.of("temperature", "0"),
                new TokenUsage(40, 12), Duration.ofMillis(1234), 2, time);
    }

    @Test
    void aMissIsNullAndAHitIsTheStoredReplyAsTheAskingItems() {
        Instant time = Instant.parse("2026-03-04T05:06:07.089123456Z");
        try (ResponseCache cache = ResponseCache.open(dir)) {
            String key = ResponseCache.key("openai:gpt-4", Map.of("temperature", "0"),
                    List.of(new ChatMessage(ChatMessage.Role.USER, "I lost my job")));
            assertThat(cache.get(key, "c", "d2", Map.of())).isNull();
            assertThat(dir.resolve(ResponseCache.FILE_NAME)).as("no file before the first reply").doesNotExist();

            cache.put(key, "openai:gpt-4", reply("That must hurt.", time));
            cache.put(key, "openai:gpt-4", reply("a later answer to the same question", time));

            assertThat(cache.get(key, "again", "d2", Map.of("temperature", "0", "seed", "1"))).isEqualTo(new Reply(
                    "again", "d2", "That must hurt.", FinishReason.LENGTH, "gpt-4-0613",
                    Map.of("temperature", "0", "seed", "1"), new TokenUsage(40, 12), Duration.ofMillis(1234), 2, time));
            assertThat(cache.get(ResponseCache.key("openai:gpt-4", Map.of("temperature", "1"),
                    List.of(new ChatMessage(ChatMessage.Role.USER, "I lost my job"))), "c", "d2", Map.of())).as("other parameters").isNull();
        }
        try (ResponseCache reopened = ResponseCache.open(dir)) {
            assertThat(reopened.stats().entries()).isEqualTo(1);
        }
    }

    @Test
    void theDatabaseIsWalModeAndReadableWithPlainSql() throws Exception {
        try (ResponseCache cache = ResponseCache.open(dir)) {
            cache.put("k1", "openai:gpt-4", reply("hello", Instant.ofEpochMilli(1000)));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(ResponseCache.FILE_NAME));
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("wal");
            }
            try (ResultSet r = s.executeQuery("SELECT key, spec, model, text, finish_reason, input_tokens,"
                    + " output_tokens, latency_ms, attempts, time_ns FROM reply")) {
                assertThat(r.next()).isTrue();
                assertThat(List.of(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getLong(6), r.getLong(7), r.getLong(8), r.getInt(9), r.getLong(10))).containsExactly("k1",
                        "openai:gpt-4", "gpt-4-0613", "hello", "LENGTH", 40L, 12L, 1234L, 2, 1_000_000_000L);
            }
        }
    }

    /** Two caches (two connections) on one folder, four threads each, writing at once: every reply is there. */
    @Test
    void twoConnectionsWritingAtOnceLoseNothing() throws Exception {
        try (ResponseCache one = ResponseCache.open(dir); ResponseCache two = ResponseCache.open(dir)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                ResponseCache cache = t % 2 == 0 ? one : two;
                String prefix = "t" + t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        cache.put(prefix + "-" + i, "spec" + prefix, reply(prefix + " " + i, Instant.EPOCH));
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(one.stats().entries()).isEqualTo(1600);
            assertThat(two.get("t7-199", "c", "d", Map.of()).text()).isEqualTo("t7 199");
        }
    }

    /** Another process writes while this one does: both processes' replies are all there. */
    @Test
    void twoProcessesWritingAtOnceLoseNothing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-cp", classpath, CacheWriterMain.class.getName(), dir.toString(),
                "child", "2000").redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try (ResponseCache cache = ResponseCache.open(dir)) {
            for (int i = 0; i < 2000; i++) {
                cache.put("parent-" + i, "parent:model", reply("parent " + i, Instant.EPOCH));
            }
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
            ResponseCache.Stats stats = cache.stats();
            assertThat(stats.specs()).extracting(ResponseCache.SpecStats::spec, ResponseCache.SpecStats::entries)
                    .containsExactly(tuple("child:model", 2000L),
                            tuple("parent:model", 2000L));
            assertThat(cache.get("child-1999", "c", "d", Map.of()).text()).isEqualTo("child 1999");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void statsAndPruneByAgeAndSpec() {
        try (ResponseCache cache = ResponseCache.open(dir)) {
            assertThat(cache.stats().entries()).isZero();
            assertThat(cache.stats().bytes()).isZero();
            assertThat(cache.prune(null, List.of())).isZero();
            cache.put("a1", "a:m", reply("x", Instant.parse("2026-01-01T00:00:00Z")));
            cache.put("a2", "a:m", reply("x", Instant.parse("2026-02-01T00:00:00Z")));
            cache.put("b1", "b:m", reply("x", Instant.parse("2026-01-15T00:00:00Z")));
            cache.put("c1", "c:m", reply("x", Instant.parse("2026-03-01T00:00:00Z")));

            ResponseCache.Stats stats = cache.stats();
            assertThat(stats.entries()).isEqualTo(4);
            assertThat(stats.bytes()).isPositive();
            assertThat(stats.specs()).containsExactly(
                    new ResponseCache.SpecStats("a:m", 2, Instant.parse("2026-01-01T00:00:00Z"),
                            Instant.parse("2026-02-01T00:00:00Z")),
                    new ResponseCache.SpecStats("b:m", 1, Instant.parse("2026-01-15T00:00:00Z"),
                            Instant.parse("2026-01-15T00:00:00Z")),
                    new ResponseCache.SpecStats("c:m", 1, Instant.parse("2026-03-01T00:00:00Z"),
                            Instant.parse("2026-03-01T00:00:00Z")));

            assertThat(cache.prune(Instant.parse("2026-02-01T00:00:00Z"), List.of("a:m"))).as("old and a:m")
                    .isEqualTo(1);
            assertThat(cache.get("a1", "c", "d", Map.of())).isNull();
            assertThat(cache.get("b1", "c", "d", Map.of())).as("old but b:m").isNotNull();
            assertThat(cache.prune(null, List.of("b:m", "nobody:m"))).isEqualTo(1);
            assertThat(cache.prune(Instant.parse("2026-02-15T00:00:00Z"), List.of())).isEqualTo(1);
            assertThat(cache.stats().specs()).extracting(ResponseCache.SpecStats::spec).containsExactly("c:m");
        }
    }

    @Test
    void aCorruptDatabaseIsAClearErrorNamingTheFile() throws Exception {
        Path file = dir.resolve(ResponseCache.FILE_NAME);
        Files.write(file, "this is not a database, but it is long enough to look like one's header. ".repeat(20)
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ResponseCache.open(dir)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("the response cache " + file + " is not a readable SQLite database (")
                .hasMessageEndingWith("); move it aside or delete it, and the cache fills again as runs answer");
    }

    @Test
    void aDatabaseLockedByAnotherWriterIsAClearErrorNamingTheFile() throws Exception {
        Path file = dir.resolve(ResponseCache.FILE_NAME);
        try (ResponseCache cache = ResponseCache.open(dir, Duration.ofMillis(200))) {
            cache.put("k0", "s", reply("x", Instant.EPOCH));
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                assertThatThrownBy(() -> cache.put("k1", "s", reply("y", Instant.EPOCH)))
                        .isInstanceOf(ConfigurationException.class).hasMessage("the response cache " + file
                                + " is locked: another process has held it for more than 0.2 s; wait for it, or use"
                                + " another cache folder");
                s.execute("ROLLBACK");
            }
            cache.put("k1", "s", reply("y", Instant.EPOCH));
            assertThat(cache.get("k1", "c", "d", Map.of()).text()).isEqualTo("y");
        }
    }

    /** The run engine with a corrupt cache stops before any call, naming the file. */
    @Test
    void aRunWithACorruptCacheStopsBeforeAnyCall() throws Exception {
        Path cacheDir = dir.resolve("cache");
        Files.createDirectories(cacheDir);
        Files.write(cacheDir.resolve(ResponseCache.FILE_NAME), "garbage ".repeat(512).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Run.builder().outputDirectory(dir.resolve("run")).dialogues(Fixtures.dialogues(1))
                .cacheDirectory(cacheDir).condition(Condition.of("c", d -> Answer.of("no", "m"))).build().execute())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(cacheDir.resolve(ResponseCache.FILE_NAME).toString());
        assertThat(dir.resolve("run")).doesNotExist();
    }
}
