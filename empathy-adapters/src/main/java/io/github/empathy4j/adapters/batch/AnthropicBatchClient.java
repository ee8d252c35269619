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

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Anthropic's Message Batches API: {@code POST /v1/messages/batches} with one {@code {custom_id, params}} per
 * request (the Messages request the synchronous provider sends: the spec's model, {@code max_tokens},
 * {@code temperature}, the system prompt as {@code system}),
 * polled at {@code GET /v1/messages/batches/ID} ({@code processing_status} {@code in_progress}, {@code canceling},
 * {@code ended}), results from its {@code results_url} (JSONL, one {@code succeeded}, {@code errored},
 * {@code canceled} or {@code expired} result per custom id), cancelled with {@code POST .../ID/cancel}. Every
 * call carries {@code x-api-key} and {@code anthropic-version}.
 *
 * <p>A {@code refusal} stop reason is a {@code CONTENT_FILTER} answer with its token usage; {@code expired},
 * {@code canceled}, and errors of type {@code api_error}, {@code overloaded_error}, {@code rate_limit_error} or
 * {@code timeout_error} are retriable failures; other errors are not. An ended batch is
 * {@link State#CANCELLED} when its cancellation was asked, else {@link State#EXPIRED} when some requests
 * expired, else {@link State#COMPLETED}.
 */
public final class AnthropicBatchClient implements BatchClient {

    /** The API version sent as {@code anthropic-version}. */
    public static final String VERSION = "2023-06-01";

    private static final String ANTHROPIC_URL = "https://api.anthropic.com/v1";
    private static final Set<String> RETRIABLE = Set.of("api_error", "overloaded_error", "rate_limit_error",
            "timeout_error");

    private final ModelSpec spec;
    private final BatchHttp http;
    private final String root;

    private AnthropicBatchClient(ModelSpec spec, BatchHttp http, String root) {
        this.spec = spec;
        this.http = http;
        this.root = root;
    }

    /**
     * A client for an Anthropic spec (the provider's
     * {@linkplain io.github.empathy4j.adapters.ModelProvider#effective effective} spec, with {@code maxTokens});
     * the {@code baseUrl} option, as for the synchronous provider, is the API root that holds {@code /messages},
     * by default {@code https://api.anthropic.com/v1}.
     *
     * @throws ConfigurationException for a spec without {@code maxTokens} (the API requires one) or with
     *         {@code seed} (the API has none)
     */
    public static AnthropicBatchClient of(ModelSpec spec, String key) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(key, "key");
        if (spec.seed().isPresent()) {
            throw new ConfigurationException(spec + ": Anthropic's Messages API takes no seed; remove the option seed");
        }
        if (spec.maxTokens().isEmpty()) {
            throw new ConfigurationException(spec + ": Anthropic's Messages API needs a reply limit; set maxTokens");
        }
        BatchHttp http = new BatchHttp(spec, Map.of("x-api-key", key, "anthropic-version", VERSION), Map.of(),
                List.of(key));
        String root = spec.baseUrl().orElse(ANTHROPIC_URL);
        return new AnthropicBatchClient(spec, http, BatchHttp.root(root));
    }

    /** Submits the batch; Message Batches have no label, so {@code label} is not sent. */
    @Override
    public Submission submit(List<BatchRequest> requests, String label) {
        List<String> ids = Checks.ids(requests);
        ObjectNode body = BatchHttp.object();
        ArrayNode sent = body.putArray("requests");
        for (BatchRequest request : requests) {
            ObjectNode item = sent.addObject().put("custom_id", request.customId());
            item.set("params", params(request.messages()));
        }
        BatchStatus status = status(http.post(root + "/messages/batches", body));
        return new Submission(status.batchId(), ids, status);
    }

    private ObjectNode params(List<ChatMessage> messages) {
        ObjectNode params = BatchHttp.object().put("model", spec.model())
                .put("max_tokens", spec.maxTokens().orElseThrow());
        spec.temperature().ifPresent(t -> params.put("temperature", t));
        ArrayNode system = BatchHttp.JSON.createArrayNode();
        ArrayNode turns = BatchHttp.JSON.createArrayNode();
        for (ChatMessage m : messages) {
            if (m.role() == ChatMessage.Role.SYSTEM) {
                system.addObject().put("type", "text").put("text", m.text());
            } else {
                turns.addObject().put("role", "user").put("content", m.text());
            }
        }
        if (!system.isEmpty()) {
            params.set("system", system);
        }
        params.set("messages", turns);
        return params;
    }

    @Override
    public BatchStatus poll(String batchId) {
        return status(http.get(batchUrl(batchId)));
    }

    private String batchUrl(String batchId) {
        return root + "/messages/batches/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8);
    }

    private BatchStatus status(JsonNode batch) {
        String id = batch.path("id").asText("");
        if (id.isBlank()) {
            throw http.malformed("the message batch has no id");
        }
        JsonNode counts = batch.path("request_counts");
        long processing = counts.path("processing").asLong();
        long succeeded = counts.path("succeeded").asLong();
        long expired = counts.path("expired").asLong();
        long failed = counts.path("errored").asLong() + counts.path("canceled").asLong() + expired;
        String status = batch.path("processing_status").asText();
        State state = switch (status) {
            case "in_progress" -> State.IN_PROGRESS;
            case "canceling" -> State.CANCELLING;
            case "ended" -> batch.hasNonNull("cancel_initiated_at") ? State.CANCELLED
                    : expired > 0 ? State.EXPIRED : State.COMPLETED;
            default -> throw http.malformed("message batch " + id + " has the unknown processing_status '"
                    + status + "'");
        };
        return new BatchStatus(id, state, processing + succeeded + failed, succeeded, failed, Optional.empty());
    }

    @Override
    public List<BatchResult> results(String batchId) {
        JsonNode batch = http.get(batchUrl(batchId));
        Checks.ended(status(batch));
        String url = batch.path("results_url").asText("");
        if (!sameOrigin(url)) {
            // never send the key elsewhere; the documented path serves the same file
            url = batchUrl(batchId) + "/results";
        }
        List<BatchResult> results = new ArrayList<>();
        for (JsonNode line : http.lines(http.text(url), "the batch's results")) {
            results.add(result(line));
        }
        return results;
    }

    private boolean sameOrigin(String url) {
        try {
            URI a = URI.create(url);
            URI b = URI.create(root);
            return a.getScheme() != null && a.getScheme().equals(b.getScheme()) && a.getHost() != null
                    && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private BatchResult result(JsonNode line) {
        String id = line.path("custom_id").asText("");
        if (id.isBlank()) {
            throw http.malformed("a result line has no custom_id");
        }
        JsonNode result = line.path("result");
        String type = result.path("type").asText();
        return switch (type) {
            case "succeeded" -> new BatchResult.Answered(id, answer(result.path("message")));
            case "errored" -> {
                JsonNode error = result.path("error").path("error");
                String kind = error.path("type").asText("error");
                yield new BatchResult.Failed(id, kind + ": " + error.path("message").asText(""),
                        RETRIABLE.contains(kind));
            }
            case "canceled" -> new BatchResult.Failed(id, "canceled before it ran", true);
            case "expired" -> new BatchResult.Failed(id, "expired: the batch ended (24 hours) before it ran", true);
            default -> throw http.malformed("result " + id + " has the unknown type '" + type + "'");
        };
    }

    private Answer answer(JsonNode message) {
        StringBuilder text = new StringBuilder();
        message.path("content").forEach(block -> {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
            }
        });
        FinishReason finish = switch (message.path("stop_reason").asText("end_turn")) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens" -> FinishReason.LENGTH;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
        JsonNode usage = message.path("usage");
        String model = message.path("model").asText("");
        return new Answer(finish == FinishReason.CONTENT_FILTER ? "" : text.toString(), finish,
                model.isBlank() ? spec.model() : model,
                new TokenUsage(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong()));
    }

    @Override
    public void cancel(String batchId) {
        http.post(batchUrl(batchId) + "/cancel", null);
    }

    /** Names the spec only: safe to log. */
    @Override
    public String toString() {
        return "AnthropicBatchClient[" + spec + "]";
    }
}
