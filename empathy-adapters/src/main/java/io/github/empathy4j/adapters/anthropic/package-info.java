/** Anthropic's Claude models through LangChain4j's Anthropic module. */
package io.github.empathy4j.adapters.anthropic;
