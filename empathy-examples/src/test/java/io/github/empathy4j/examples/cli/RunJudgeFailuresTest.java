package io.github.empathy4j.examples.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.examples.FakeOpenAi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --judge} when some ratings fail: exit 1, how many and why, and a report with a warning. */
class RunJudgeFailuresTest {

    static final FakeOpenAi FAKE = new FakeOpenAi();

    @RegisterExtension
    static final WireMockExtension SERVER = FAKE.server();

    @TempDir
    Path dir;

    @Test
    void failedRatingsExitWithOneSayHowManyAndWhyAndTheReportCarriesAWarning() throws IOException {
        FakeOpenAi.stub(SERVER);
        // answers no level for the model's replies to the dialogues "(1)", also when asked again
        FAKE.model("flaky", prompt -> prompt.contains("The listener's response to rate:")
                && !(FakeOpenAi.speakerTurn(prompt).contains("(1)")
                        && !FakeOpenAi.ratedReply(prompt).equals("I see. Tell me more."))
                ? FakeOpenAi.rating("Good") : "maybe");
        Path data = Cli.writeDialogues(dir.resolve("d.jsonl"), Cli.dialogues(2));
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", data.toString(), "--model", "echo:v1", "--judge",
                "openai-compatible:flaky?baseUrl=" + SERVER.baseUrl() + "/v1", "--out", out.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("empathy: 32 ratings failed (32 x the judge's answer was no level), 96"
                + " were made; see " + out.resolve("rating-failures.jsonl") + "; run the same command again to retry"
                + " them; the report carries a warning");
        assertThat(outcome.out()).doesNotContain("No ratings yet")
                .contains("Warning: 32 ratings failed").contains("Report: ");
        List<Rating> ratings = RatingJournal.read(out.resolve("ratings.jsonl"));
        assertThat(ratings).hasSize(96);
        String report = Files.readString(out.resolve("report").resolve("report.md"));
        assertThat(report).contains("> **Warning:** 32 ratings failed (32 x the judge's answer was no level)")
                .contains("64 dialogues;");
    }
}
