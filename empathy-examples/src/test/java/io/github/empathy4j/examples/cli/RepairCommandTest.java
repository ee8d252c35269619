package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.run.PairwiseJournal;
import io.github.empathy4j.core.run.ReplyJournal;
import io.github.empathy4j.core.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code empathy repair} on the journals other than replies and ratings: a spliced line (two writers without the
 * lock), an invalid field and a torn last line are moved aside byte for byte, and the command that reads the
 * journal ({@code pairwise}, a {@code run --batch} resume) works afterwards.
 */
class RepairCommandTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void badVerdictLinesAreMovedAsideAndPairwiseJudgesExactlyThemAgain() throws Exception {
        Path run = dir.resolve("run");
        TestRuns.create(run);
        Cli.Outcome judged = Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge", "--bootstrap", "0");
        assertThat(judged.exitCode()).as(judged.err()).isZero();
        Path journal = run.resolve(RunDirectory.PAIRWISE);
        List<String> verdicts = Files.readAllLines(journal);
        assertThat(verdicts).hasSize(24);
        String spliced = verdicts.get(1).substring(0, 40) + verdicts.get(2);
        String badField = verdicts.get(4).replaceFirst("\"verdict\":\"[A-Za-z]+\"", "\"verdict\":\"C\"");
        assertThat(badField).isNotEqualTo(verdicts.get(4));
        String torn = verdicts.get(23).substring(0, 30);
        List<String> kept = new ArrayList<>(verdicts.subList(5, 23));
        kept.add(0, verdicts.get(3));
        kept.add(0, verdicts.get(0));
        Files.writeString(journal, verdicts.get(0) + "\n" + spliced + "\n" + verdicts.get(3) + "\n" + badField + "\n"
                + lines(verdicts.subList(5, 23)) + torn);

        Cli.Outcome stuck = Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge", "--bootstrap", "0");
        assertThat(stuck.exitCode()).isEqualTo(1);
        assertThat(stuck.err()).startsWith("empathy: " + journal + ":2: ").contains("run: empathy repair " + run);

        Cli.Outcome repaired = Cli.run("repair", run.toString(), "--format", "json");

        assertThat(repaired.exitCode()).as(repaired.err()).isZero();
        JsonNode moved = repaired.json().path("moved");
        assertThat(moved.size()).isEqualTo(1);
        assertThat(moved.get(0).path("file").asText()).isEqualTo(journal.toString());
        assertThat(moved.get(0).path("rejectedFile").asText()).isEqualTo(run.resolve("pairwise.rejected.jsonl")
                .toString());
        assertThat(moved.get(0).path("lines").toString()).isEqualTo("[2,4,23]");
        assertThat(moved.get(0).path("kept").asInt()).isEqualTo(20);
        assertThat(moved.get(0).has("note")).isFalse();
        assertThat(Files.readString(run.resolve("pairwise.rejected.jsonl"))).isEqualTo(lines(List.of(spliced,
                badField, torn)));
        assertThat(Files.readString(journal)).isEqualTo(lines(kept));

        Cli.Outcome again = Cli.run("repair", run.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo("Nothing to repair: every line of " + run.resolve(RunDirectory.RESPONSES)
                + ", " + journal + ", " + run.resolve(RunDirectory.FAILURES) + " and "
                + run.resolve(RunDirectory.PAIRWISE_FAILURES) + " is valid.\n");

        Cli.Outcome resumed = Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge", "--bootstrap",
                "0", "--format", "json");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.json().path("judged").asInt()).isEqualTo(4); // the verdicts of lines 2 (two), 4 and 23
        assertThat(PairwiseJournal.read(journal)).hasSize(24);
        assertThat(Files.readString(journal)).startsWith(lines(kept));
    }

    private static String batch(String status, int done, String output) {
        return """
                {"id": "batch_abc123", "object": "batch", "endpoint": "/v1/chat/completions", "errors": null,
                 "input_file_id": "file-in", "completion_window": "24h", "status": "%s", "output_file_id": %s,
                 "error_file_id": null, "request_counts": {"total": 32, "completed": %d, "failed": 0}}
                """.formatted(status, output == null ? "null" : "\"" + output + "\"", done);
    }

    /** The output file answering each uploaded request with {@code "batched"}. */
    private static String output() throws Exception {
        String body = SERVER.findAll(postRequestedFor(urlPathEqualTo("/v1/files"))).get(0).getBodyAsString();
        StringBuilder lines = new StringBuilder();
        for (String request : body.split("\n")) {
            if (request.startsWith("{\"custom_id\"")) {
                ObjectNode line = JSON.createObjectNode().put("custom_id", JSON.readTree(request).path("custom_id")
                        .asText());
                ObjectNode response = line.putObject("response").put("status_code", 200).putObject("body")
                        .put("model", "tiny-0125");
                response.putArray("choices").addObject().put("finish_reason", "stop").putObject("message")
                        .put("role", "assistant").put("content", "batched");
                response.putObject("usage").put("prompt_tokens", 30).put("completion_tokens", 10);
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }

    @Test
    void badBatchEventsAreMovedAsideWithWhatThatMeansAndTheRunResumesItsBatch() throws Exception {
        SERVER.stubFor(post(urlPathEqualTo("/v1/files")).willReturn(okJson(
                "{\"id\": \"file-in\", \"object\": \"file\"}")));
        SERVER.stubFor(post(urlPathEqualTo("/v1/batches")).willReturn(okJson(batch("validating", 0, null))));
        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123")).willReturn(okJson(batch("in_progress", 12,
                null))));
        Path data = Cli.writeDialogues(dir.resolve("dialogues.jsonl"), Cli.dialogues(1));
        Path run = dir.resolve("run");
        String[] command = {"run", data.toString(), "--model", "tiny=openai-compatible:tiny?baseUrl="
                + SERVER.baseUrl() + "/v1", "--no-include-human", "--batch", "--no-wait", "--out", run.toString()};
        Cli.Outcome submitted = Cli.run(command);
        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        Path batches = run.resolve(RunDirectory.BATCHES);
        byte[] recorded = Files.readAllBytes(batches);
        assertThat(Files.readAllLines(batches)).hasSize(2); // b1's intent and submitted events
        String spliced = "{\"event\":\"intent\",\"batch\":\"b7\",\"cli{\"event\":\"collected\",\"batch\":\"b7\","
                + "\"time\":\"2026-11-27T10:00:00Z\"}";
        String badField = "{\"event\":\"cancelled\",\"batch\":\"b1\",\"time\":\"2026-11-27T10:00:00Z\"}";
        String torn = "{\"event\":\"collected\",\"batch\":\"b1\",\"ti";
        Files.writeString(batches, spliced + "\n" + badField + "\n" + torn, StandardOpenOption.APPEND);

        Cli.Outcome stuck = Cli.run(command);
        assertThat(stuck.exitCode()).isEqualTo(1);
        assertThat(stuck.err()).contains(batches + ":3: ").contains("run: empathy repair " + run);

        Cli.Outcome repaired = Cli.run("repair", run.toString());

        assertThat(repaired.exitCode()).as(repaired.err()).isZero();
        assertThat(repaired.out()).startsWith("Moved 3 bad lines of " + batches + " (lines 3, 4, 5) to "
                + run.resolve("batches.rejected.jsonl") + "; kept 2.\nA moved intent event of a batch not collected yet"
                + " (or a moved submitted event, when the provider cannot find the batch by its label) makes the next"
                + " run --batch submit that batch's items again: each is still journaled once, but paid twice,")
                .endsWith(" poll that batch once more.\n");
        assertThat(repaired.out().lines()).hasSize(2);
        assertThat(Files.readString(run.resolve("batches.rejected.jsonl"))).isEqualTo(lines(List.of(spliced,
                badField, torn)));
        assertThat(Files.readAllBytes(batches)).isEqualTo(recorded);
        Cli.Outcome json = Cli.run("repair", run.toString(), "--format", "json");
        assertThat(json.json().path("moved").size()).isZero();

        SERVER.stubFor(get(urlPathEqualTo("/v1/batches/batch_abc123")).willReturn(okJson(batch("completed", 32,
                "file-out"))));
        SERVER.stubFor(get(urlPathEqualTo("/v1/files/file-out/content")).willReturn(ok(output())));
        Cli.Outcome collected = Cli.run(command);

        assertThat(collected.exitCode()).as(collected.err()).isZero();
        assertThat(collected.err()).contains("empathy: batch batch_abc123 completed").doesNotContain("pending");
        SERVER.verify(1, postRequestedFor(urlPathEqualTo("/v1/batches")));
        assertThat(ReplyJournal.read(run.resolve(RunDirectory.RESPONSES))).hasSize(32)
                .allSatisfy(r -> assertThat(r.text()).isEqualTo("batched")).extracting(Reply::dialogueId)
                .doesNotHaveDuplicates();
        assertThat(Files.readString(batches, StandardCharsets.UTF_8)).startsWith(new String(recorded,
                StandardCharsets.UTF_8)).contains("\"event\":\"collected\",\"batch\":\"b1\"");
    }

    @Test
    void helpNamesEveryJournalAndWhatAMovedBatchEventMeans() {
        Cli.Outcome help = Cli.run("repair", "--help");

        assertThat(help.exitCode()).isZero();
        for (String journal : RunDirectory.journals()) {
            assertThat(help.out().replaceAll("\\s+", " ")).contains(journal);
        }
        assertThat(help.out().replaceAll("\\s+", " ")).contains("paid twice").contains("run --batch and rate --batch");
    }
}
