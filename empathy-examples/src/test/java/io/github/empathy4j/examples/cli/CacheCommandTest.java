package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.run.ResponseCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code empathy cache stats|prune} on a cache that {@code empathy run --cache} filled. */
class CacheCommandTest {

    @TempDir
    Path dir;

    @Test
    void statsCountsWhatRunCachedAndPruneDeletesItByModelAndAge() {
        Path cache = dir.resolve("cache");
        Path data = Cli.writeDialogues(dir.resolve("dialogues.jsonl"), Cli.dialogues(1));
        Cli.Outcome run = Cli.run("run", data.toString(), "--model", "echo:v1", "--model", "two=echo:v2", "--cache",
                cache.toString(), "--out", dir.resolve("run").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        Cli.Outcome stats = Cli.run("cache", "stats", cache.toString(), "--format", "json");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        JsonNode json = stats.json();
        assertThat(json.path("file").asText()).isEqualTo(cache.resolve(ResponseCache.FILE_NAME).toString());
        assertThat(json.path("entries").asLong()).isEqualTo(64);
        assertThat(json.path("specs").findValuesAsText("spec")).containsExactly("echo:v1", "echo:v2");
        assertThat(json.path("specs").findValues("entries")).extracting(JsonNode::asLong).containsExactly(32L, 32L);
        Cli.Outcome text = Cli.run("cache", "stats", cache.toString());
        assertThat(text.out()).startsWith("Response cache " + cache.resolve(ResponseCache.FILE_NAME) + ": 64 replies, ")
                .contains("echo:v1").contains("echo:v2");

        Cli.Outcome recent = Cli.run("cache", "prune", cache.toString(), "--older-than", "1d");
        assertThat(recent.exitCode()).as(recent.err()).isZero();
        assertThat(recent.out()).startsWith("Deleted 0 replies from " + cache.resolve(ResponseCache.FILE_NAME)
                + "; 64 left (");

        Cli.Outcome byModel = Cli.run("cache", "prune", cache.toString(), "--model", "echo:v1", "--format", "json");
        assertThat(byModel.exitCode()).as(byModel.err()).isZero();
        assertThat(byModel.json().path("deleted").asLong()).isEqualTo(32);
        assertThat(byModel.json().path("left").asLong()).isEqualTo(32);

        Cli.Outcome again = Cli.run("run", data.toString(), "--model", "echo:v1", "--model", "two=echo:v2", "--cache",
                cache.toString(), "--out", dir.resolve("again").toString(), "--format", "json");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.json().path("cached").asInt()).as("echo:v2 from the cache, echo:v1 answered again")
                .isEqualTo(32);
        assertThat(again.json().path("answered").asInt()).isEqualTo(32 + 32);

        Cli.Outcome all = Cli.run("cache", "prune", cache.toString(), "--all");
        assertThat(all.out()).startsWith("Deleted 64 replies from ");
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Files.createDirectories(dir.resolve("cache"));
        String cache = dir.resolve("cache").toString();

        Cli.Outcome nothing = Cli.run("cache", "prune", cache);
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).startsWith("empathy: say what to delete: --older-than AGE, --model SPEC or --all\n");
        Cli.Outcome badAge = Cli.run("cache", "prune", cache, "--older-than", "3 weeks");
        assertThat(badAge.exitCode()).isEqualTo(2);
        assertThat(badAge.err()).startsWith("empathy: --older-than: '3 weeks' is not an age; expected a whole number of"
                + " days, hours or minutes, such as 90d, 12h or 30m\n");
        Cli.Outcome allAndMore = Cli.run("cache", "prune", cache, "--all", "--model", "echo:v1");
        assertThat(allAndMore.exitCode()).isEqualTo(2);
        Cli.Outcome missing = Cli.run("cache", "stats", dir.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("empathy: no cache folder " + dir.resolve("nowhere") + "\n");
        assertThat(Cli.run("cache").exitCode()).isEqualTo(2);
        assertThat(dir.resolve("cache").resolve(ResponseCache.FILE_NAME)).as("nothing created").doesNotExist();
    }

    @Test
    void aCorruptCacheFailsWithOneLineNamingTheFile() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve(ResponseCache.FILE_NAME), "not a database ".repeat(100));

        Cli.Outcome outcome = Cli.run("cache", "stats", cache.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: the response cache " + cache.resolve(ResponseCache.FILE_NAME)
                + " is not a readable SQLite database (").hasLineCount(1);
    }

    @Test
    void helpShowsExamples() {
        for (String sub : new String[] {"stats", "prune"}) {
            Cli.Outcome help = Cli.run("cache", sub, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Examples:").contains("empathy cache " + sub + " ~/.cache/empathy4j");
        }
        assertThat(Cli.run("--help").out()).contains("cache");
    }
}
