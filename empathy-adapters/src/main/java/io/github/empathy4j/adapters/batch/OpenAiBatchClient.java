package io.github.empathy4j.adapters.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.batch.BatchRequest;
import io.github.empathy4j.core.batch.BatchResult;
import io.github.empathy4j.core.batch.BatchStatus.State;
import io.github.empathy4j.core.batch.BatchStatus;
import io.github.empathy4j.core.batch.Submission;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.run.Answer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI's Batch API, also on Azure OpenAI and on OpenAI-compatible hosts that offer it: the requests are
 * uploaded as a JSONL file ({@code POST /files}, purpose {@code batch}), a batch is created for
 * {@code /v1/chat/completions} with a 24-hour window ({@code POST /batches}), polled ({@code GET /batches/ID}),
 * and its output and error files are downloaded ({@code GET /files/ID/content}); a batch is found by its label
 * among the last 100 ({@code GET /batches}). Each request is the chat
 * completion the synchronous provider sends: the spec's model, {@code temperature}, {@code seed} and
 * {@code max_tokens}.
 *
 * <p>On Azure ({@link #azure}) the paths are {@code ENDPOINT/openai/files} and {@code ENDPOINT/openai/batches}
 * with the spec's {@code api-version}, the key goes in
 * the {@code api-key} header, the request URL is {@code /chat/completions} and the model is the deployment (a
 * Global Batch deployment). Results: a line with status 200 is an answer (a {@code content_filter} finish, or
 * Azure's 400 {@code content_filter}, is a {@code CONTENT_FILTER} answer); {@code batch_expired} and
 * {@code batch_cancelled} lines, 429, 408 and 5xx are retriable failures; other errors are not.
 */
public final class OpenAiBatchClient implements BatchClient {

    private static final String OPENAI_URL = "https://api.openai.com/v1";

    private final ModelSpec spec;
    private final BatchHttp http;
    private final String root;
    private final String requestUrl;

    private OpenAiBatchClient(ModelSpec spec, BatchHttp http, String root, String requestUrl) {
        this.spec = spec;
        this.http = http;
        this.root = root;
        this.requestUrl = requestUrl;
    }

    /**
     * A client for an OpenAI or OpenAI-compatible spec: the {@code baseUrl} is the API root that holds
     * {@code /files} and {@code /batches}, by default {@code https://api.openai.com/v1}; the key, if any, is sent
     * as a bearer token. Built by the providers ({@code ModelProviders.batchClient}), which read the key.
     */
    public static OpenAiBatchClient openAi(ModelSpec spec, Optional<String> key) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(key, "key");
        Map<String, String> headers = key.map(k -> Map.of("Authorization", "Bearer " + k)).orElse(Map.of());
        BatchHttp http = new BatchHttp(spec, headers, Map.of(), key.map(List::of).orElse(List.of()));
        return new OpenAiBatchClient(spec, http, BatchHttp.root(spec.baseUrl().orElse(OPENAI_URL)), "/v1/chat/completions");
    }

    /**
     * A client for an Azure OpenAI spec ({@code azure-openai:DEPLOYMENT?endpoint=...&apiVersion=...}, the
     * provider's {@linkplain io.github.empathy4j.adapters.ModelProvider#effective effective} spec), the key sent
     * as {@code api-key}.
     *
     * @throws ConfigurationException when the spec has no endpoint or API version
     */
    public static OpenAiBatchClient azure(ModelSpec spec, String key) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(key, "key");
        String endpoint = spec.endpoint().orElseThrow(() -> new ConfigurationException(spec
                + " needs the option endpoint: the Azure OpenAI resource's URL, such as "
                + "endpoint=https://acme.openai.azure.com"));
        String version = spec.apiVersion().orElseThrow(() -> new ConfigurationException(spec
                + " needs the option apiVersion, such as apiVersion=2024-10-21"));
        BatchHttp http = new BatchHttp(spec, Map.of("api-key", key), Map.of("api-version", version), List.of(key));
        return new OpenAiBatchClient(spec, http, BatchHttp.root(endpoint) + "/openai", "/chat/completions");
    }

    /** Submits the batch with the label as {@code metadata.empathy4j} (at most 512 characters). */
    @Override
    public Submission submit(List<BatchRequest> requests, String label) {
        List<String> ids = Checks.ids(requests);
        StringBuilder jsonl = new StringBuilder();
        for (BatchRequest request : requests) {
            ObjectNode line = BatchHttp.object().put("custom_id", request.customId()).put("method", "POST")
                    .put("url", requestUrl);
            line.set("body", body(request.messages()));
            jsonl.append(line).append('\n');
        }
        JsonNode file = http.upload(root + "/files", Map.of("purpose", "batch"), "file", "empathy4j-batch.jsonl",
                "application/jsonl", jsonl.toString());
        String fileId = required(file, "id", "the uploaded file");
        ObjectNode create = BatchHttp.object().put("input_file_id", fileId).put("endpoint", requestUrl)
                .put("completion_window", "24h");
        if (label != null) {
            create.putObject("metadata").put("empathy4j", metadata(label));
        }
        BatchStatus status = status(http.post(root + "/batches", create));
        return new Submission(status.batchId(), ids, status);
    }

    /** A label as sent: a metadata value has at most 512 characters. */
    private static String metadata(String label) {
        return label.length() <= 512 ? label : label.substring(0, 512);
    }

    /** The newest of the last 100 batches ({@code GET /batches}) whose {@code metadata.empathy4j} is the label. */
    @Override
    public Optional<String> find(String label) {
        String sent = metadata(label);
        for (JsonNode batch : http.get(root + "/batches", Map.of("limit", "100")).path("data")) {
            if (sent.equals(batch.path("metadata").path("empathy4j").asText(null))) {
                return Optional.of(required(batch, "id", "a listed batch"));
            }
        }
        return Optional.empty();
    }

    private ObjectNode body(List<ChatMessage> messages) {
        ObjectNode body = BatchHttp.object().put("model", spec.model());
        ArrayNode sent = body.putArray("messages");
        for (ChatMessage m : messages) {
            sent.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.text());
        }
        spec.temperature().ifPresent(t -> body.put("temperature", t));
        spec.seed().ifPresent(s -> body.put("seed", s));
        spec.maxTokens().ifPresent(n -> body.put("max_tokens", n));
        return body;
    }

    @Override
    public BatchStatus poll(String batchId) {
        return status(http.get(batchUrl(batchId)));
    }

    private String batchUrl(String batchId) {
        return root + "/batches/" + encode(batchId);
    }

    private BatchStatus status(JsonNode batch) {
        String id = required(batch, "id", "the batch");
        String status = batch.path("status").asText();
        State state = switch (status) {
            case "validating" -> State.VALIDATING;
            case "in_progress" -> State.IN_PROGRESS;
            case "finalizing" -> State.FINALIZING;
            case "completed" -> State.COMPLETED;
            case "failed" -> State.FAILED;
            case "expired" -> State.EXPIRED;
            case "cancelling" -> State.CANCELLING;
            case "cancelled" -> State.CANCELLED;
            default -> throw http.malformed("batch " + id + " has the unknown status '" + status + "'");
        };
        JsonNode counts = batch.path("request_counts");
        List<String> errors = new ArrayList<>();
        batch.path("errors").path("data").forEach(e -> errors.add(e.path("message").asText()
                + (e.hasNonNull("line") ? " (line " + e.path("line").asLong() + ")" : "")));
        return new BatchStatus(id, state, counts.path("total").asLong(), counts.path("completed").asLong(),
                counts.path("failed").asLong(), errors.isEmpty() ? Optional.empty()
                        : Optional.of(String.join("; ", errors)));
    }

    @Override
    public List<BatchResult> results(String batchId) {
        JsonNode batch = http.get(batchUrl(batchId));
        Checks.ended(status(batch));
        List<BatchResult> results = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String file : List.of("output_file_id", "error_file_id")) {
            if (!batch.hasNonNull(file)) {
                continue;
            }
            String url = root + "/files/" + encode(batch.path(file).asText()) + "/content";
            for (JsonNode line : http.lines(http.text(url), "the batch's " + file.replace("_id", ""))) {
                BatchResult result = result(line);
                if (seen.add(result.customId())) {
                    results.add(result);
                }
            }
        }
        return results;
    }

    private BatchResult result(JsonNode line) {
        String id = required(line, "custom_id", "a result line");
        JsonNode response = line.path("response");
        JsonNode error = line.path("error");
        if (!response.isObject()) {
            String code = error.path("code").asText("");
            boolean retriable = code.equals("batch_expired") || code.equals("batch_cancelled")
                    || code.equals("rate_limit_exceeded") || code.equals("server_error");
            return new BatchResult.Failed(id, message(code, error.path("message").asText("no response")), retriable);
        }
        int status = response.path("status_code").asInt();
        JsonNode body = response.path("body");
        if (status == 200) {
            return body.path("choices").isEmpty()
                    ? new BatchResult.Failed(id, "the completion has no choice", true)
                    : new BatchResult.Answered(id, answer(body));
        }
        JsonNode bodyError = body.path("error");
        String code = bodyError.path("code").asText("");
        if (status == 400 && code.equals("content_filter")) {
            return new BatchResult.Answered(id, new Answer("", FinishReason.CONTENT_FILTER, spec.model(),
                    TokenUsage.NONE));
        }
        boolean retriable = status == 429 || status == 408 || status >= 500;
        return new BatchResult.Failed(id, "HTTP " + status + ": " + message(code, bodyError.path("message")
                .asText("")), retriable);
    }

    private Answer answer(JsonNode completion) {
        JsonNode choice = completion.path("choices").path(0);
        String reason = choice.path("finish_reason").asText("stop");
        FinishReason finish = switch (reason) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
        JsonNode usage = completion.path("usage");
        String model = completion.path("model").asText("");
        return new Answer(choice.path("message").path("content").asText(""), finish,
                model.isBlank() ? spec.model() : model,
                new TokenUsage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong()));
    }

    private static String message(String code, String message) {
        return code.isEmpty() ? message : code + ": " + message;
    }

    @Override
    public void cancel(String batchId) {
        http.post(batchUrl(batchId) + "/cancel", null);
    }

    private String required(JsonNode node, String field, String what) {
        if (!node.hasNonNull(field) || node.path(field).asText().isBlank()) {
            throw http.malformed(what + " has no " + field);
        }
        return node.path(field).asText();
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Names the spec only: safe to log. */
    @Override
    public String toString() {
        return "OpenAiBatchClient[" + spec + "]";
    }
}
