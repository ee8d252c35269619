package io.github.empathy4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A local server speaking three providers' batch APIs, with state, so that a batch created by one process is polled
 * and collected by the next: OpenAI's ({@code POST /v1/files}, {@code POST /v1/batches}, {@code GET /v1/batches/ID},
 * {@code GET /v1/files/ID/content}, {@code GET /v1/batches}, and {@code POST /v1/chat/completions} for the items
 * tried again synchronously), Anthropic's Message Batches ({@code POST /v1/messages/batches},
 * {@code GET /v1/messages/batches/ID}, {@code GET /v1/messages/batches/ID/results}) and the Gemini API's batch mode
 * with inline requests ({@code POST /v1beta/models/MODEL:batchGenerateContent}, {@code GET /v1beta/batches/ID},
 * {@code GET /v1beta/batches}). A batch stays in progress until {@link #release()}; then (and from then on, at
 * once) it ends with the results {@link Answers} gives: answers in OpenAI's output file, failures in its error file.
 * A batch's creation can be held back ({@link #holdCreateOf}). Every call's key header is recorded.
 */
public final class FakeBatchApi implements ResponseDefinitionTransformerV2 {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OPENAI_BATCH = Pattern.compile("/v1/batches/([^/]+)");
    private static final Pattern OPENAI_FILE = Pattern.compile("/v1/files/([^/]+)/content");
    private static final Pattern ANTHROPIC_BATCH = Pattern.compile("/v1/messages/batches/([^/]+)(/results)?");
    private static final Pattern GEMINI_CREATE = Pattern.compile("/v1beta/models/([^/:]+):batchGenerateContent");
    private static final Pattern GEMINI_BATCH = Pattern.compile("/v1beta/(batches/[^/:]+)");

    /** The input tokens of every answer, batched or not. */
    public static final int INPUT_TOKENS = 30;

    /** The output tokens of every answer, batched or not. */
    public static final int OUTPUT_TOKENS = 10;

    /** What the provider does with one request. */
    public record Outcome(String text, int status) {

        /** An answer with this text. */
        public static Outcome answer(String text) {
            return new Outcome(text, 200);
        }

        /** A failure with this HTTP status: 5xx retriable (a server error), 4xx not (an invalid request). */
        public static Outcome error(int status) {
            return new Outcome(null, status);
        }
    }

    /** The outcome of a request whose last message is {@code prompt}, in batch {@code batch} (0: synchronous). */
    @FunctionalInterface
    public interface Answers {
        Outcome of(int batch, String prompt);
    }

    /**
     * A created batch: its number (from 1), id, label (OpenAI's metadata, Gemini's display name, else empty), and
     * each custom id's last message, in the uploaded order.
     */
    public record Batch(int number, String id, String label, Map<String, String> prompts) {
    }

    private volatile Answers answers = (batch, prompt) -> Outcome.answer("answer from batch " + batch);
    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final Map<String, String> models = new ConcurrentHashMap<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<String> synchronous = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();
    private volatile int released;
    private volatile int heldCreate;
    private final CountDownLatch createReached = new CountDownLatch(1);
    private final CountDownLatch createGate = new CountDownLatch(1);

    /** Makes the fake answer with {@code answers} (by default: {@code "answer from batch N"}, 0 when synchronous). */
    public void answers(Answers answers) {
        this.answers = answers;
    }

    /** A JUnit extension running a server with this fake; call {@link #stub} once it runs. */
    public WireMockExtension server() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().extensions(this)).build();
    }

    /** Registers the one stub the fake answers every request through. */
    public static void stub(WireMockExtension server) {
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    /** Ends every batch created so far, and every later one as soon as it is polled. */
    public void release() {
        released = Integer.MAX_VALUE;
    }

    /** Ends batches 1 to {@code number} when next polled; the later ones stay in progress. */
    public void releaseUpTo(int number) {
        released = number;
    }

    /**
     * Creates batch {@code number} when asked but holds the answer to its creation back until {@link #answerCreate()}:
     * the provider has the batch, the client does not know its id yet.
     */
    public void holdCreateOf(int number) {
        heldCreate = number;
    }

    /** Whether the held creation was asked for. */
    public boolean createHeld() {
        return createReached.getCount() == 0;
    }

    /** Answers the held creation. */
    public void answerCreate() {
        createGate.countDown();
    }

    /** The batches created, in order. */
    public List<Batch> batches() {
        return List.copyOf(batches);
    }

    /** How many times batch {@code id} was polled. */
    public int polls(String id) {
        return polls.getOrDefault(id, 0);
    }

    /** The key of every call: the {@code Authorization} header's bearer token or {@code x-api-key}. */
    public List<String> keys() {
        return List.copyOf(keys);
    }

    /** The last messages of the synchronous chat completions, in order. */
    public List<String> synchronous() {
        return List.copyOf(synchronous);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String path = URI.create(request.getUrl()).getPath();
        String method = request.getMethod().getName();
        String bearer = request.getHeader("Authorization");
        keys.add(bearer != null ? bearer.replaceFirst("^Bearer ", "") : request.containsHeader("x-goog-api-key")
                ? request.getHeader("x-goog-api-key") : String.valueOf(request.getHeader("x-api-key")));
        try {
            Matcher m;
            if (method.equals("POST") && path.equals("/v1/files")) {
                String id = "file-in-" + (files.size() + 1);
                files.put(id, request.getPart("file").getBody().asString());
                return json(JSON.createObjectNode().put("id", id).put("object", "file").put("purpose", "batch"));
            }
            if (method.equals("POST") && path.equals("/v1/batches")) {
                return json(openAiBatch(held(createOpenAi(JSON.readTree(request.getBodyAsString())))));
            }
            if (method.equals("GET") && path.equals("/v1/batches")) {
                ArrayNode data = JSON.createObjectNode().putArray("data");
                for (int i = batches.size() - 1; i >= 0; i--) { // newest first
                    data.add(openAiBatch(batches.get(i)));
                }
                return json(JSON.createObjectNode().put("object", "list").put("has_more", false).set("data", data));
            }
            if (method.equals("GET") && (m = OPENAI_BATCH.matcher(path)).matches()) {
                return json(openAiBatch(find(m.group(1))));
            }
            if (method.equals("GET") && (m = OPENAI_FILE.matcher(path)).matches()) {
                return text(files.get(m.group(1)));
            }
            if (method.equals("POST") && path.equals("/v1/chat/completions")) {
                return json(chatCompletion(JSON.readTree(request.getBodyAsString())));
            }
            if (method.equals("POST") && path.equals("/v1/messages/batches")) {
                return json(anthropicBatch(held(createAnthropic(JSON.readTree(request.getBodyAsString()))), request));
            }
            if (method.equals("GET") && (m = ANTHROPIC_BATCH.matcher(path)).matches()) {
                Batch batch = find(m.group(1));
                if (m.group(2) == null) {
                    return json(anthropicBatch(batch, request));
                }
                return text(anthropicResults(batch));
            }
            if (method.equals("POST") && (m = GEMINI_CREATE.matcher(path)).matches()) {
                return json(geminiBatch(held(createGemini(m.group(1), JSON.readTree(request.getBodyAsString())))));
            }
            if (method.equals("GET") && path.equals("/v1beta/batches")) {
                ArrayNode operations = JSON.createObjectNode().putArray("operations");
                batches.forEach(b -> operations.add(geminiBatch(b)));
                return json(JSON.createObjectNode().set("operations", operations));
            }
            if (method.equals("GET") && (m = GEMINI_BATCH.matcher(path)).matches()) {
                return json(geminiBatch(find(m.group(1))));
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(404)
                    .withBody("{\"error\": {\"message\": \"no " + method + " " + path + "\"}}").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized Batch create(String prefix, String label, Map<String, String> prompts, String model) {
        int number = batches.size() + 1;
        Batch batch = new Batch(number, prefix + number, label, Collections.unmodifiableMap(prompts));
        batches.add(batch);
        models.put(batch.id(), model);
        return batch;
    }

    private Batch find(String id) {
        Batch batch = batches.stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no batch " + id));
        polls.merge(id, 1, Integer::sum);
        if (batch.number() <= released) {
            ended.add(id);
        }
        return batch;
    }

    private Batch held(Batch batch) {
        if (batch.number() == heldCreate) {
            createReached.countDown();
            try {
                createGate.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return batch;
    }

    private Batch createOpenAi(JsonNode create) throws IOException {
        Map<String, String> prompts = new LinkedHashMap<>();
        String model = "";
        for (String line : files.get(create.path("input_file_id").asText()).split("\n")) {
            if (!line.isBlank()) {
                JsonNode request = JSON.readTree(line);
                JsonNode messages = request.path("body").path("messages");
                prompts.put(request.path("custom_id").asText(), messages.path(messages.size() - 1).path("content")
                        .asText());
                model = request.path("body").path("model").asText();
            }
        }
        return create("batch_", create.path("metadata").path("empathy4j").asText(""), prompts, model);
    }

    private ObjectNode openAiBatch(Batch batch) {
        boolean done = ended.contains(batch.id());
        ObjectNode node = JSON.createObjectNode().put("id", batch.id()).put("object", "batch")
                .put("endpoint", "/v1/chat/completions").put("input_file_id", "file-in")
                .put("completion_window", "24h").put("status", done ? "completed" : "in_progress");
        node.putNull("errors");
        node.putObject("metadata").put("empathy4j", batch.label());
        int failed = 0;
        if (done) {
            StringBuilder output = new StringBuilder();
            StringBuilder errors = new StringBuilder();
            for (Map.Entry<String, String> p : batch.prompts().entrySet()) {
                Outcome o = answers.of(batch.number(), p.getValue());
                ObjectNode line = JSON.createObjectNode().put("id", "batch_req_" + p.getKey())
                        .put("custom_id", p.getKey());
                ObjectNode response = line.putObject("response").put("status_code", o.status());
                if (o.status() == 200) {
                    response.set("body", completion(models.get(batch.id()), o.text()));
                    output.append(line).append('\n');
                } else {
                    response.putObject("body").putObject("error").put("message", "failed on purpose")
                            .put("type", o.status() >= 500 ? "server_error" : "invalid_request_error").putNull("code");
                    errors.append(line).append('\n');
                    failed++;
                }
            }
            files.put("file-out-" + batch.number(), output.toString());
            files.put("file-err-" + batch.number(), errors.toString());
            node.put("output_file_id", "file-out-" + batch.number()).put("error_file_id", "file-err-" + batch.number());
        } else {
            node.putNull("output_file_id").putNull("error_file_id");
        }
        node.putObject("request_counts").put("total", batch.prompts().size())
                .put("completed", done ? batch.prompts().size() - failed : 0).put("failed", failed);
        return node;
    }

    private static ObjectNode completion(String model, String text) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", text);
        body.putObject("usage").put("prompt_tokens", INPUT_TOKENS).put("completion_tokens", OUTPUT_TOKENS)
                .put("total_tokens", INPUT_TOKENS + OUTPUT_TOKENS);
        return body;
    }

    private ObjectNode chatCompletion(JsonNode request) {
        JsonNode messages = request.path("messages");
        String prompt = messages.path(messages.size() - 1).path("content").asText();
        synchronous.add(prompt);
        Outcome o = answers.of(0, prompt);
        if (o.status() != 200) {
            throw new IllegalStateException("synchronous failures are not faked");
        }
        return completion(request.path("model").asText(), o.text());
    }

    private Batch createAnthropic(JsonNode create) {
        Map<String, String> prompts = new LinkedHashMap<>();
        String model = "";
        for (JsonNode request : create.path("requests")) {
            JsonNode messages = request.path("params").path("messages");
            prompts.put(request.path("custom_id").asText(), messages.path(messages.size() - 1).path("content")
                    .asText());
            model = request.path("params").path("model").asText();
        }
        return create("msgbatch_", "", prompts, model);
    }

    private ObjectNode anthropicBatch(Batch batch, Request request) {
        boolean done = ended.contains(batch.id());
        ObjectNode node = JSON.createObjectNode().put("id", batch.id()).put("type", "message_batch")
                .put("processing_status", done ? "ended" : "in_progress");
        int errored = 0;
        if (done) {
            for (String prompt : batch.prompts().values()) {
                errored += answers.of(batch.number(), prompt).status() == 200 ? 0 : 1;
            }
        }
        node.putObject("request_counts").put("processing", done ? 0 : batch.prompts().size())
                .put("succeeded", done ? batch.prompts().size() - errored : 0).put("errored", errored)
                .put("canceled", 0).put("expired", 0);
        node.putNull("cancel_initiated_at");
        URI url = URI.create(request.getAbsoluteUrl());
        if (done) {
            node.put("results_url", url.getScheme() + "://" + url.getAuthority() + "/v1/messages/batches/"
                    + batch.id() + "/results");
        } else {
            node.putNull("results_url");
        }
        return node;
    }

    private String anthropicResults(Batch batch) {
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, String> p : batch.prompts().entrySet()) {
            Outcome o = answers.of(batch.number(), p.getValue());
            ObjectNode line = JSON.createObjectNode().put("custom_id", p.getKey());
            ObjectNode result = line.putObject("result");
            if (o.status() == 200) {
                ObjectNode message = result.put("type", "succeeded").putObject("message").put("id", "msg_1")
                        .put("type", "message").put("role", "assistant").put("model", models.get(batch.id()))
                        .put("stop_reason", "end_turn");
                message.putArray("content").addObject().put("type", "text").put("text", o.text());
                message.putObject("usage").put("input_tokens", INPUT_TOKENS).put("output_tokens", OUTPUT_TOKENS);
            } else {
                result.put("type", "errored").putObject("error").put("type", "error").putObject("error")
                        .put("type", o.status() >= 500 ? "api_error" : "invalid_request_error")
                        .put("message", "failed on purpose");
            }
            lines.append(line).append('\n');
        }
        return lines.toString();
    }

    private Batch createGemini(String model, JsonNode create) {
        Map<String, String> prompts = new LinkedHashMap<>();
        for (JsonNode item : create.path("batch").path("inputConfig").path("requests").path("requests")) {
            JsonNode contents = item.path("request").path("contents");
            prompts.put(item.path("metadata").path("key").asText(), contents.path(contents.size() - 1).path("parts")
                    .path(0).path("text").asText());
        }
        return create("batches/", create.path("batch").path("displayName").asText(""), prompts, model);
    }

    /** A batch's long-running operation; once ended, with its inlined responses. */
    private ObjectNode geminiBatch(Batch batch) {
        boolean done = ended.contains(batch.id());
        ObjectNode operation = JSON.createObjectNode().put("name", batch.id()).put("done", done);
        ObjectNode metadata = operation.putObject("metadata")
                .put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch")
                .put("displayName", batch.label()).put("state", done ? "BATCH_STATE_SUCCEEDED" : "BATCH_STATE_RUNNING");
        int failed = 0;
        if (done) {
            ArrayNode responses = operation.putObject("response").put("@type",
                    "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput")
                    .putObject("inlinedResponses").putArray("inlinedResponses");
            for (Map.Entry<String, String> p : batch.prompts().entrySet()) {
                Outcome o = answers.of(batch.number(), p.getValue());
                ObjectNode item = responses.addObject();
                item.putObject("metadata").put("key", p.getKey());
                if (o.status() == 200) {
                    ObjectNode response = item.putObject("response").put("modelVersion", models.get(batch.id()));
                    ObjectNode candidate = response.putArray("candidates").addObject().put("finishReason", "STOP");
                    candidate.putObject("content").put("role", "model").putArray("parts").addObject()
                            .put("text", o.text());
                    response.putObject("usageMetadata").put("promptTokenCount", INPUT_TOKENS)
                            .put("candidatesTokenCount", OUTPUT_TOKENS);
                } else {
                    // google.rpc.Code INTERNAL (retriable) or INVALID_ARGUMENT
                    item.putObject("error").put("code", o.status() >= 500 ? 13 : 3).put("message", "failed on purpose");
                    failed++;
                }
            }
        }
        // int64 counts are JSON strings
        metadata.putObject("batchStats").put("requestCount", Integer.toString(batch.prompts().size()))
                .put("successfulRequestCount", Integer.toString(done ? batch.prompts().size() - failed : 0))
                .put("failedRequestCount", Integer.toString(failed));
        return operation;
    }

    private static ResponseDefinition json(JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    private static ResponseDefinition text(String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withBody(body).build();
    }

    @Override
    public String getName() {
        return "fake-batch-api";
    }
}
