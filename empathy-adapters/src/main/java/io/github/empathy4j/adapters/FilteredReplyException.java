package io.github.empathy4j.adapters;

import dev.langchain4j.exception.ContentFilteredException;
import io.github.empathy4j.core.TokenUsage;

import java.util.Objects;

/**
 * A reply a provider's content filter ended, with the tokens it was billed for: thrown by a
 * {@link ProviderHttpClientBuilder#responseCheck response check} for a reply LangChain4j would not map to a
 * content filter (Claude's {@code refusal}, Gemini's blocked prompt), so that {@link ChatModelRespondent}
 * records a {@code CONTENT_FILTER} answer with its usage rather than none.
 */
public final class FilteredReplyException extends ContentFilteredException {

    private static final long serialVersionUID = 1L;

    private final transient TokenUsage usage;
    private final String model;

    /**
     * @param message what the provider said, without secrets
     * @param usage the tokens the reply reported
     * @param model the model name the reply reported, or {@code null}
     */
    public FilteredReplyException(String message, TokenUsage usage, String model) {
        super(message);
        this.usage = Objects.requireNonNull(usage, "usage");
        this.model = model;
    }

    /** The tokens the reply reported. */
    public TokenUsage usage() {
        return usage;
    }

    /** The model name the reply reported, or {@code null}. */
    public String model() {
        return model;
    }
}
