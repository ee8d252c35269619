/** Azure OpenAI deployments, spoken in Azure's wire format through LangChain4j's OpenAI client. */
package io.github.empathy4j.adapters.azure;
