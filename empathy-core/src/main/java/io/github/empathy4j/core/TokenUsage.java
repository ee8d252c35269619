package io.github.empathy4j.core;

/**
 * The tokens one model call consumed, as the provider reported them.
 *
 * @param inputTokens tokens in the prompt
 * @param outputTokens tokens in the reply
 */
public record TokenUsage(long inputTokens, long outputTokens) {

    /** Usage not reported (a human reply, or a provider that reports none). */
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + inputTokens + ", " + outputTokens);
        }
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
