package io.github.empathy4j.adapters.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.empathy4j.adapters.ModelSpec;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Gemini API's batch mode with inline requests: {@code POST /v1beta/models/MODEL:batchGenerateContent} with
 * one {@code {request, metadata: {key: CUSTOM_ID}}} per request (the {@code generateContent} request the
 * synchronous provider sends: {@code systemInstruction}, {@code contents}, and {@code temperature},
 * {@code seed} and {@code maxOutputTokens} in {@code generationConfig}), a long-running operation named
 * {@code batches/ID} polled with {@code GET /v1beta/batches/ID} ({@code BATCH_STATE_PENDING}, {@code _RUNNING},
 * {@code _SUCCEEDED}, {@code _FAILED}, {@code _CANCELLED}, {@code _EXPIRED}), whose inlined responses carry each
 * request's key, found by its display name among those listed ({@code GET /v1beta/batches}), and cancelled with
 * {@code POST /v1beta/batches/ID:cancel}. The key is
 * sent as {@code x-goog-api-key}, never in the URL. Inline requests suit batches up to 20 MB, far more than a
 * run's thousands of short prompts.
 *
 * <p>Why not LangChain4j 1.18.1's experimental {@code GoogleAiGeminiBatchChatModel}: it returns the successful
 * responses and the errors as two separate lists without the requests' keys, so a partly failed batch cannot be
 * matched to its items.
 *
 * <p>Output tokens are what Google bills as output: the reply's {@code candidatesTokenCount} plus the
 * model's {@code thoughtsTokenCount} (Gemini 2.5 thinks by default). A {@code SAFETY}, {@code RECITATION},
 * {@code BLOCKLIST}, {@code PROHIBITED_CONTENT} or {@code SPII} finish, or a prompt blocked without a
 * candidate, is a {@code CONTENT_FILTER} answer; an error whose code is {@code DEADLINE_EXCEEDED},
 * {@code RESOURCE_EXHAUSTED}, {@code ABORTED}, {@code INTERNAL} or {@code UNAVAILABLE} (or HTTP 429/5xx) is
 * retriable. Requests of an expired or cancelled batch that have no response get no result: unfinished, so
 * retriable (see {@link BatchClient#results}).
 */
public final class GeminiBatchClient implements BatchClient {

    private static final String GEMINI_URL = "https://generativelanguage.googleapis.com/v1beta";
    private static final Pattern NAME = Pattern.compile("batches/[A-Za-z0-9_-]+");
    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY");
    /** google.rpc.Code DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE; HTTP 429, 5xx. */
    private static final Set<Integer> RETRIABLE = Set.of(4, 8, 10, 13, 14, 429, 500, 502, 503, 504);

    private final ModelSpec spec;
    private final BatchHttp http;
    private final String root;

    private GeminiBatchClient(ModelSpec spec, BatchHttp http, String root) {
        this.spec = spec;
        this.http = http;
        this.root = root;
    }

    /**
     * A client for a Gemini spec; the {@code baseUrl} option, as for the synchronous provider, is the API root,
     * by default {@code https://generativelanguage.googleapis.com/v1beta}.
     */
    public static GeminiBatchClient of(ModelSpec spec, String key) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(key, "key");
        BatchHttp http = new BatchHttp(spec, Map.of("x-goog-api-key", key), Map.of(), List.of(key));
        String root = spec.baseUrl().orElse(GEMINI_URL);
        return new GeminiBatchClient(spec, http, BatchHttp.root(root));
    }

    /** Submits the batch with the label as its display name (at most 128 characters). */
    @Override
    public Submission submit(List<BatchRequest> requests, String label) {
        List<String> ids = Checks.ids(requests);
        ObjectNode body = BatchHttp.object();
        ObjectNode batch = body.putObject("batch").put("displayName", displayName(label == null ? "empathy4j "
                + spec.model() : label));
        ArrayNode items = batch.putObject("inputConfig").putObject("requests").putArray("requests");
        for (BatchRequest request : requests) {
            ObjectNode item = items.addObject();
            item.set("request", request(request.messages()));
            item.putObject("metadata").put("key", request.customId());
        }
        String model = URLEncoder.encode(spec.model(), StandardCharsets.UTF_8).replace("+", "%20");
        BatchStatus status = status(http.post(root + "/models/" + model + ":batchGenerateContent", body));
        return new Submission(status.batchId(), ids, status);
    }

    /** A label as sent: a display name has at most 128 characters. */
    private static String displayName(String label) {
        return label.length() <= 128 ? label : label.substring(0, 128);
    }

    /** A batch among the first 100 listed ({@code GET /batches}) whose display name is the label. */
    @Override
    public Optional<String> find(String label) {
        String sent = displayName(label);
        for (JsonNode operation : http.get(root + "/batches", Map.of("pageSize", "100")).path("operations")) {
            if (sent.equals(operation.path("metadata").path("displayName").asText(null))) {
                return Optional.of(status(operation).batchId());
            }
        }
        return Optional.empty();
    }

    private ObjectNode request(List<ChatMessage> messages) {
        ObjectNode request = BatchHttp.object();
        ArrayNode system = BatchHttp.JSON.createArrayNode();
        ArrayNode contents = request.putArray("contents");
        for (ChatMessage m : messages) {
            if (m.role() == ChatMessage.Role.SYSTEM) {
                system.addObject().put("text", m.text());
            } else {
                contents.addObject().put("role", "user").putArray("parts").addObject().put("text", m.text());
            }
        }
        if (!system.isEmpty()) {
            request.putObject("systemInstruction").set("parts", system);
        }
        ObjectNode config = BatchHttp.object();
        spec.temperature().ifPresent(t -> config.put("temperature", t));
        spec.seed().ifPresent(s -> config.put("seed", s));
        spec.maxTokens().ifPresent(n -> config.put("maxOutputTokens", n));
        if (!config.isEmpty()) {
            request.set("generationConfig", config);
        }
        return request;
    }

    @Override
    public BatchStatus poll(String batchId) {
        return status(http.get(batchUrl(batchId)));
    }

    private String batchUrl(String batchId) {
        Objects.requireNonNull(batchId, "batchId");
        if (!NAME.matcher(batchId).matches()) {
            throw new IllegalArgumentException("a Gemini batch id is batches/ID, not '" + batchId + "'");
        }
        return root + "/" + batchId;
    }

    private BatchStatus status(JsonNode operation) {
        String name = operation.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            throw http.malformed("the batch operation's name '" + name + "' is not batches/ID");
        }
        JsonNode batch = operation.path("metadata");
        String value = batch.path("state").asText("");
        State state = switch (value) {
            case "BATCH_STATE_PENDING" -> State.VALIDATING;
            case "BATCH_STATE_RUNNING" -> State.IN_PROGRESS;
            case "BATCH_STATE_SUCCEEDED" -> State.COMPLETED;
            case "BATCH_STATE_FAILED" -> State.FAILED;
            case "BATCH_STATE_CANCELLED" -> State.CANCELLED;
            case "BATCH_STATE_EXPIRED" -> State.EXPIRED;
            default -> throw http.malformed("batch " + name + " has the unknown state '" + value + "'");
        };
        JsonNode stats = batch.path("batchStats");
        JsonNode error = operation.path("error");
        Optional<String> message = error.isObject() ? Optional.of(error.path("message").asText("failed")
                + " (code " + error.path("code").asInt() + ")") : Optional.empty();
        // int64 counts arrive as JSON strings
        return new BatchStatus(name, state, stats.path("requestCount").asLong(),
                stats.path("successfulRequestCount").asLong(), stats.path("failedRequestCount").asLong(), message);
    }

    @Override
    public List<BatchResult> results(String batchId) {
        JsonNode operation = http.get(batchUrl(batchId));
        Checks.ended(status(operation));
        JsonNode responses = operation.path("response").path("inlinedResponses").path("inlinedResponses");
        if (responses.isMissingNode()) {
            responses = operation.path("metadata").path("output").path("inlinedResponses").path("inlinedResponses");
        }
        List<BatchResult> results = new ArrayList<>();
        int position = 0;
        for (JsonNode item : responses) {
            position++;
            String id = item.path("metadata").path("key").asText("");
            if (id.isBlank()) {
                throw http.malformed("inlined response " + position + " of " + batchId + " has no metadata.key");
            }
            if (item.path("error").isObject()) {
                JsonNode error = item.path("error");
                int code = error.path("code").asInt();
                results.add(new BatchResult.Failed(id, "code " + code + ": " + error.path("message").asText(""),
                        RETRIABLE.contains(code)));
            } else {
                results.add(result(id, item.path("response")));
            }
        }
        return results;
    }

    private BatchResult result(String id, JsonNode response) {
        JsonNode candidate = response.path("candidates").path(0);
        JsonNode usage = response.path("usageMetadata");
        TokenUsage tokens = new TokenUsage(usage.path("promptTokenCount").asLong(),
                usage.path("candidatesTokenCount").asLong() + usage.path("thoughtsTokenCount").asLong());
        String version = response.path("modelVersion").asText("");
        String model = version.isBlank() ? spec.model() : version;
        if (candidate.isMissingNode()) {
            if (response.path("promptFeedback").hasNonNull("blockReason")) {
                return new BatchResult.Answered(id, new Answer("", FinishReason.CONTENT_FILTER, model, tokens));
            }
            return new BatchResult.Failed(id, "the response has no candidate and no block reason", true);
        }
        String reason = candidate.path("finishReason").asText("STOP");
        FinishReason finish = reason.equals("STOP") ? FinishReason.STOP
                : reason.equals("MAX_TOKENS") ? FinishReason.LENGTH
                : FILTERED.contains(reason) ? FinishReason.CONTENT_FILTER : FinishReason.OTHER;
        StringBuilder text = new StringBuilder();
        candidate.path("content").path("parts").forEach(part -> {
            if (!part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText(""));
            }
        });
        return new BatchResult.Answered(id, new Answer(finish == FinishReason.CONTENT_FILTER ? "" : text.toString(),
                finish, model, tokens));
    }

    @Override
    public void cancel(String batchId) {
        http.post(batchUrl(batchId) + ":cancel", null);
    }

    /** Names the spec only: safe to log. */
    @Override
    public String toString() {
        return "GeminiBatchClient[" + spec + "]";
    }
}
