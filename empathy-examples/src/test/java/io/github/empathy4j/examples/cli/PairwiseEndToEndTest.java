package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.PairwiseJournal;
import io.github.empathy4j.core.run.PairwiseJudgement;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.examples.FakeOpenAi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 12's "done when": a run with two models and the human baseline, judged pairwise and absolutely by two
 * judges (a local fake of OpenAI's API), yields the leaderboard and every diagnostic in Markdown, HTML and JSON, with
 * numbers that agree with the journals.
 *
 * <p>The models answer with the first k words of a stock text (k from the prompt's hash): {@code kind} (a GPT, family
 * openai) 3 to 27 words, {@code terse} (a Claude, family anthropic) 2 to 18; the human replies have 2 to 21 words. The
 * absolute judges rate by length, give or take a few words; the pairwise judge {@code gpt-judge} prefers the reply 3 or more words longer (else
 * a tie), {@code llama-judge} prefers Response A unless B is 8 or more words longer (position bias, so its verdicts
 * flip). Two crowd raters rate every reply by length, the second one level lower on every third dialogue.
 */
class PairwiseEndToEndTest {

    static final FakeOpenAi FAKE = new FakeOpenAi();

    @RegisterExtension
    static final WireMockExtension SERVER = FAKE.server();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> WORDS = Arrays.asList(("I am so sorry to hear that, it sounds really hard and"
            + " I can tell how much it matters to you; how are you holding up now, and is there anything that"
            + " would help you right now").split(" "));
    private static final int DIALOGUES = 40;

    @TempDir
    Path dir;

    private static int words(String text) {
        return text.strip().split("\\s+").length;
    }

    /** A reply's length in words, give or take up to 4 (from the reply's hash): length is not all a judge sees. */
    private static int noisy(String reply) {
        return words(reply) + Math.floorMod(reply.hashCode(), 9) - 4;
    }

    private static String firstWords(int k) {
        return String.join(" ", WORDS.subList(0, k));
    }

    private static int level(int words, int good, int okay) {
        return words >= good ? 3 : words >= okay ? 2 : 1;
    }

    private static String label(int code) {
        return RatingScale.STUDY.single().level(code).label();
    }

    private String spec(String model) {
        return "openai-compatible:" + model + "?baseUrl=" + SERVER.baseUrl() + "/v1";
    }

    @Test
    void twoModelsAndHumansJudgedPairwiseAndAbsolutelyByTwoJudgesYieldTheLeaderboardAndEveryDiagnostic()
            throws Exception {
        FAKE.model("gpt-kind", prompt -> firstWords(3 + Math.floorMod(prompt.hashCode(), 25)));
        FAKE.model("claude-terse", prompt -> firstWords(2 + Math.floorMod(prompt.hashCode(), 17)));
        FAKE.model("gpt-judge", prompt -> {
            if (FakeOpenAi.pairwise(prompt)) {
                List<String> pair = FakeOpenAi.pair(prompt);
                int d = words(pair.get(0)) - words(pair.get(1));
                return FakeOpenAi.verdict(d >= 3 ? "A" : d <= -3 ? "B" : "tie");
            }
            return FakeOpenAi.rating(label(level(noisy(FakeOpenAi.ratedReply(prompt)), 12, 6)));
        });
        FAKE.model("llama-judge", prompt -> {
            if (FakeOpenAi.pairwise(prompt)) {
                List<String> pair = FakeOpenAi.pair(prompt);
                return FakeOpenAi.verdict(words(pair.get(1)) - words(pair.get(0)) >= 8 ? "B" : "A");
            }
            return FakeOpenAi.rating(label(level(noisy(FakeOpenAi.ratedReply(prompt)), 18, 8)));
        });
        FakeOpenAi.stub(SERVER);
        List<Dialogue> dialogues = new ArrayList<>();
        for (int i = 0; i < DIALOGUES; i++) {
            Emotion e = Emotion.values()[i % Emotion.values().length];
            dialogues.add(Dialogue.opening(String.format(Locale.ROOT, "d%02d", i), e, "A situation " + i,
                    "Something happened and I feel " + e.label() + " (" + i + ").",
                    firstWords(2 + (i * 7) % 20)));
        }
        Path data = Cli.writeDialogues(dir.resolve("dialogues.jsonl"), DialogueSet.of(dialogues));
        Path run = dir.resolve("run");
        String gptJudge = spec("gpt-judge");
        String llamaJudge = spec("llama-judge");

        Cli.Outcome answered = Cli.run("run", data.toString(), "--model", "kind=" + spec("gpt-kind"), "--model",
                "terse=" + spec("claude-terse"), "--judge", gptJudge, "--judge", llamaJudge, "--combine", "majority", "--out", run.toString());
        assertThat(answered.exitCode()).as(answered.err()).isZero();
        List<Reply> replies = RunDirectory.open(run).replies();
        List<Rating> crowd = new ArrayList<>();
        for (Reply r : replies) {
            int i = Integer.parseInt(r.dialogueId().substring(1));
            int first = level(words(r.text()), 10, 5);
            crowd.add(new Rating(r.condition(), r.dialogueId(), "p1", "study", "empathy", first, null, "b1"));
            crowd.add(new Rating(r.condition(), r.dialogueId(), "p2", "study", "empathy",
                    i % 3 == 0 ? Math.max(1, first - 1) : first, null, "b1"));
        }
        RatingJournal.append(run.resolve(RatingJournal.FILE_NAME), crowd);

        // pairwise, both judges
        Cli.Outcome pairwise = Cli.run("pairwise", "--run", run.toString(), "--judge", gptJudge, "--judge",
                llamaJudge, "--bootstrap", "200", "--format", "json");
        assertThat(pairwise.exitCode()).as(pairwise.err()).isZero();
        List<PairwiseJudgement> verdicts = PairwiseJournal.read(run.resolve(PairwiseJournal.FILE_NAME));
        assertThat(verdicts).hasSize(2 * 2 * DIALOGUES * 2);
        assertThat(pairwise.json().path("judged").asInt()).isEqualTo(verdicts.size());
        String gptName = verdicts.stream().map(PairwiseJudgement::judge).filter(j -> j.contains("gpt-judge"))
                .findFirst().orElseThrow();
        String llamaName = verdicts.stream().map(PairwiseJudgement::judge).filter(j -> j.contains("llama-judge"))
                .findFirst().orElseThrow();
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.judgeFamily()).isEqualTo(v.judge().contains("gpt-judge") ? "openai" : "meta");
            assertThat(List.of(v.authorA(), v.authorB())).contains("human")
                    .containsAnyOf("openai", "anthropic");
        });
        Map<String, int[]> expected = expectedCounts(verdicts); // judge + condition -> wins, ties, losses, flipped
        JsonNode analyses = pairwise.json().path("analyses");
        assertThat(analyses).hasSize(2);
        for (JsonNode a : analyses) {
            for (JsonNode v : a.path("versusBaseline")) {
                int[] counts = expected.get(a.path("judge").asText() + "|" + v.path("condition").asText());
                assertThat(new int[] {v.path("wins").asInt(), v.path("ties").asInt(), v.path("losses").asInt()})
                        .containsExactly(counts[0], counts[1], counts[2]);
                assertThat(v.path("pairs").asInt()).isEqualTo(DIALOGUES);
            }
        }
        // only the position-biased judge flips, and it does
        int llamaFlips = expected.entrySet().stream().filter(e -> e.getKey().contains("llama-judge"))
                .mapToInt(e -> e.getValue()[3]).sum();
        assertThat(llamaFlips).isPositive();
        assertThat(expected.entrySet().stream().filter(e -> e.getKey().contains("gpt-judge"))
                .mapToInt(e -> e.getValue()[3]).sum()).isZero();

        // empathy judges: agreement with the crowd, length, self-preference, and position bias
        Cli.Outcome judges = Cli.run("judges", run.toString(), "--judge", gptName, "--judge", llamaName,
                "--bootstrap", "200", "--format", "json");
        assertThat(judges.exitCode()).as(judges.err()).isZero();
        JsonNode absolute = judges.json().path("judges");
        assertThat(absolute).hasSize(2);
        for (JsonNode j : absolute) {
            assertThat(j.path("crowdReplies").asInt()).isEqualTo(3 * DIALOGUES);
            assertThat(j.path("alphaOrdinal").path("value").isNumber()).isTrue();
            assertThat(j.path("ceiling").path("replies").asInt()).isEqualTo(3 * DIALOGUES);
        }
        assertThat(absolute.get(0).path("family").asText()).isEqualTo("openai");
        assertThat(absolute.get(0).path("selfPreference").path("ownReplies").asInt()).isEqualTo(DIALOGUES);
        JsonNode bias = judges.json().path("pairwise");
        assertThat(bias).hasSize(2);
        for (JsonNode a : bias) {
            int flips = expected.entrySet().stream().filter(e -> e.getKey().startsWith(a.path("judge").asText() + "|"))
                    .mapToInt(e -> e.getValue()[3]).sum();
            assertThat(a.path("positionBias").path("flipped").asInt()).isEqualTo(flips);
            assertThat(a.path("positionBias").path("pairs").asInt()).isEqualTo(2 * DIALOGUES);
        }
        for (String judge : List.of(gptName, llamaName)) {
            List<PairwiseJudgement> decided = verdicts.stream().filter(v -> v.judge().equals(judge)
                    && v.winner() != null && v.wordsA() != v.wordsB()).toList();
            long longer = decided.stream().filter(v -> v.winner().equals(v.conditionA()) == v.wordsA() > v.wordsB())
                    .count();
            JsonNode length = judges.json().path("pairwiseLength").path(judge);
            assertThat(length.path("decided").asInt()).isEqualTo(decided.size());
            assertThat(length.path("longerWins").asLong()).isEqualTo(longer);
        }
        // the pairwise gpt-judge only ever prefers the longer reply
        assertThat(judges.json().path("pairwiseLength").path(gptName).path("longerWinShare").path("estimate")
                .asDouble()).isEqualTo(1.0);
        // self-preference, recomputed from the journal and the crowd (majority of two: the lower): the focal reply's
        // score (1 won in both orders, 0.5 tie or flip, 0 lost) under the judge minus under the crowd
        Map<String, Integer> crowdLevel = new HashMap<>();
        crowd.forEach(r -> crowdLevel.merge(r.condition() + "|" + r.dialogueId(), r.value(), Math::min));
        JsonNode self = judges.json().path("pairwiseSelfPreference");
        assertThat(self).hasSize(2);
        for (JsonNode s : self) {
            String judge = s.path("judge").asText();
            double[] own = selfPreference(verdicts, crowdLevel, judge, List.of("kind"));
            double[] llm = selfPreference(verdicts, crowdLevel, judge, List.of("kind", "terse"));
            if (judge.equals(gptName)) {
                assertThat(s.path("family").asText()).isEqualTo("openai");
                assertThat(s.path("ownFamily").path("pairs").asInt()).isEqualTo(DIALOGUES);
                assertThat(s.path("ownFamily").path("difference").path("value").asDouble())
                        .isCloseTo(own[0] - own[1], within(1e-12));
            } else {
                assertThat(s.path("ownFamily").path("unavailable").asText()).contains("family (meta)");
            }
            assertThat(s.path("llmOverHuman").path("pairs").asInt()).isEqualTo(2 * DIALOGUES);
            assertThat(s.path("llmOverHuman").path("judgeScore").asDouble()).isCloseTo(llm[0], within(1e-12));
            assertThat(s.path("llmOverHuman").path("crowdScore").asDouble()).isCloseTo(llm[1], within(1e-12));
        }
        Cli.Outcome judgesText = Cli.run("judges", run.toString(), "--bootstrap", "200");
        assertThat(judgesText.out()).contains("Position bias in pairwise verdicts", "own family", "longer wins",
                "Self-preference in pairwise verdicts");

        // the run's report: md, html, json with the pairwise section
        Cli.Outcome report = Cli.run("report", run.toString(), "--rater", gptName, "--bootstrap", "200");
        assertThat(report.exitCode()).as(report.err()).isZero();
        Path reportDir = run.resolve(RunDirectory.REPORT);
        String md = Files.readString(reportDir.resolve("report.md"));
        String html = Files.readString(reportDir.resolve("report.html"));
        JsonNode reportJson = JSON.readTree(reportDir.resolve("report.json").toFile());
        int[] kindGpt = expected.get(gptName + "|kind");
        String row = String.format(Locale.ROOT, "| kind | %d | %d | %d | %d |", DIALOGUES, kindGpt[0], kindGpt[1],
                kindGpt[2]);
        assertThat(md).contains("## Pairwise verdicts", "Pairwise against human, judged by " + gptName, row,
                "LLM judges against the crowd", "Position bias of ");
        assertThat(html).contains("Pairwise verdicts", "Bradley-Terry strengths", "Position bias in pairwise verdicts"
                .substring(0, 13)).containsPattern(String.format(Locale.ROOT, "<td>kind</td>\\s*<td class=\"n\">%d"
                + "</td>\\s*<td class=\"n\">%d</td>\\s*<td class=\"n\">%d</td>\\s*<td class=\"n\">%d</td>", DIALOGUES,
                kindGpt[0], kindGpt[1], kindGpt[2]));
        assertThat(reportJson.path("pairwise")).hasSize(2);
        assertThat(reportJson.path("judges")).hasSize(3); // the two judges and their panel

        // the leaderboard: strength column from pairwise.jsonl, of the --rater judge
        Path board = dir.resolve("board");
        Cli.Outcome leaderboard = Cli.run("leaderboard", run.toString(), "--rater", gptName, "--bootstrap", "200",
                "--out", board.toString(), "--format", "json");
        assertThat(leaderboard.exitCode()).as(leaderboard.err()).isZero();
        JsonNode lb = JSON.readTree(board.resolve("leaderboard.json").toFile());
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        lb.path("entries").forEach(e -> entries.put(e.path("condition").asText(), e));
        assertThat(entries.keySet()).containsExactlyInAnyOrder("human", "kind", "terse");
        for (String condition : List.of("kind", "terse")) {
            int[] c = expected.get(gptName + "|" + condition);
            // with each condition compared only with the baseline, the Bradley-Terry likelihood separates: the MLE of
            // a condition's log-strength is log((wins + ties/2) / (losses + ties/2))
            double strength = Math.log((c[0] + c[1] / 2.0) / (c[2] + c[1] / 2.0));
            assertThat(entries.get(condition).path("strength").path("logStrength").asDouble())
                    .isCloseTo(strength, within(1e-6));
        }
        assertThat(entries.get("human").path("strength").path("logStrength").asDouble()).isZero();
        String lbMd = Files.readString(board.resolve("leaderboard.md"));
        assertThat(lbMd).contains("strength").contains(String.format(Locale.ROOT, "%+.2f",
                entries.get("kind").path("strength").path("logStrength").asDouble()));
        assertThat(lb.path("notes").toString()).contains("of 2 judges with pairwise verdicts");
        assertThat(Files.readString(board.resolve("leaderboard.html"))).contains("data:image/png;base64,", "strength");
        assertThat(Files.size(board.resolve("leaderboard.png"))).isPositive();
    }

    /**
     * One judge's mean score of the replies of {@code focal} conditions against the human ones, under the judge (both
     * orders must agree, else 0.5) and under the crowd (its levels compared), from the journal.
     */
    private static double[] selfPreference(List<PairwiseJudgement> verdicts, Map<String, Integer> crowd, String judge,
            List<String> focal) {
        Map<String, List<PairwiseJudgement>> byPair = verdicts.stream().filter(v -> v.judge().equals(judge))
                .collect(Collectors.groupingBy(v -> v.dialogueId() + "|" + (v.conditionA().equals("human")
                        ? v.conditionB() : v.conditionA())));
        double judgeSum = 0;
        double crowdSum = 0;
        int n = 0;
        for (List<PairwiseJudgement> orders : byPair.values()) {
            PairwiseJudgement v = orders.get(0);
            String model = v.conditionA().equals("human") ? v.conditionB() : v.conditionA();
            if (!focal.contains(model)) {
                continue;
            }
            String w1 = orders.get(0).winner();
            String w2 = orders.get(1).winner();
            judgeSum += w1 != null && w1.equals(w2) ? (w1.equals(model) ? 1 : 0) : 0.5;
            int c = Integer.compare(crowd.get(model + "|" + v.dialogueId()), crowd.get("human|" + v.dialogueId()));
            crowdSum += c > 0 ? 1 : c == 0 ? 0.5 : 0;
            n++;
        }
        return new double[] {judgeSum / n, crowdSum / n};
    }

    /** Per judge and condition against human: wins, ties, losses and flipped pairs, counted from the journal. */
    private static Map<String, int[]> expectedCounts(List<PairwiseJudgement> verdicts) {
        Map<String, List<PairwiseJudgement>> byPair = verdicts.stream().collect(Collectors.groupingBy(v ->
                v.judge() + "|" + (v.conditionA().equals("human") ? v.conditionB() : v.conditionA()) + "|"
                        + v.dialogueId()));
        Map<String, int[]> counts = new HashMap<>();
        byPair.forEach((key, orders) -> {
            assertThat(orders).hasSize(2);
            String condition = key.split("\\|")[1];
            int[] c = counts.computeIfAbsent(key.substring(0, key.lastIndexOf('|')), k -> new int[4]);
            String w1 = orders.get(0).winner();
            String w2 = orders.get(1).winner();
            if (w1 != null && w1.equals(w2)) {
                c[w1.equals(condition) ? 0 : 2]++;
            } else {
                c[1]++;
                if (w1 != null && w2 != null) {
                    c[3]++;
                }
            }
        });
        return counts;
    }
}
