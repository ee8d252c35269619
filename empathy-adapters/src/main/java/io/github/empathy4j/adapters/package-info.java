/**
 * LLMs as {@link io.github.empathy4j.core.run.Respondent}s and as judges
 * ({@link io.github.empathy4j.adapters.ChatModelJudge}, a {@link io.github.empathy4j.core.run.Rater}), through
 * LangChain4j.
 *
 * <p>A model is named by a {@link io.github.empathy4j.adapters.ModelSpec}, {@code provider:model?key=value},
 * or by a {@link io.github.empathy4j.adapters.ModelPreset} of the study; keys come from environment
 * variables ({@code OPENAI_API_KEY}, {@code GEMINI_API_KEY}, {@code MISTRAL_API_KEY}, or the one a spec
 * names with {@code apiKeyEnv}), never from the spec itself:
 * <pre>{@code
 * ModelProviders providers = ModelProviders.load();
 * Respondent gpt4 = providers.respondent("gpt-4?temperature=0.7", PromptTemplate.defaultTemplate());
 * Respondent local = providers.respondent("ollama:llama2:70b-chat?timeout=2m", PromptTemplate.defaultTemplate());
 * Answer answer = gpt4.respond(Dialogue.opening("d1", Emotion.PROUD, "I ran my first marathon.",
 *         "I finally finished a marathon yesterday!", null));
 * ChatModelJudge judge = ChatModelJudge.of("openai:gpt-4o");          // temperature 0, seed 42, JSON schema
 * Score score = judge.rate(dialogue, reply, RatingScale.STUDY.single());
 * }</pre>
 *
 * <p>In a run, each model is a {@link io.github.empathy4j.core.run.Condition}, named after the preset or the
 * model; its spec and parameters (never a key) are what the response cache and a resumed run recognise:
 * <pre>{@code
 * RunResult result = Run.builder()
 *         .outputDirectory(Path.of("runs/study"))
 *         .dialogues(dialogues)
 *         .condition(Condition.humanReference())
 *         .condition(providers.condition("gpt-4", template))                        // "gpt-4"
 *         .condition(providers.condition("mistral:open-mixtral-8x7b", template))    // "open-mixtral-8x7b"
 *         .condition(providers.condition("gpt-4 warm", "gpt-4?temperature=1", template))
 *         .cacheDirectory(Path.of(System.getProperty("user.home"), ".cache", "empathy4j"))
 *         .build()
 *         .execute();
 * }</pre>
 *
 * <p>Each call is one HTTP request; failures are {@link io.github.empathy4j.core.ProviderException}s whose
 * {@code retriable()} and {@code retryAfter()} tell the run engine what to do. A vendor adds a provider by
 * implementing {@link io.github.empathy4j.adapters.ModelProvider} (usually a few lines around a
 * {@link io.github.empathy4j.adapters.ChatModelRespondent}) and listing it in
 * {@code META-INF/services/io.github.empathy4j.adapters.ModelProvider}; the contract test kit in the
 * module's test-jar ({@code io.github.empathy4j.adapters.testkit}) proves it.
 */
package io.github.empathy4j.adapters;
