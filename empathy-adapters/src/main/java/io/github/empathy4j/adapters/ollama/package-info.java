/** Ollama ({@code ollama:llama2:70b-chat}, no key by default) on LangChain4j's {@code OllamaChatModel}. */
package io.github.empathy4j.adapters.ollama;
