package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.DialogueJsonl;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.run.ReplyJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    private Path dataset() {
        return Cli.writeDialogues(dir.resolve("dialogues.jsonl"), Cli.dialogues(2));
    }

    static String completion(String text) {
        return """
                {"id": "c1", "object": "chat.completion", "created": 1700000000, "model": "served-model",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 30, "completion_tokens": 10, "total_tokens": 40}}
                """.formatted(text);
    }

    @Test
    void answersEveryDialogueWithTheHumanReferenceAndTheModel() {
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--model", "echo:v1", "--out", out.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        List<Reply> replies = ReplyJournal.read(out.resolve("responses.jsonl"));
        assertThat(replies).hasSize(128);
        assertThat(replies.stream().map(Reply::condition).distinct()).containsExactlyInAnyOrder("human", "v1");
        assertThat(DialogueJsonl.read(out.resolve("dialogues.jsonl"))).isEqualTo(Cli.dialogues(2));
        assertThat(out.resolve("run.json")).exists();
        assertThat(outcome.out()).containsPattern("v1 +echo:v1 +64 +0 ").contains("No ratings yet");
        assertThat(outcome.err()).contains("progress: 128/128 (100%)");
    }

    @Test
    void theSameCommandAgainResumes() {
        Path out = dir.resolve("run");
        String[] args = {"run", dataset().toString(), "--model", "echo:v1", "--out", out.toString(), "--format",
                "json"};
        Cli.run(args);

        JsonNode json = Cli.run(args).json();

        assertThat(json.path("skipped").asInt()).isEqualTo(128);
        assertThat(json.path("answered").asInt()).isZero();
        assertThat(json.path("conditions").get(1).path("replies").asInt()).isEqualTo(64);
        assertThat(ReplyJournal.read(out.resolve("responses.jsonl"))).hasSize(128);
    }

    @Test
    void aSampleIsStratifiedAndRecorded() throws IOException {
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--sample", "32", "--seed", "5", "--model",
                "echo:v1", "--out", out.toString());

        assertThat(outcome.exitCode()).isZero();
        DialogueSet sample = DialogueJsonl.read(out.resolve("dialogues.jsonl"));
        assertThat(sample.size()).isEqualTo(32);
        assertThat(sample.countsByEmotion()).hasSize(Emotion.values().length);
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(run.path("dataset").path("sampleSize").asInt()).isEqualTo(32);
        assertThat(run.path("dataset").path("sampleSeed").asLong()).isEqualTo(5);
        assertThat(run.path("dataset").path("description").asText()).contains("dialogues.jsonl", "seed 5");
    }

    @Test
    void schedulingOptionsTakeADefaultAndPerProviderValuesAndAreRecorded() throws IOException {
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--sample", "8", "--model", "echo:v1",
                "--concurrency", "4", "--concurrency", "echo=2", "--rpm", "echo=6000", "--tpm", "100000",
                "--patience", "90s", "--out", out.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(run.path("concurrency").asInt()).isEqualTo(4);
        assertThat(run.path("providerConcurrency").path("echo").asInt()).isEqualTo(2);
        assertThat(run.path("rateLimits").path("echo").path("requestsPerMinute").asInt()).isEqualTo(6000);
        assertThat(run.path("rateLimits").path("echo").path("tokensPerMinute").asLong()).isEqualTo(100_000);
        assertThat(run.path("rateLimits").path("*").path("requestsPerMinute").asInt()).isZero();
        assertThat(run.path("rateLimits").path("*").path("tokensPerMinute").asLong()).isEqualTo(100_000);
        assertThat(run.path("patienceSeconds").asLong()).isEqualTo(90);
    }

    @Test
    void aModelOverHttpAnswersWithTheGivenPromptAndName() throws IOException {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(completion("I hear you."))));
        Path prompt = Files.writeString(dir.resolve("prompt.txt"), "[system]\nBe kind.\n[user]\n{speaker_utterance}\n");
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--no-include-human", "--prompt-file",
                prompt.toString(), "--model", "local=openai-compatible:tiny?baseUrl=" + SERVER.baseUrl() + "/v1",
                "--concurrency", "2", "--rpm", "6000", "--out", out.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        SERVER.verify(64, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("Be kind.")));
        List<Reply> replies = ReplyJournal.read(out.resolve("responses.jsonl"));
        assertThat(replies).hasSize(64).allMatch(r -> r.condition().equals("local") && r.text().equals("I hear you."));
        assertThat(outcome.out())
                .containsPattern("local +openai-compatible:tiny\\?baseUrl=\\S+ +64 +0 +0 +0 +1920 +640 ");
    }

    @Test
    void failedItemsExitWithOneAndTellHowToRetry() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"bad request\", \"type\": \"invalid_request_error\"}}")));
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--model",
                "openai-compatible:tiny?baseUrl=" + SERVER.baseUrl() + "/v1", "--out", out.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("empathy: 64 of 128 items failed (see " + out.resolve("failures.jsonl")
                + "); run the same command again to retry them");
        assertThat(outcome.out()).containsPattern("tiny +\\S+ +0 +0 +0 +64 ");
    }

    @Test
    void afterARejectedKeyFailuresJsonlSaysWhyEachItemHasNoReply() throws IOException {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"Incorrect API key\", \"type\": \"invalid_request_error\"}}")));
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--no-include-human", "--model",
                "openai-compatible:tiny?baseUrl=" + SERVER.baseUrl() + "/v1", "--out", out.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("rejected the credentials");
        List<String> failures = Files.readAllLines(out.resolve("failures.jsonl"));
        assertThat(failures).hasSize(64).allSatisfy(l -> assertThat(l).contains("\"condition\":\"tiny\"")
                .contains("rejected the credentials"));
        assertThat(failures).filteredOn(l -> l.contains("not answered, the run stopped")).isNotEmpty();
    }

    @Test
    void writesTheReportWhenTheFolderHasRatings() {
        Path out = dir.resolve("run");
        String[] args = {"run", dataset().toString(), "--model", "echo:v1", "--out", out.toString()};
        Cli.run(args);
        List<Rating> ratings = new ArrayList<>();
        for (var d : Cli.dialogues(2).dialogues()) {
            ratings.add(Cli.rating("human", d.id(), d.id().endsWith("0") ? 3 : 2));
            ratings.add(Cli.rating("v1", d.id(), 3));
        }
        Cli.writeRatings(out.resolve("ratings.jsonl"), ratings);

        Cli.Outcome outcome = Cli.run(args);

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("Report: " + out.resolve("report").resolve("report.md"));
        assertThat(out.resolve("report").resolve("report.html")).exists();
        assertThat(out.resolve("report").resolve("emotions-v1.png")).exists();
    }

    @Test
    void ratingsThatCannotBeAnalysedLeaveTheRunSuccessfulWithAWarning() {
        Path out = dir.resolve("run");
        String[] args = {"run", dataset().toString(), "--model", "echo:v1", "--out", out.toString()};
        Cli.run(args);
        Cli.writeRatings(out.resolve("ratings.jsonl"), List.of(Cli.rating("human", "sad-0", 3)));

        Cli.Outcome outcome = Cli.run(args);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.err()).contains("empathy: the report was not written: ")
                .contains("see 'empathy report " + out + " --help'");
        assertThat(out.resolve("report")).doesNotExist();
    }

    @Test
    void emptyRepliesAndRefusalsAreCountedAndNeverRated() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(completion("I hear you."))));
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("(0)"))
                .willReturn(okJson(completion(""))));
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("(1)"))
                .willReturn(okJson(completion("").replace("\"stop\"", "\"content_filter\"")
                        .replace("\"content\": \"\"", "\"content\": null"))));
        Path data = Cli.writeDialogues(dir.resolve("three.jsonl"), Cli.dialogues(3));
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", data.toString(), "--model", "tiny=openai-compatible:tiny?baseUrl="
                + SERVER.baseUrl() + "/v1", "--judge", "echo:judge", "--out", out.toString(), "--format", "json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode tiny = outcome.json().path("conditions").get(1);
        assertThat(tiny.path("replies").asInt()).isEqualTo(96);
        assertThat(tiny.path("empty").asInt()).isEqualTo(32);
        assertThat(tiny.path("refused").asInt()).isEqualTo(32);
        assertThat(outcome.json().path("conditions").get(0).path("empty").asInt()).isZero();
        List<Reply> replies = ReplyJournal.read(out.resolve("responses.jsonl"));
        assertThat(replies).filteredOn(r -> r.outcome() != Reply.Outcome.ANSWERED).hasSize(64)
                .allMatch(r -> r.condition().equals("tiny") && r.text().isEmpty());
        // only answers were rated: 96 human replies and the 32 answers of tiny
        List<Rating> ratings = io.github.empathy4j.core.run.RatingJournal.read(out.resolve("ratings.jsonl"));
        assertThat(ratings).hasSize(128);
        assertThat(ratings).filteredOn(r -> r.condition().equals("tiny"))
                .allMatch(r -> r.dialogueId().endsWith("-2"));

        Cli.Outcome text = Cli.run("run", data.toString(), "--model", "tiny=openai-compatible:tiny?baseUrl="
                + SERVER.baseUrl() + "/v1", "--out", out.toString());
        assertThat(text.out()).containsPattern("tiny +\\S+ +96 +32 +32 +0 ")
                .contains("tiny: 32 empty and 32 refused replies, recorded as such and never rated.");
    }

    @Test
    void theHumanConditionCoversTheDialoguesThatHaveAHumanReplyAndSaysHowManyLackOne() {
        List<io.github.empathy4j.core.Dialogue> dialogues = new ArrayList<>(Cli.dialogues(1).dialogues());
        for (int i = 0; i < 3; i++) {
            var d = dialogues.get(i);
            dialogues.set(i, io.github.empathy4j.core.Dialogue.opening(d.id(), d.emotion(), d.situation(),
                    d.speakerUtterance(), null));
        }
        Path data = Cli.writeDialogues(dir.resolve("partial.jsonl"), DialogueSet.of(dialogues));
        Path out = dir.resolve("run");

        Cli.Outcome outcome = Cli.run("run", data.toString(), "--model", "echo:v1", "--judge", "echo:judge", "--out",
                out.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err()).contains("3 of 32 dialogues have no human reply; condition human answers the other"
                + " 29");
        List<Reply> replies = ReplyJournal.read(out.resolve("responses.jsonl"));
        assertThat(replies).filteredOn(r -> r.condition().equals("human")).hasSize(29);
        assertThat(replies).filteredOn(r -> r.condition().equals("v1")).hasSize(32);
        assertThat(out.resolve("failures.jsonl")).isEmptyFile();
        assertThat(outcome.out()).contains("Report: " + out.resolve("report").resolve("report.md"));
        // the next compare works: human on the 29 dialogues it answered, v1 on all 32
        Cli.Outcome compare = Cli.run("compare", out.toString(), "--format", "json");
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.json().path("overall").path("dialogues").asInt()).isEqualTo(32);
        assertThat(compare.json().path("overall").path("conditions").get(0).path("n").asInt()).isEqualTo(29);
        assertThat(compare.json().path("overall").path("conditions").get(1).path("n").asInt()).isEqualTo(32);
    }

    @Test
    void anUnknownProviderListsTheKnownOnes() {
        Cli.Outcome outcome = Cli.run("run", dataset().toString(), "--model", "acme:large", "--out",
                dir.resolve("run").toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("empathy: no model provider serves acme:large; known providers: anthropic, "
                + "azure-openai, echo,");
    }

    @Test
    void aMistypedDatasetLeavesNoRunFolderBehind() {
        Path out = dir.resolve("typo-run");

        Cli.Outcome outcome = Cli.run("run", dir.resolve("no-such-dataset.csv").toString(), "--model", "echo:v1",
                "--out", out.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("no-such-dataset.csv");
        assertThat(out).doesNotExist();
    }
}
