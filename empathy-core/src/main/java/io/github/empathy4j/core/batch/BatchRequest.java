package io.github.empathy4j.core.batch;

import io.github.empathy4j.core.prompt.ChatMessage;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One model call in a batch.
 *
 * @param customId the item's stable id, returned with its result: 1 to 64 letters, digits, {@code _} or
 *        {@code -} (the strictest provider's rule, Anthropic's), so the engine maps its item keys to such ids
 * @param messages the rendered prompt
 */
public record BatchRequest(String customId, List<ChatMessage> messages) {

    /** What a custom id may hold. */
    public static final Pattern CUSTOM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public BatchRequest {
        Objects.requireNonNull(customId, "customId");
        if (!CUSTOM_ID.matcher(customId).matches()) {
            throw new IllegalArgumentException("custom id '" + customId
                    + "' must be 1 to 64 letters, digits, '_' or '-'");
        }
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("batch request " + customId + " has no messages");
        }
    }
}
