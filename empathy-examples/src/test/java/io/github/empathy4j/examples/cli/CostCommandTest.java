package io.github.empathy4j.examples.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.run.ReplyJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --prices}, {@code --budget} and {@code --dry-run} of {@code run}, against a local fake of the provider. */
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
