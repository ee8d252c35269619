package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.run.PairwiseJournal;
import io.github.empathy4j.core.run.PairwiseJudgement;
import io.github.empathy4j.examples.FakeOpenAi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code empathy pairwise} as a paid judge: {@code --prices}, {@code --budget}, {@code --dry-run} and {@code --cache},
 * against a local fake of an OpenAI-compatible judge that reports 100 input and 20 output tokens a call. The run has
 * 12 dialogues answered by {@code human} and {@code echo}: 12 pairs, 24 verdicts (both orders).
 */
class PairwiseCostTest {

    static final FakeOpenAi FAKE = new FakeOpenAi();

    @RegisterExtension
    static final WireMockExtension SERVER = FAKE.server();

    /** 100 input tokens × $1.00 / 1M + 20 output tokens × $2.00 / 1M = $0.0001 + $0.00004. */
    private static final BigDecimal VERDICT = new BigDecimal("0.00014");

    @TempDir
    Path dir;

    private Path run;
    private Path prices;

    @BeforeEach
    void setUp() throws IOException {
        FakeOpenAi.stub(SERVER);
        FAKE.model("pj", prompt -> FakeOpenAi.verdict(FakeOpenAi.pair(prompt).get(0).startsWith(TestRuns.ECHO) ? "A"
                : "B"));
        run = dir.resolve("run");
        TestRuns.create(run);
        // $1.00 a million input tokens, $2.00 a million output tokens
        prices = Files.writeString(dir.resolve("prices.csv"), "provider,model,input,output,batch_input,batch_output,"
                + "checked,aliases,source\nopenai-compatible,pj,1.00,2.00,,,2026-11-27,,a test\n");
    }

    private String judge() {
        return "openai-compatible:pj?maxTokens=50&baseUrl=" + SERVER.baseUrl() + "/v1";
    }

    private int calls() {
        return SERVER.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v1/chat/completions")).build())
                .getCount();
    }

    private static BigDecimal sum(List<PairwiseJudgement> verdicts) {
        return verdicts.stream().map(PairwiseJudgement::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void eachVerdictJournalsItsCallsCostAndTheSummaryAndTheReportShowEachJudgesCost() throws IOException {
        Cli.Outcome outcome = Cli.run("pairwise", "--run", run.toString(), "--judge", judge(), "--prices",
                prices.toString(), "--bootstrap", "0");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        List<PairwiseJudgement> verdicts = PairwiseJournal.read(run.resolve("pairwise.jsonl"));
        assertThat(verdicts).hasSize(24).allSatisfy(v -> assertThat(v.cost()).isEqualByComparingTo(VERDICT));
        assertThat(Files.readString(run.resolve("pairwise.jsonl"))).contains("\"costUsd\":\"0.00014\"");
        // 24 × $0.00014 = $0.00336
        assertThat(outcome.out()).contains("Cost of the judges' verdicts")
                .containsPattern("openai-compatible:pj\\S* +\\$0\\.003360").contains("Spent in all: $0.003360;");

        Cli.Outcome json = Cli.run("pairwise", "--run", run.toString(), "--judge", judge(), "--prices",
                prices.toString(), "--bootstrap", "0", "--format", "json");
        JsonNode cost = json.json().path("costs").get(0);
        assertThat(cost.path("rater").asText()).startsWith("openai-compatible:pj?");
        assertThat(new BigDecimal(cost.path("costUsd").asText())).isEqualByComparingTo("0.00336");
        assertThat(cost.path("unpriced").asInt()).isZero();
        assertThat(cost.size()).isEqualTo(3); // rater, costUsd, unpriced

        assertThat(Cli.run("rate", "--run", run.toString(), "--judge", "echo:judge").exitCode()).isZero();
        Cli.Outcome report = Cli.run("report", run.toString(), "--bootstrap", "0");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readString(run.resolve("report/report.md")))
                .containsPattern("judge openai-compatible:pj\\S* \\(pairwise\\) \\$0\\.003360");
    }

    @Test
    void aBudgetStopsTheJudgingWithExit4AndALargerOneResumesJudgingEachVerdictOnce() {
        // a call's worst case: its input at most (the dialogue and both texts in bytes, plus 1,000 for the
        // instructions), asked twice, and twice maxTokens 50 out: about $0.0027 here; a verdict costs $0.00014
        String[] args = {"pairwise", "--run", run.toString(), "--judge", judge(), "--prices", prices.toString(),
                "--bootstrap", "0", "--budget", "0.004"};

        Cli.Outcome stopped = Cli.run(args);

        assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(4);
        assertThat(stopped.err()).contains("budget: $", "of the $0.004 budget spent", "run again with a larger budget");
        List<PairwiseJudgement> first = PairwiseJournal.read(run.resolve("pairwise.jsonl"));
        assertThat(first).isNotEmpty().hasSizeLessThan(24)
                .allSatisfy(v -> assertThat(v.cost()).isEqualByComparingTo(VERDICT));
        assertThat(sum(first)).isLessThanOrEqualTo(new BigDecimal("0.004"));
        assertThat(calls()).isEqualTo(first.size());

        args[args.length - 1] = "1";
        Cli.Outcome resumed = Cli.run(args);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        List<PairwiseJudgement> all = PairwiseJournal.read(run.resolve("pairwise.jsonl"));
        assertThat(all).hasSize(24);
        assertThat(all.stream().map(v -> v.dialogueId() + " " + v.conditionA() + " " + v.conditionB()).distinct())
                .hasSize(24);
        assertThat(calls()).isEqualTo(24);
        assertThat(sum(all)).isEqualByComparingTo("0.00336"); // 24 × $0.00014
        assertThat(resumed.out()).contains("Spent in all: $0.003360;");
    }

    @Test
    void aBudgetNeedsAPriceAndAMaxTokensForEveryJudge() {
        Cli.Outcome unpriced = Cli.run("pairwise", "--run", run.toString(), "--judge", judge(), "--budget", "1");
        Cli.Outcome unbounded = Cli.run("pairwise", "--run", run.toString(), "--judge", "openai-compatible:pj?baseUrl="
                + SERVER.baseUrl() + "/v1", "--prices", prices.toString(), "--budget", "1");

        assertThat(unpriced.exitCode()).isEqualTo(2);
        assertThat(unpriced.err()).contains("has none (price unknown)");
        assertThat(unbounded.exitCode()).isEqualTo(2);
        assertThat(unbounded.err()).contains("sets no maxTokens");
        assertThat(run.resolve("pairwise.jsonl")).doesNotExist();
        assertThat(calls()).isZero();
    }

    @Test
    void aDryRunPrintsTheVerdictsLeftTheirTokensAndCostWithoutACallOrAWrite() {
        Cli.Outcome table = Cli.run("pairwise", "--run", run.toString(), "--judge", judge(), "--prices",
                prices.toString(), "--dry-run");
        // the judge's key variable is one no test environment sets: a dry run needs no key, and names the variable
        String keyless = judge() + "&apiKeyEnv=EMPATHY_TEST_DRY_RUN_UNSET_KEY";
        Cli.Outcome json = Cli.run("pairwise", "--run", run.toString(), "--judge", keyless, "--prices",
                prices.toString(), "--dry-run", "--format", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(calls()).isZero();
        assertThat(run.resolve("pairwise.jsonl")).doesNotExist();
        // 24 calls, each maxTokens 50 out: 1,200 output tokens
        assertThat(table.out()).contains("12 of 12 items left (0 done)")
                .containsPattern("openai-compatible:pj\\S* +openai-compatible:pj\\S* +24 +\\d+ +1200 +maxTokens +\\$0\\.0");
        assertThat(json.json().path("missingKeyVariables").toString()).isEqualTo("[\"EMPATHY_TEST_DRY_RUN_UNSET_KEY\"]");
        JsonNode line = json.json().path("lines").get(0);
        assertThat(json.json().path("calls").asLong()).isEqualTo(24);
        long input = line.path("inputTokens").asLong();
        assertThat(input).isPositive();
        // input × $1.00 / 1M + 1,200 × $2.00 / 1M
        assertThat(new BigDecimal(json.json().path("estimatedCostUsd").asText())).isEqualByComparingTo(
                BigDecimal.valueOf(input).multiply(new BigDecimal("0.000001")).add(new BigDecimal("0.0024")));
    }

    @Test
    void aCachedVerdictMakesNoCallAndCostsNothing() {
        Path cache = dir.resolve("cache");
        Path copy = dir.resolve("copy");
        TestRuns.create(copy);
        Cli.Outcome first = Cli.run("pairwise", "--run", run.toString(), "--judge", judge(), "--prices",
                prices.toString(), "--bootstrap", "0", "--cache", cache.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(calls()).isEqualTo(24);

        Cli.Outcome again = Cli.run("pairwise", "--run", copy.toString(), "--judge", judge(), "--prices",
                prices.toString(), "--bootstrap", "0", "--cache", cache.toString());

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(calls()).isEqualTo(24);
        assertThat(PairwiseJournal.read(copy.resolve("pairwise.jsonl"))).hasSize(24)
                .allSatisfy(v -> assertThat(v.cost()).isEqualByComparingTo("0"));
        assertThat(again.out()).contains("Spent in all: $0.000000;");
    }
}
