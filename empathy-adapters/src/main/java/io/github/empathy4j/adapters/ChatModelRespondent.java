package io.github.empathy4j.adapters;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiTokenUsage;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Secrets;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.Lane;
import io.github.empathy4j.core.run.Respondent;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link Respondent} backed by any LangChain4j {@link ChatModel}: renders the dialogue with a
 * {@link PromptTemplate}, makes exactly one call (configure the model with {@code maxRetries(0)}: the run
 * engine retries) and maps the outcome.
 *
 * <p>The reply's text, {@link FinishReason}, the model name the provider returned (the spec's model when
 * it returned none) and token usage (output tokens as billed: with Gemini's thinking tokens) become an
 * {@link Answer}; a missing finish reason counts as
 * {@code STOP}. A content filter is an answer, not an error: a {@code CONTENT_FILTER} finish reason, or a
 * LangChain4j {@link ContentFilteredException}, gives an empty {@code CONTENT_FILTER} answer (with the usage a
 * {@link FilteredReplyException} carries, else none). Failures
 * become {@link io.github.empathy4j.core.ProviderException}s the engine can act on: HTTP 429 a
 * {@link io.github.empathy4j.core.RateLimitException} (with the provider's {@code Retry-After} when the
 * model uses a {@link ProviderHttpClientBuilder}), 401/403 an
 * {@link io.github.empathy4j.core.AuthenticationException} (so are Google's 400 {@code API_KEY_INVALID} and
 * OpenAI's 429 {@code insufficient_quota}: every other call would fail alike), time-outs a
 * {@link io.github.empathy4j.core.ProviderTimeoutException}; 408, 5xx, connection failures and replies
 * that are not valid JSON (a proxy's error page, a cut-off reply: usually transient) are retriable;
 * other 4xx and anything unexpected are not; a refused connection, an unknown host or no route is a
 * {@link io.github.empathy4j.core.ProviderUnreachableException}. Every message, including those of the
 * attached causes, passes through {@link Secrets#redact(String)}: the keys read through an {@link Environment},
 * the secrets given at construction or {@linkplain Secrets#register registered}, and well-known key shapes
 * become {@code [redacted]}.
 *
 * <p>Whoever already holds a LangChain4j {@code ChatModel} needs one line for a run condition whose model
 * name, parameters and prompt reach {@code run.json}:
 * <pre>{@code
 * Condition mine = ChatModelRespondent.of(chatModel).condition("mine");
 * Condition acme = new ChatModelRespondent(ModelSpec.parse("acme:large"), template, acmeChatModel).condition("acme");
 * }</pre>
 * (and {@link ChatModelJudge#of(ChatModel)} makes it a judge). Register a key you gave the model yourself
 * with {@link Secrets#register(String)} unless it has a well-known shape.
 */
public final class ChatModelRespondent implements Respondent, Lane.Bound {

    private final ModelSpec spec;
    private final PromptTemplate template;
    private final ChatModel model;
    private final Failures failures;

    /**
     * A respondent on a model you configured; its failures are redacted as the class description says (register
     * a key without a well-known shape with {@link Secrets#register(String)}).
     */
    public ChatModelRespondent(ModelSpec spec, PromptTemplate template, ChatModel model) {
        this(spec, template, model, List.of());
    }

    /**
     * A respondent that keeps {@code secrets} (the API key) out of every exception it throws and every journal
     * (they are {@linkplain Secrets#register registered}).
     *
     * @param spec what is called, for messages and descriptions
     * @param template renders each dialogue
     * @param model the configured model, with retries off
     * @param secrets texts never to repeat, typically the API key
     */
    public ChatModelRespondent(ModelSpec spec, PromptTemplate template, ChatModel model, Collection<String> secrets) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.template = Objects.requireNonNull(template, "template");
        this.model = Objects.requireNonNull(model, "model");
        this.failures = new Failures(spec, secrets);
    }

    /**
     * A respondent for a LangChain4j model you built, with the study's prompt; see
     * {@link #of(ChatModel, PromptTemplate)}.
     */
    public static ChatModelRespondent of(ChatModel model) {
        return of(model, PromptTemplate.defaultTemplate());
    }

    /**
     * A respondent for a LangChain4j model you built, its spec read from the model: the provider
     * ({@code openai}, {@code gemini}, {@code mistral}, {@code ollama}, another LangChain4j provider's name in
     * lower case, or {@code langchain4j}), the default model name (else the model's class name) and the
     * default temperature, maximum output tokens and (OpenAI) seed. Configure the model with
     * {@code maxRetries(0)}: the run engine retries.
     */
    public static ChatModelRespondent of(ChatModel model, PromptTemplate template) {
        Objects.requireNonNull(model, "model");
        return new ChatModelRespondent(specOf(model), template, model);
    }

    /**
     * This respondent as a run condition: its spec (provider, model and the options that shape answers),
     * parameters and prompt are recorded in {@code run.json} and make the response cache key.
     *
     * @param name the condition's name, written with each reply
     */
    public Condition condition(String name) {
        return new Condition(name, spec.identity().toString(), spec.parameters(), template, this);
    }

    /** The lane of this respondent's calls: see {@link ModelSpec#lane()}. */
    @Override
    public Lane lane() {
        return spec.lane();
    }

    /** The spec of a LangChain4j model, read from its provider and default request parameters. */
    static ModelSpec specOf(ChatModel model) {
        dev.langchain4j.model.ModelProvider provider = model.provider();
        String id = provider == null ? "langchain4j" : switch (provider) {
            case OPEN_AI -> "openai";
            case GOOGLE_AI_GEMINI -> "gemini";
            case MISTRAL_AI -> "mistral";
            case OLLAMA -> "ollama";
            case ANTHROPIC -> "anthropic";
            case OTHER -> "langchain4j";
            default -> provider.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
        ChatRequestParameters parameters = model.defaultRequestParameters();
        String name = parameters == null || parameters.modelName() == null || parameters.modelName().isBlank()
                ? model.getClass().getSimpleName() : parameters.modelName();
        ModelSpec spec = ModelSpec.of(id, name);
        if (parameters != null && parameters.temperature() != null) {
            spec = spec.with("temperature", BigDecimal.valueOf(parameters.temperature()).stripTrailingZeros()
                    .toPlainString());
        }
        if (parameters != null && parameters.maxOutputTokens() != null) {
            spec = spec.with("maxTokens", parameters.maxOutputTokens().toString());
        }
        if (parameters instanceof OpenAiChatRequestParameters openAi && openAi.seed() != null) {
            spec = spec.with("seed", openAi.seed().toString());
        }
        return spec;
    }

    /** The spec this respondent calls; with {@link #messages(Dialogue)}, what determines a reply. */
    public ModelSpec spec() {
        return spec;
    }

    /** The template that renders each dialogue. */
    public PromptTemplate template() {
        return template;
    }

    /** The model this respondent calls; a {@link ChatModelJudge} built from the same spec calls it too. */
    ChatModel model() {
        return model;
    }

    /** The failure mapping, which knows the secrets to keep out of messages. */
    Failures failures() {
        return failures;
    }

    /** The messages sent for a dialogue (for cache keys and journals). */
    public List<ChatMessage> messages(Dialogue dialogue) {
        return template.render(dialogue);
    }

    @Override
    public Answer respond(Dialogue dialogue) {
        Objects.requireNonNull(dialogue, "dialogue");
        List<dev.langchain4j.data.message.ChatMessage> messages = messages(dialogue).stream()
                .map(ChatModelRespondent::toLangChain4j).toList();
        ChatResponse response;
        try {
            response = model.chat(ChatRequest.builder().messages(messages).build());
        } catch (EmpathyException e) {
            throw e;
        } catch (RuntimeException e) {
            FilteredReplyException reply = Failures.find(e, FilteredReplyException.class);
            if (reply != null) {
                String name = reply.model() == null || reply.model().isBlank() ? spec.model() : reply.model();
                return new Answer("", FinishReason.CONTENT_FILTER, name, reply.usage());
            }
            if (Failures.find(e, ContentFilteredException.class) != null) {
                return new Answer("", FinishReason.CONTENT_FILTER, spec.model(), TokenUsage.NONE);
            }
            throw failures.map(e);
        }
        return answer(response);
    }

    private Answer answer(ChatResponse response) {
        String text = response.aiMessage() == null || response.aiMessage().text() == null ? ""
                : response.aiMessage().text();
        String name = response.modelName() == null || response.modelName().isBlank() ? spec.model()
                : response.modelName();
        return new Answer(text, finishReason(response.finishReason()), name, usage(response));
    }

    /** The tokens a response reports, output as billed; {@link TokenUsage#NONE} when it reports none. */
    static TokenUsage usage(ChatResponse response) {
        dev.langchain4j.model.output.TokenUsage usage = response.tokenUsage();
        // Gemini bills its thinking tokens as output, and LangChain4j reports them apart
        long thoughts = usage instanceof GoogleAiGeminiTokenUsage gemini ? count(gemini.thoughtsTokenCount()) : 0;
        return usage == null ? TokenUsage.NONE
                : new TokenUsage(count(usage.inputTokenCount()), count(usage.outputTokenCount()) + thoughts);
    }

    private static long count(Integer tokens) {
        return tokens == null ? 0 : tokens;
    }

    private static FinishReason finishReason(dev.langchain4j.model.output.FinishReason reason) {
        if (reason == null) {
            return FinishReason.STOP;
        }
        return switch (reason) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
            case TOOL_EXECUTION, OTHER -> FinishReason.OTHER;
        };
    }

    private static dev.langchain4j.data.message.ChatMessage toLangChain4j(ChatMessage message) {
        return switch (message.role()) {
            case SYSTEM -> SystemMessage.from(message.text());
            case USER -> UserMessage.from(message.text());
        };
    }

    /** Names the spec only: safe to log. */
    @Override
    public String toString() {
        return "ChatModelRespondent[" + spec + "]";
    }
}
