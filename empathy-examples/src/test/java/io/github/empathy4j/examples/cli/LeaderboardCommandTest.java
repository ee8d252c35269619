package io.github.empathy4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.report.Leaderboard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of 64 dialogues (index i = 0..63 in the dialogue set's order) rated by one judge: Good where the
 * predicate holds, else Okay. v1: human i even (32), m i % 4 != 3 (48); v2: human the same, m i % 8 != 3 (56),
 * k i % 3 == 0 (22). So m in v2 is Good on 8 more dialogues than in v1 and on none fewer.
 */
class LeaderboardCommandTest {

    @TempDir
    Path dir;

    private static final IntPredicate HUMAN = i -> i % 2 == 0;

    private Path run(String name, int dialogues, Map<String, IntPredicate> conditions) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        DialogueSet all = Cli.dialogues(2);
        List<Dialogue> used = all.dialogues().subList(0, dialogues);
        Cli.writeDialogues(run.resolve("dialogues.jsonl"), DialogueSet.of(used));
        List<Rating> ratings = new ArrayList<>();
        for (int i = 0; i < used.size(); i++) {
            for (Map.Entry<String, IntPredicate> c : conditions.entrySet()) {
                ratings.add(Cli.rating(c.getKey(), used.get(i).id(), c.getValue().test(i) ? 3 : 2));
            }
        }
        Cli.writeRatings(run.resolve("ratings.jsonl"), ratings);
        return run;
    }

    private Path v1() throws IOException {
        return run("v1", 64, Map.of("human", HUMAN, "m", i -> i % 4 != 3));
    }

    private Path v2() throws IOException {
        return run("v2", 64, Map.of("human", HUMAN, "m", i -> i % 8 != 3, "k", i -> i % 3 == 0));
    }

    private static JsonNode entry(JsonNode board, String run, String condition) {
        for (JsonNode e : board.path("entries")) {
            if (e.path("run").asText().equals(run) && e.path("condition").asText().equals(condition)) {
                return e;
            }
        }
        throw new AssertionError("no entry " + run + " " + condition + " in " + board);
    }

    @Test
    void ranksEveryConditionWithWilsonIntervalsAndPairedTestsAgainstItsBaseline() throws IOException {
        Cli.Outcome o = Cli.run("leaderboard", v1().toString(), v2().toString(), "--format", "json", "--bootstrap",
                "0");

        assertThat(o.exitCode()).as(o.err()).isZero();
        JsonNode board = o.json();
        assertThat(board.path("entries")).hasSize(5);
        assertThat(board.path("entries").get(0).path("condition").asText()).isEqualTo("m");
        assertThat(board.path("entries").get(0).path("run").asText()).isEqualTo("v2");
        assertThat(board.path("entries").get(0).path("rank").asInt()).isEqualTo(1);
        // the two human baselines have the same share and share a place
        assertThat(entry(board, "v1", "human").path("rank").asInt()).isEqualTo(3);
        assertThat(entry(board, "v2", "human").path("rank").asInt()).isEqualTo(3);
        JsonNode m1 = entry(board, "v1", "m");
        // R: prop.test(48, 64, correct = FALSE)$conf.int -> 0.63183723541330306 0.83985073469029425
        assertThat(m1.path("shareInterval").path("lower").asDouble()).isCloseTo(0.63183723541330306, within(1e-12));
        assertThat(m1.path("shareInterval").path("upper").asDouble()).isCloseTo(0.83985073469029425, within(1e-12));
        assertThat(m1.path("difference").asDouble()).isCloseTo(0.25, within(1e-15));
        assertThat(m1.path("pairs").asInt()).isEqualTo(64);
        // R: mcnemar.test(matrix(c(1, 16, 0, 1), 2))$p.value (16 dialogues where only m is Good, none only human)
        //   -> 0.00017683457040160774
        assertThat(m1.path("pairedP").asDouble()).isCloseTo(0.00017683457040160774, within(1e-15));
        // R: y <- c(i %% 2 == 0, i %% 4 != 3); cond <- factor(rep(c("human", "m"), each = 64)); dlg <- rep(i, 2)
        //   fit <- glm(y ~ cond, binomial, control = glm.control(epsilon = 1e-14))
        //   coeftest(fit, vcov. = vcovCL(fit, cluster = ~dlg))[2, 4] -> 1.300729323180345e-05
        assertThat(m1.path("clusteredP").asDouble()).isCloseTo(1.300729323180345e-05, within(1e-14));
        JsonNode k = entry(board, "v2", "k");
        // R: prop.test(22, 64, correct = FALSE)$conf.int -> 0.23923142078443355 0.46596359790081804
        assertThat(k.path("shareInterval").path("lower").asDouble()).isCloseTo(0.23923142078443355, within(1e-12));
        // R: mcnemar.test(table(i %% 2 == 0, i %% 3 == 0))$p.value -> 0.11161176829829186
        assertThat(k.path("pairedP").asDouble()).isCloseTo(0.11161176829829186, within(1e-14));
        // as above with i %% 3 == 0 -> 0.077160661445002068
        assertThat(k.path("clusteredP").asDouble()).isCloseTo(0.077160661445002068, within(1e-12));
        assertThat(k.path("rater").asText()).contains("judge");
        assertThat(entry(board, "v1", "human").path("pairedP").isNull()).isTrue();
        assertThat(entry(board, "v1", "human").path("baseline").asText()).isEqualTo("human");
        assertThat(m1.path("baseline").asText()).isEqualTo("human");
        assertThat(entry(board, "v1", "human").path("strength").isNull()).isTrue();
        JsonNode version = board.path("versions").get(0);
        assertThat(version.path("condition").asText()).isEqualTo("m");
        assertThat(version.path("newOnly").asInt()).isEqualTo(8);
        assertThat(version.path("oldOnly").asInt()).isZero();
        // R: mcnemar.test(matrix(c(1, 8, 0, 1), 2))$p.value -> 0.013328328780817559
        assertThat(version.path("mcNemar").path("p").path("raw").asDouble()).isCloseTo(0.013328328780817559,
                within(1e-15));
        assertThat(version.path("equivalence").isNull()).isTrue();
        assertThat(board.path("notes")).isEmpty();
    }

    @Test
    void aNewVersionIsCheckedForNonInferiorityPairedByDialogue() throws IOException {
        Path v1 = v1();
        Path v2 = v2();
        Cli.Outcome better = Cli.run("leaderboard", v1.toString(), v2.toString(), "--bootstrap", "0", "--margin",
                "0.05", "--require-non-inferior", "--format", "json");
        assertThat(better.exitCode()).as(better.err()).isZero();
        JsonNode e = better.json().path("versions").get(0).path("equivalence");
        // python: DescrStatsW(np.array([1]*8 + [0]*56, float)).ztost_mean(-0.05, 0.05)
        //   -> (0.9640696808870742, (4.2, 1.334574901590631e-05), (1.8, 0.9640696808870742))
        assertThat(e.path("lowerP").asDouble()).isCloseTo(1.334574901590631e-05, within(1e-15));
        assertThat(e.path("upperP").asDouble()).isCloseTo(0.9640696808870742, within(1e-12));

        Cli.Outcome worse = Cli.run("leaderboard", v2.toString(), v1.toString(), "--bootstrap", "0", "--margin",
                "0.05", "--require-non-inferior");
        assertThat(worse.exitCode()).isEqualTo(CompareCommand.NOT_NON_INFERIOR);
        assertThat(worse.err()).contains("m in v1 is not shown non-inferior to v2 with margin 0.05: difference"
                + " -0.1250, one-sided p = 0.964");
        assertThat(worse.out()).contains("The same condition across runs, paired by dialogue");

        Cli.Outcome noMargin = Cli.run("leaderboard", v1.toString(), "--require-non-inferior");
        assertThat(noMargin.exitCode()).isEqualTo(2);
        assertThat(noMargin.err()).contains("--require-non-inferior needs --margin");
        Cli.Outcome alone = Cli.run("leaderboard", v1.toString(), "--margin", "0.05", "--require-non-inferior");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("a condition found in two or more of the runs");
    }

    @Test
    void runsOnDifferentDialoguesAreComparedOnTheSharedOnesOrFlagged() throws IOException {
        Path v1 = v1();
        Path half = run("half", 32, Map.of("human", HUMAN, "m", i -> i % 4 != 3));
        JsonNode shared = Cli.run("leaderboard", v1.toString(), half.toString(), "--format", "json", "--bootstrap",
                "0").json();
        assertThat(shared.path("notes").get(0).asText()).contains("v1 64, half 32").contains("on the 32 dialogues");
        assertThat(entry(shared, "v1", "m").path("n").asInt()).isEqualTo(32);

        JsonNode flagged = Cli.run("leaderboard", v1.toString(), half.toString(), "--format", "json", "--bootstrap",
                "0", "--all-dialogues").json();
        assertThat(flagged.path("notes").get(0).asText()).contains("not directly comparable");
        assertThat(entry(flagged, "v1", "m").path("n").asInt()).isEqualTo(64);
    }

    @Test
    void writesMarkdownHtmlWithTheChartJsonAndThePng() throws IOException {
        Path out = dir.resolve("board");
        Cli.Outcome o = Cli.run("leaderboard", v1().toString(), v2().toString(), "--bootstrap", "0", "--margin",
                "0.05", "--out", out.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("Leaderboard: share of Good by condition", "p paired", "rated by");
        String md = Files.readString(out.resolve(Leaderboard.MARKDOWN));
        assertThat(md).contains("| 1 | v2 | m | 64 | 87.5% | [77.2, 93.5] |", "![leaderboard.png](leaderboard.png)");
        String html = Files.readString(out.resolve(Leaderboard.HTML));
        assertThat(html).contains("<img alt=\"leaderboard.png\" src=\"data:image/png;base64,", "<table");
        assertThat(Files.readAllBytes(out.resolve(Leaderboard.CHART))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(out.resolve(Leaderboard.JSON))).contains("\"versions\"");
    }
}
