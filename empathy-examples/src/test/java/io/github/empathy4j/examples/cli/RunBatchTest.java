package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.run.ReplyJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code empathy run --batch} against a local fake of OpenAI's files and batches endpoints. */
class RunBatchTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String batch(String status, int done, String output) {
        return """
                {"id": "batch_abc123", "object": "batch", "endpoint": "/v1/chat/completions", "errors": null,
                 "input_file_id": "file-in", "completion_window": "24h", "status": "%s", "output_file_id": %s,
                 "error_file_id": null, "request_counts": {"total": 32, "completed": %d, "failed": 0}}
                """.formatted(status, output == null ? "null" : "\"" + output + "\"", done);
    }

    /** The output file answering each uploaded request with {@code "batched: "} and its last message. */
    private static String output(List<JsonNode> uploaded) {
        StringBuilder lines = new StringBuilder();
        for (JsonNode request : uploaded) {
            JsonNode messages = request.path("body").path("messages");
            ObjectNode line = JSON.createObjectNode().put("custom_id", request.path("custom_id").asText());
            ObjectNode body = line.putObject("response").put("status_code", 200).putObject("body")
                    .put("model", "tiny-0125");
            body.putArray("choices").addObject().put("finish_reason", "stop").putObject("message")
                    .put("role", "assistant").put("content", "batched: "
                            + messages.path(messages.size() - 1).path("content").asText());
            body.putObject("usage").put("prompt_tokens", 30).put("completion_tokens", 10);
            lines.append(line).append('\n');
        }
        return lines.toString();
    }

    private List<JsonNode> uploaded() throws Exception {
        String body = SERVER.findAll(postRequestedFor(urlPathEqualTo("/v1/files"))).get(0).getBodyAsString();
        List<JsonNode> requests = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("{\"custom_id\"")) {
                requests.add(JSON.readTree(line));
            }
        }
        return requests;
    }

    @Test
    void runBatchNoWaitSubmitsOnceAndTheSameCommandCollects() throws Exception {
        SERVER.stubFor(post(urlPathEqualTo("/v1/files")).willReturn(okJson("{\"id\": \"file-in\", \"object\": \"file\"}")));
        SERVER.stubFor(post(urlPathEqualTo("/v1/batches")).willReturn(okJson(batch("validating", 0, null))));
        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123")).willReturn(okJson(batch("in_progress", 12,
                null))));
        Path data = Cli.writeDialogues(dir.resolve("dialogues.jsonl"), Cli.dialogues(1));
        Path out = dir.resolve("run");
        String[] command = {"run", data.toString(), "--model", "tiny=openai-compatible:tiny?baseUrl="
                + SERVER.baseUrl() + "/v1", "--no-include-human", "--batch", "--no-wait", "--out", out.toString()};

        Cli.Outcome submitted = Cli.run(command);

        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        assertThat(submitted.err()).contains("empathy: through batches: tiny")
                .contains("empathy: batch batch_abc123 in progress 12/32")
                .contains("empathy: 1 batch(es) pending at the provider; run the same command again to collect them");
        List<JsonNode> uploaded = uploaded();
        assertThat(uploaded).hasSize(32).allSatisfy(r -> assertThat(r.path("custom_id").asText())
                .matches("[0-9a-f]{40}"));
        assertThat(Files.readString(out.resolve("batches.jsonl"))).contains("\"event\":\"submitted\"")
                .contains("\"batchId\":\"batch_abc123\"");

        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123")).willReturn(okJson(batch("completed", 32,
                "file-out"))));
        SERVER.stubFor(get(urlPathEqualTo("/v1/files/file-out/content")).willReturn(ok(output(uploaded))));

        Cli.Outcome collected = Cli.run(command);

        assertThat(collected.exitCode()).as(collected.err()).isZero();
        assertThat(collected.err()).contains("empathy: batch batch_abc123 completed").doesNotContain("pending");
        SERVER.verify(1, postRequestedFor(urlPathEqualTo("/v1/batches")));
        List<Reply> replies = ReplyJournal.read(out.resolve("responses.jsonl"));
        assertThat(replies).hasSize(32);
        Map<String, Dialogue> dialogues = Cli.dialogues(1).dialogues().stream().collect(Collectors.toMap(
                Dialogue::id, Function.identity()));
        assertThat(replies).allSatisfy(r -> {
            assertThat(r.condition()).isEqualTo("tiny");
            assertThat(r.text()).startsWith("batched: ").contains(dialogues.get(r.dialogueId()).speakerUtterance());
            assertThat(r.model()).isEqualTo("tiny-0125");
        });
    }

    @Test
    void noWaitWithoutBatchIsAUsageError() {
        Cli.Outcome outcome = Cli.run("run", "x.jsonl", "--model", "echo:v1", "--no-wait", "--out",
                dir.resolve("run").toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--no-wait and --batch-retry go with --batch");
    }
}
