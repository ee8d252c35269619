/**
 * OpenAI ({@code openai:gpt-4}, key in {@code OPENAI_API_KEY}) and any OpenAI-compatible server
 * ({@code openai-compatible:MODEL?baseUrl=URL}, key optional through {@code apiKeyEnv}), on LangChain4j's
 * {@code OpenAiChatModel}.
 */
package io.github.empathy4j.adapters.openai;
