package io.github.empathy4j.examples.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.run.ReplyJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --prices}, {@code --budget} and {@code --dry-run} of {@code run} and {@code rate}, against a local fake of the
 * provider.
 */
class CostCommandTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    private Path dataset() {
        return Cli.writeDialogues(dir.resolve("dialogues.jsonl"), Cli.dialogues(2));
    }

    /** $1 a million input tokens, $2 a million output tokens: a reply of 30 + 10 tokens costs $0.00005. */
    private Path prices() throws IOException {
        return Files.writeString(dir.resolve("prices.csv"), "provider,model,input,output,batch_input,batch_output,"
                + "checked,aliases,source\nopenai-compatible,tiny,1.00,2.00,,,2026-11-27,,a test\n");
    }

    private String model() {
        return "local=openai-compatible:tiny?maxTokens=10&baseUrl=" + SERVER.baseUrl() + "/v1";
    }

    @Test
    void aBudgetStopsTheRunWithExit4BeforeItIsExceededAndALargerOneResumes() throws IOException {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(
                RunCommandTest.completion("I hear you."))));
        Path out = dir.resolve("run");
        String[] args = {"run", dataset().toString(), "--no-include-human", "--model", model(), "--prices",
                prices().toString(), "--concurrency", "8", "--out", out.toString(), "--budget", "0.001"};

        Cli.Outcome stopped = Cli.run(args);

        assertThat(stopped.exitCode()).as(stopped.err()).isEqualTo(4);
        assertThat(stopped.err()).contains("budget: $", "of the $0.001 budget spent", "run again with a larger budget");
        List<Reply> replies = ReplyJournal.read(out.resolve("responses.jsonl"));
        assertThat(replies).isNotEmpty().hasSizeLessThan(64)
                .allSatisfy(r -> assertThat(r.cost()).isEqualByComparingTo("0.00005")); // 30 × 1e-6 + 10 × 2e-6
        assertThat(replies.stream().map(Reply::cost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isLessThanOrEqualTo(new BigDecimal("0.001"));
        assertThat(Files.readAllLines(out.resolve("failures.jsonl"))).hasSize(64 - replies.size())
                .allSatisfy(l -> assertThat(l).contains("budget: "));
        SERVER.verify(replies.size(), postRequestedFor(urlPathEqualTo("/v1/chat/completions")));

        args[args.length - 1] = "1";
        Cli.Outcome resumed = Cli.run(args);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        SERVER.verify(64, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        // 64 × $0.00005
        assertThat(resumed.out()).containsPattern("local +openai-compatible:tiny\\S+ +64 .* \\$0\\.003200\\b")
                .contains("Spent in all: $0.003200.");
    }

    @Test
    void withoutAPriceTheCostIsUnknownAndCountedApartNeverAsZero() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(
                RunCommandTest.completion("I hear you."))));

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--no-include-human", "--model", model(),
                "--out", dir.resolve("run").toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("64 unpriced", "Spent in all: 64 unpriced.").doesNotContain("$0.0");
        assertThat(ReplyJournal.read(dir.resolve("run/responses.jsonl"))).allSatisfy(r -> assertThat(r.cost()).isNull());
    }

    @Test
    void aBudgetNeedsAPriceAndAMaxTokensForEveryModel() throws IOException {
        Cli.Outcome unpriced = Cli.run("run", dataset().toString(), "--model", model(), "--budget", "1", "--out",
                dir.resolve("run").toString());
        Cli.Outcome unbounded = Cli.run("run", dataset().toString(), "--model", "openai-compatible:tiny?baseUrl="
                + SERVER.baseUrl() + "/v1", "--prices", prices().toString(), "--budget", "1", "--out",
                dir.resolve("run").toString());
        Cli.Outcome negative = Cli.run("run", dataset().toString(), "--model", model(), "--budget", "-1", "--out",
                dir.resolve("run").toString());

        assertThat(unpriced.exitCode()).isEqualTo(2);
        assertThat(unpriced.err()).contains("openai-compatible:tiny?maxTokens=10", "has none (price unknown)");
        assertThat(unbounded.exitCode()).isEqualTo(2);
        assertThat(unbounded.err()).contains("sets no maxTokens");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("--budget must be US dollars");
        assertThat(dir.resolve("run")).doesNotExist();
        SERVER.verify(0, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @Test
    void aDryRunPrintsTheEstimateWithoutACallOrAWrite() throws IOException {
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--model", model(), "--model", "echo:v1",
                "--prices", prices().toString(), "--out", out.toString(), "--dry-run");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(out).doesNotExist();
        SERVER.verify(0, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        assertThat(outcome.out()).containsPattern("human +human +64 +0 +0 +no call +\\$0\\.000000")
                .containsPattern("local +openai-compatible:tiny\\S+ +64 +\\d+ +640 +maxTokens +\\$0\\.0")
                .containsPattern("v1 +echo:v1 +64 +\\d+ +16384 +default +price unknown")
                .contains("192 of 192 items left", "without 1 model of unknown price");
    }

    /** A variable no test environment sets: a key a dry run must not need. */
    private static final String UNSET = "EMPATHY_TEST_DRY_RUN_UNSET_KEY";

    /**
     * An OpenAI spec that sends to the local fake and reads its key from {@code variable}, so that whether the key
     * is set does not depend on the environment the tests run in.
     */
    private String openAi(String model, String variable) {
        return "openai:" + model + "?maxTokens=10&baseUrl=" + SERVER.baseUrl() + "/v1&apiKeyEnv=" + variable;
    }

    @Test
    void aDryRunNeedsNoKeyCallsNothingAndNamesTheKeysARealRunNeeds() {
        assumeTrue(System.getenv(UNSET) == null, UNSET + " is set");
        String path = System.getenv("PATH"); // a variable that is set, standing in for a key that is
        assumeTrue(path != null && !path.isBlank(), "PATH is not set");
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--model", "a=" + openAi("gpt-4o", UNSET),
                "--model", "b=" + openAi("gpt-4.1", "PATH"), "--judge", openAi("gpt-4o-mini", UNSET), "--out",
                out.toString(), "--dry-run");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(SERVER.getAllServeEvents()).isEmpty();
        assertThat(out).doesNotExist();
        assertThat(outcome.out()).containsPattern("a +openai:gpt-4o\\S+ +64 .* maxTokens +\\$")
                .contains("API keys: a real run reads " + UNSET + " (not set), PATH (set); the dry run needs none."
                        + " Set " + UNSET + " before the real run.")
                .doesNotContain(path);
        assertThat(outcome.err()).doesNotContain(path);
    }

    @Test
    void aRatingDryRunNeedsNoKeyCallsNothingAndWritesNothing() {
        assumeTrue(System.getenv(UNSET) == null, UNSET + " is set");
        Path run = dir.resolve("run");
        TestRuns.create(run);
        List<String> before = List.of(run.toFile().list());

        Cli.Outcome text = Cli.run("rate", "--run", run.toString(), "--judge", openAi("gpt-4o", UNSET), "--dry-run");
        Cli.Outcome json = Cli.run("rate", "--run", run.toString(), "--judge", openAi("gpt-4o", UNSET), "--judge",
                "echo:judge", "--dry-run", "--format", "json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("openai:gpt-4o\\S+ +24 +\\d+ +240 +maxTokens +\\$0\\.0")
                .contains("API keys: a real run reads " + UNSET + " (not set)",
                        "Set " + UNSET + " before the real run.");
        assertThat(text.out().replaceAll("\\s+", " ")).contains("Estimated cost at standard prices: $0.0");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.json().get("keyVariables").toString()).isEqualTo("[\"" + UNSET + "\"]");
        assertThat(json.json().get("missingKeyVariables").toString()).isEqualTo("[\"" + UNSET + "\"]");
        assertThat(json.json().get("prices").asText()).isEqualTo("standard");
        assertThat(SERVER.getAllServeEvents()).isEmpty();
        assertThat(run.toFile().list()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aDryRunWithBatchPricesTheBatchedCallsAtTheBatchPriceAndSaysWhereItCannot() throws IOException {
        assumeTrue(System.getenv(UNSET) == null, UNSET + " is set");
        // judge-batch: standard $4 / $16, batch $2 / $8 a million tokens; judge-sync: no batch price
        Path prices = Files.writeString(dir.resolve("batch-prices.csv"), "provider,model,input,output,batch_input,"
                + "batch_output,checked,aliases,source\nopenai,judge-batch,4.00,16.00,2.00,8.00,2026-11-27,,a test\n"
                + "openai,judge-sync,4.00,16.00,,,2026-11-27,,a test\n");
        Path run = dir.resolve("run");
        TestRuns.create(run);

        Cli.Outcome outcome = Cli.run("rate", "--run", run.toString(), "--judge", openAi("judge-batch", UNSET),
                "--judge", openAi("judge-sync", UNSET), "--judge", "echo:judge", "--prices", prices.toString(),
                "--dry-run", "--batch");
        Cli.Outcome standard = Cli.run("rate", "--run", run.toString(), "--judge", openAi("judge-batch", UNSET),
                "--prices", prices.toString(), "--dry-run");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(SERVER.getAllServeEvents()).isEmpty();
        // 24 replies (TestRuns: 12 dialogues, human and echo), one call each, 10 output tokens (maxTokens) a call
        Matcher row = Pattern.compile("openai:judge-batch\\S+ +24 +(\\d+) +240"
                + " +maxTokens +batch +\\$(\\S+)").matcher(outcome.out());
        assertThat(row.find()).as(outcome.out()).isTrue();
        BigDecimal input = new BigDecimal(row.group(1));
        // input × $2 / 10^6 + 240 × $8 / 10^6 = input × 0.000002 + 0.00192, shown to a millionth rounded up
        BigDecimal batch = input.multiply(new BigDecimal("0.000002")).add(new BigDecimal("0.00192"))
                .setScale(6, RoundingMode.CEILING);
        assertThat(row.group(2)).isEqualTo(batch.toPlainString());
        // the same calls at the standard price: input × $4 / 10^6 + 240 × $16 / 10^6 = input × 0.000004 + 0.00384
        BigDecimal full = input.multiply(new BigDecimal("0.000004")).add(new BigDecimal("0.00384"))
                .setScale(6, RoundingMode.CEILING);
        assertThat(standard.out()).containsPattern("openai:judge-batch\\S+ +24 +" + input + " +240 +maxTokens +\\$"
                + full.toPlainString().replace(".", "\\."));
        assertThat(outcome.out()).containsPattern("openai:judge-sync\\S+ +24 .* +batch +no batch price")
                .containsPattern("echo:judge\\S+ +24 .* +standard: no batch API +price unknown");
        assertThat(outcome.out().replaceAll("\\s+", " ")) // the note is wrapped to the table's width
                .contains("Estimated cost with --batch, at batch prices for the calls through batch APIs and at"
                        + " standard prices for the models called at once: $" + batch.toPlainString()
                        + ", without 1 model of unknown price and 1 model without a batch price.");
        assertThat(outcome.err()).contains("echo:judge?seed=42&temperature=0 has no batch API; it is called at"
                + " once");

        Cli.Outcome answers = Cli.run("run", dataset().toString(), "--no-include-human", "--model", "m="
                + openAi("judge-batch", UNSET), "--prices", prices.toString(), "--out", dir.resolve("new").toString(),
                "--dry-run", "--batch", "--format", "json");

        assertThat(answers.exitCode()).as(answers.err()).isZero();
        assertThat(SERVER.getAllServeEvents()).isEmpty();
        var line = answers.json().get("lines").get(0);
        assertThat(line.get("rate").asText()).isEqualTo("batch");
        assertThat(line.get("outputTokens").asLong()).isEqualTo(640); // 64 dialogues × maxTokens 10
        // inputTokens × $2 / 10^6 + 640 × $8 / 10^6, exactly
        assertThat(line.get("cost").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(line.get("inputTokens")
                .asLong()).multiply(new BigDecimal("0.000002")).add(new BigDecimal("0.00512")));
        assertThat(answers.json().get("prices").asText()).isEqualTo("batch");
        assertThat(answers.json().get("missingKeyVariables").toString()).isEqualTo("[\"" + UNSET + "\"]");
    }

    @Test
    void theReportAndTheRatingSummaryShowTheCostPerConditionAndPerJudge() throws IOException {
        Path prices = Files.writeString(dir.resolve("echo-prices.csv"), "provider,model,input,output,batch_input,"
                + "batch_output,checked,aliases,source\necho,v1,1000000,0,,,2026-11-27,,pretend: $1 a token\n");
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--model", "echo:v1", "--judge", "echo:judge",
                "--prices", prices.toString(), "--out", out.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        BigDecimal inputTokens = BigDecimal.valueOf(ReplyJournal.read(out.resolve("responses.jsonl")).stream()
                .filter(r -> r.condition().equals("v1")).mapToLong(r -> r.usage().inputTokens()).sum());
        String v1 = "$" + inputTokens.setScale(6).toPlainString(); // $1 per input token
        String md = Files.readString(out.resolve("report/report.md"));
        // echo:judge has no price: its 128 ratings are counted apart, never as $0
        assertThat(md).contains("Cost: human $0.000000, v1 " + v1 + ", judge echo:judge?seed=42&temperature=0 128"
                + " unpriced calls; total " + v1 + " + 128 unpriced calls.");
        assertThat(Files.readString(out.resolve("report/report.json"))).contains("\"costs\"", "\"unpriced\" : 128");

        Cli.Outcome rated = Cli.run("rate", "--run", out.toString(), "--judge", "echo:judge");
        assertThat(rated.out()).containsPattern("echo:judge\\S* +128 unpriced").contains("Spent in all: 128 unpriced;");
    }
}
