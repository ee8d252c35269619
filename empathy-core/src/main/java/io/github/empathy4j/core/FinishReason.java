package io.github.empathy4j.core;

/** Why a reply ended. A refusal or safety block is {@link #CONTENT_FILTER}: recorded, not retried. */
public enum FinishReason {
    /** The reply is complete. */
    STOP,
    /** The reply was cut at the token limit. */
    LENGTH,
    /** The provider refused or blocked the reply for safety or content policy. */
    CONTENT_FILTER,
    /** Any other reason the provider gave. */
    OTHER
}
