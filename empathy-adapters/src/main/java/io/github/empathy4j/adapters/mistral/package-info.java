/**
 * Mistral AI ({@code mistral:open-mixtral-8x7b}, key in {@code MISTRAL_API_KEY}) on LangChain4j's
 * {@code MistralAiChatModel}.
 */
package io.github.empathy4j.adapters.mistral;
