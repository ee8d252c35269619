/**
 * Google AI Gemini ({@code gemini:gemini-1.0-pro}, key in {@code GEMINI_API_KEY}) on LangChain4j's
 * {@code GoogleAiGeminiChatModel}.
 */
package io.github.empathy4j.adapters.gemini;
