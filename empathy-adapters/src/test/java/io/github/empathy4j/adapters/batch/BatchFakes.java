package io.github.empathy4j.adapters.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.batch.BatchRequest;
import io.github.empathy4j.core.batch.BatchResult;
import io.github.empathy4j.core.prompt.ChatMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the batch clients' tests share: requests, a fake key, JSON helpers. */
final class BatchFakes {

    static final String FAKE_KEY = "sk-batch-FAKE-0c8e5a9f17d24b63";

    static final List<ChatMessage> MESSAGES = List.of(new ChatMessage(ChatMessage.Role.SYSTEM, "Be kind."),
            new ChatMessage(ChatMessage.Role.USER, "My dog died yesterday."));

    static final List<BatchRequest> REQUESTS = List.of(new BatchRequest("item-1", MESSAGES),
            new BatchRequest("item-2", MESSAGES), new BatchRequest("item-3", MESSAGES),
            new BatchRequest("item-4", MESSAGES));

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchFakes() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, BatchResult> byId(List<BatchResult> results) {
        return results.stream().collect(Collectors.toMap(BatchResult::customId, r -> r));
    }

    static BatchResult.Answered answered(BatchResult result) {
        return (BatchResult.Answered) result;
    }

    static BatchResult.Failed failed(BatchResult result) {
        return (BatchResult.Failed) result;
    }
}
