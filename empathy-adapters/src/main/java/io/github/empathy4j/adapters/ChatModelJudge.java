package io.github.empathy4j.adapters;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.Turn;
import io.github.empathy4j.core.UnparseableRatingException;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Lane;
import io.github.empathy4j.core.run.PairwiseJudge;
import io.github.empathy4j.core.run.Preference;
import io.github.empathy4j.core.run.Rater;
import io.github.empathy4j.core.run.Respondent;
import io.github.empathy4j.core.run.Score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An LLM judge: a {@link Rater} backed by a LangChain4j {@link ChatModel} that rates a reply on any
 * {@link RatingScale} dimension, with a rubric built from the dimension (its question, and each level's label,
 * code and meaning) and a short rationale, which the rating keeps.
 *
 * <pre>{@code
 * ChatModelJudge judge = ChatModelJudge.of("openai:gpt-4o");      // temperature 0, seed 42
 * RatingRun.builder().rater(judge.name(), judge) ...
 * }</pre>
 *
 * <p>The judge sees the situation, the conversation and the listener's reply, never the condition or the model
 * that wrote it. It asks for a JSON object {@code {"rationale": ..., "rating": <label>}}, enforced where the
 * provider can, as its {@link ModelProvider#judgeFormat()} declares ({@link OutputFormat}): by a JSON schema with the
 * labels as an enum for OpenAI and Azure OpenAI ({@code json_schema}), Anthropic ({@code output_config.format}),
 * Gemini ({@code responseSchema}) and Ollama ({@code format}); by JSON mode for Mistral ({@code json_object}); by
 * the prompt alone elsewhere (OpenAI-compatible servers differ). The answer is read robustly (JSON in code fences or
 * in prose, {@code Rating: 3}, a bare {@code Good}). An answer that is no level is asked again once, with the answer
 * and a reminder of the levels; a second such answer throws an {@link UnparseableRatingException} with both
 * answers, which the rating engine records as unparseable: a value is never guessed. A content filter's refusal is
 * such an answer, empty.
 *
 * <p>As a {@link PairwiseJudge} it compares two replies, shown as "Response A" and "Response B", and answers
 * {@code {"rationale": ..., "verdict": "A" | "B" | "tie"}}, asked for, read and asked again alike.
 *
 * <p>Provider failures become {@link io.github.empathy4j.core.ProviderException}s exactly as for a
 * {@link ChatModelRespondent}, so the rating engine retries them alike, with every message redacted
 * ({@link io.github.empathy4j.core.Secrets}); make one call per attempt ({@code maxRetries(0)}). Whoever holds
 * a LangChain4j {@code ChatModel} needs one line: {@code ChatModelJudge judge = ChatModelJudge.of(chatModel);}.
 */
public final class ChatModelJudge implements Rater.Prompted, PairwiseJudge, Lane.Bound {

    /** The seed a judge built from a spec uses unless the spec sets one. */
    public static final int DEFAULT_SEED = 42;

    /** How the judge asks the model for its answer. */
    public enum OutputFormat {
        /** Structured output: a JSON schema whose {@code rating} is an enum of the levels' labels. */
        JSON_SCHEMA,
        /** JSON mode: any JSON object; the prompt names the fields. */
        JSON_OBJECT,
        /** Plain text; the prompt asks for the JSON object. */
        TEXT
    }

    private static final String SYSTEM = "You are a careful rater in a research study on empathy in conversations. "
            + "You rate one listener response at a time, on the scale you are given, and you do not know who wrote it.";

    private static final String PAIRWISE_SYSTEM = "You are a careful judge in a research study on empathy in "
            + "conversations. You compare two listener responses to the same conversation, and you do not know who "
            + "wrote either of them.";

    /** The pairwise verdict as a dimension, so that answers are read as levels are. */
    static final RatingScale.Dimension VERDICT = new RatingScale.Dimension("verdict",
            "Which response is more empathetic?", List.of(
                    new RatingScale.Level(1, "A", "Response A is more empathetic."),
                    new RatingScale.Level(2, "B", "Response B is more empathetic."),
                    new RatingScale.Level(3, "tie", "Neither is more empathetic than the other.")));

    private static final Pattern RESPONSE = Pattern.compile(
            "(?i)\\b(?:response|reply)\\s+([AB])\\b");

    private final ModelSpec spec;
    private final ChatModel model;
    private final OutputFormat format;
    private final Failures failures;

    /**
     * A judge on a model you configured; set temperature 0 and a seed on it for repeatable ratings.
     *
     * @param spec what is called: names the judge ({@link #name()}) and its failures
     * @param model the configured model, with retries off
     * @param format how to ask for the answer; {@link OutputFormat#TEXT} works with any model
     */
    public ChatModelJudge(ModelSpec spec, ChatModel model, OutputFormat format) {
        this(spec, model, format, new Failures(spec, List.of()));
    }

    private ChatModelJudge(ModelSpec spec, ChatModel model, OutputFormat format, Failures failures) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.model = Objects.requireNonNull(model, "model");
        this.format = Objects.requireNonNull(format, "format");
        this.failures = failures;
    }

    /**
     * A judge on a LangChain4j model you built, named after its spec as {@link ChatModelRespondent#of(ChatModel)}
     * reads it; the output format follows the provider (see the class description). Set temperature 0 (and a seed
     * where the provider has one) on the model for repeatable ratings, and {@code maxRetries(0)}.
     */
    public static ChatModelJudge of(ChatModel model) {
        Objects.requireNonNull(model, "model");
        ModelSpec spec = ChatModelRespondent.specOf(model);
        OutputFormat format = ModelProviders.load(Environment.of(Map.of())).providers().stream()
                .filter(p -> p.id().equals(spec.provider())).findFirst().map(ModelProvider::judgeFormat)
                .orElse(OutputFormat.TEXT);
        return new ChatModelJudge(spec, model, format);
    }

    /**
     * A judge for a spec or preset, from the providers on the class path with keys from the environment; see
     * {@link #of(ModelProviders, String)}.
     */
    public static ChatModelJudge of(String spec) {
        return of(ModelProviders.load(), spec);
    }

    /**
     * A judge for a spec or preset (such as {@code openai:gpt-4o} or {@code gemini:gemini-1.5-pro?temperature=0.2}),
     * with {@code temperature=0} and {@code seed=}{@value #DEFAULT_SEED} unless the spec sets them (the seed only
     * where the provider {@linkplain ModelProvider#acceptsSeed() takes one}; {@code temperature=default} sends none,
     * for models that accept only their own). The output
     * format follows the provider (see the class description).
     *
     * @throws ConfigurationException for a malformed spec, a missing key, or a provider whose respondent is not a
     *     {@link ChatModelRespondent} (a judge needs its LangChain4j model)
     */
    public static ChatModelJudge of(ModelProviders providers, String spec) {
        Objects.requireNonNull(providers, "providers");
        ModelSpec parsed = ModelSpec.parse(spec);
        if (!parsed.options().containsKey("temperature")) {
            parsed = parsed.with("temperature", "0");
        }
        ModelProvider provider = providers.provider(parsed);
        if (parsed.seed().isEmpty() && provider.acceptsSeed()) {
            parsed = parsed.with("seed", Integer.toString(DEFAULT_SEED));
        }
        parsed = provider.effective(parsed); // its name records the provider's defaults, such as Azure's apiVersion
        Respondent respondent = providers.respondent(parsed, PromptTemplate.defaultTemplate());
        if (!(respondent instanceof ChatModelRespondent chat)) {
            throw new ConfigurationException("provider " + parsed.provider() + " gives a "
                    + respondent.getClass().getName() + " for " + parsed + ", but a judge needs a LangChain4j "
                    + "ChatModel: build it with new ChatModelJudge(spec, chatModel, OutputFormat.TEXT)");
        }
        return new ChatModelJudge(parsed, chat.model(), provider.judgeFormat(), chat.failures());
    }

    /**
     * The judge's name for its ratings: the spec with the options that change answers (temperature, seed, ...),
     * without {@code apiKeyEnv}, such as {@code openai:gpt-4o?seed=42&temperature=0}.
     */
    public String name() {
        return new ModelSpec(spec.provider(), spec.model(), spec.parameters()).toString();
    }

    /** The lane of this judge's calls, shared with respondents of its spec's lane: see {@link ModelSpec#lane()}. */
    @Override
    public Lane lane() {
        return spec.lane();
    }

    /** The judge's effective spec, its defaults (temperature, seed) included: what a batch of its calls sends. */
    public ModelSpec spec() {
        return spec;
    }

    /** How this judge asks for its answer. */
    public OutputFormat format() {
        return format;
    }

    @Override
    public Score rate(Dialogue dialogue, Reply reply, RatingScale.Dimension dimension) {
        Objects.requireNonNull(dialogue, "dialogue");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(dimension, "dimension");
        List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>(List.of(
                SystemMessage.from(SYSTEM), UserMessage.from(prompt(dialogue, reply, dimension))));
        Said first = call(messages, dimension, "rating");
        Optional<Score> score = JudgeAnswers.parse(first.text(), dimension);
        if (score.isPresent()) {
            return score.get().withUsage(first.model(), first.usage());
        }
        if (!first.text().isBlank()) {
            messages.add(AiMessage.from(first.text()));
        }
        messages.add(UserMessage.from("Your answer could not be read as one of the levels. Answer again with only a "
                + "JSON object: " + answerShape(dimension)));
        Said second = call(messages, dimension, "rating");
        TokenUsage usage = both(first, second);
        return JudgeAnswers.parse(second.text(), dimension).map(s -> s.withUsage(second.model(), usage))
                .orElseThrow(() -> new UnparseableRatingException(name()
                + ": the judge answered twice without a level of dimension '" + dimension.id() + "' (expected "
                + dimension.describe() + ")", first.text() + "\n--- asked again ---\n" + second.text()));
    }

    /** What one call returned: its text (empty when filtered), the model that answered and the tokens. */
    private record Said(String text, String model, TokenUsage usage) {
    }

    /** The tokens of a question asked twice: both calls are paid for; unknown (no tokens) when either reported none. */
    private static TokenUsage both(Said first, Said second) {
        return first.usage().totalTokens() == 0 || second.usage().totalTokens() == 0 ? TokenUsage.NONE
                : new TokenUsage(first.usage().inputTokens() + second.usage().inputTokens(),
                        first.usage().outputTokens() + second.usage().outputTokens());
    }

    /** The prompt {@link #rate} sends first, which a batch sends (without a schema: the prompt asks for JSON). */
    @Override
    public List<io.github.empathy4j.core.prompt.ChatMessage> messages(Dialogue dialogue, Reply reply,
            RatingScale.Dimension dimension) {
        return List.of(new io.github.empathy4j.core.prompt.ChatMessage(
                io.github.empathy4j.core.prompt.ChatMessage.Role.SYSTEM, SYSTEM),
                new io.github.empathy4j.core.prompt.ChatMessage(io.github.empathy4j.core.prompt.ChatMessage.Role.USER,
                        prompt(dialogue, reply, dimension)));
    }

    /**
     * Reads a batch's answer to {@link #messages} as {@link #rate} reads its first answer; a batch does not ask
     * again, so an answer without a level is unparseable at once, recorded with the raw answer.
     */
    @Override
    public Score score(Answer answer, RatingScale.Dimension dimension) {
        return JudgeAnswers.parse(answer.text(), dimension).orElseThrow(() -> new UnparseableRatingException(name()
                + ": the judge's batch answer has no level of dimension '" + dimension.id() + "' (expected "
                + dimension.describe() + ")", answer.text()));
    }

    /**
     * Compares two replies, shown as "Response A" and "Response B" with nothing about their authors, and answers
     * {@code A}, {@code B} or {@code tie} with a short reason, asked for as the ratings' answer is (a JSON schema
     * whose {@code verdict} is an enum where the provider has one). An answer that names neither is asked again
     * once; a second one throws an {@link UnparseableRatingException} with both answers. The preference carries the
     * model that answered and the tokens of its calls, both when asked twice, for its cost.
     */
    @Override
    public Preference compare(Dialogue dialogue, String replyA, String replyB) {
        Objects.requireNonNull(dialogue, "dialogue");
        Objects.requireNonNull(replyA, "replyA");
        Objects.requireNonNull(replyB, "replyB");
        List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>(List.of(
                SystemMessage.from(PAIRWISE_SYSTEM), UserMessage.from(pairwisePrompt(dialogue, replyA, replyB))));
        Said first = call(messages, VERDICT, "verdict");
        Optional<Preference> verdict = verdict(first.text());
        if (verdict.isPresent()) {
            return verdict.get().withUsage(first.model(), first.usage());
        }
        if (!first.text().isBlank()) {
            messages.add(AiMessage.from(first.text()));
        }
        messages.add(UserMessage.from("Your answer could not be read as a verdict. Answer again with only a JSON "
                + "object: " + PAIRWISE_SHAPE));
        Said second = call(messages, VERDICT, "verdict");
        TokenUsage usage = both(first, second);
        return verdict(second.text()).map(p -> p.withUsage(second.model(), usage)).orElseThrow(() ->
                new UnparseableRatingException(name() + ": the judge answered twice without a verdict (expected A, B"
                + " or tie)", first.text() + "\n--- asked again ---\n" + second.text()));
    }

    private static final String PAIRWISE_SHAPE = "{\"rationale\": \"<one or two sentences on why>\", \"verdict\": "
            + "<exactly one of \"A\", \"B\", \"tie\">}";

    /** The verdict in an answer; failing that, in the answer with "Response A" read as A. */
    static Optional<Preference> verdict(String answer) {
        Optional<Score> score = JudgeAnswers.parse(answer, VERDICT);
        if (score.isEmpty()) {
            score = JudgeAnswers.parse(RESPONSE.matcher(answer).replaceAll("$1"), VERDICT);
        }
        return score.map(s -> new Preference(
                switch (s.value()) {
                    case 1 -> Preference.Choice.A;
                    case 2 -> Preference.Choice.B;
                    default -> Preference.Choice.TIE;
                }, s.rationale()));
    }

    /** The pairwise user message: the conversation, both replies and the question. */
    static String pairwisePrompt(Dialogue dialogue, String replyA, String replyB) {
        StringBuilder sb = new StringBuilder("A speaker shared a personal experience with a listener. Here are two "
                + "possible responses of the listener.\n\n");
        conversation(sb, dialogue);
        sb.append("\nResponse A:\n").append(replyA.strip()).append("\n\nResponse B:\n").append(replyB.strip())
                .append("\n\n");
        return sb.append("Question: Which response is more empathetic: which better shows that the listener "
                + "understood the speaker's feelings and experience, and responds to them with care? Judge what the "
                + "responses say, not their length or their order. Answer tie when neither is better.\n\n"
                + "Answer with a JSON object: ").append(PAIRWISE_SHAPE).toString();
    }

    private static void conversation(StringBuilder sb, Dialogue dialogue) {
        if (!dialogue.situation().isBlank()) {
            sb.append("Situation, as the speaker described it: ").append(dialogue.situation().strip()).append("\n\n");
        }
        sb.append("Conversation:\n");
        for (Turn t : dialogue.turns()) {
            sb.append(t.role() == Turn.Role.SPEAKER ? "Speaker: " : "Listener: ").append(t.text().strip()).append('\n');
        }
    }

    /** The user message: the conversation, the reply and the rubric. */
    static String prompt(Dialogue dialogue, Reply reply, RatingScale.Dimension dimension) {
        StringBuilder sb = new StringBuilder("A speaker shared a personal experience, and a listener responded.\n\n");
        conversation(sb, dialogue);
        sb.append("\nThe listener's response to rate:\n").append(reply.text().strip()).append("\n\n");
        sb.append("Question: ").append(dimension.question()).append("\n\nLevels:\n");
        for (RatingScale.Level l : dimension.levels()) {
            sb.append("- ").append(l.label()).append(" (").append(l.code()).append("): ").append(l.meaning())
                    .append('\n');
        }
        return sb.append("\nAnswer with a JSON object: ").append(answerShape(dimension)).toString();
    }

    private static String answerShape(RatingScale.Dimension dimension) {
        return "{\"rationale\": \"<one or two sentences on why>\", \"rating\": <exactly one of "
                + dimension.levels().stream().map(l -> "\"" + l.label() + "\"").collect(Collectors.joining(", "))
                + ">}";
    }

    private Said call(List<dev.langchain4j.data.message.ChatMessage> messages, RatingScale.Dimension dimension,
            String field) {
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        switch (format) {
            case JSON_SCHEMA -> request.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
                    .jsonSchema(JsonSchema.builder().name(field).rootElement(JsonObjectSchema.builder()
                            .addStringProperty("rationale", "One or two sentences on why.")
                            .addEnumProperty(field, dimension.levels().stream().map(RatingScale.Level::label)
                                    .toList(), dimension.question())
                            .required("rationale", field)
                            .additionalProperties(false)
                            .build()).build())
                    .build());
            case JSON_OBJECT -> request.responseFormat(ResponseFormat.JSON);
            case TEXT -> { }
        }
        ChatResponse response;
        try {
            response = model.chat(request.build());
        } catch (EmpathyException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Failures.find(e, ContentFilteredException.class) != null) {
                return new Said("", null, TokenUsage.NONE);
            }
            throw failures.map(e);
        }
        String text = response.aiMessage() == null || response.aiMessage().text() == null ? ""
                : response.aiMessage().text();
        return new Said(text, response.modelName(), ChatModelRespondent.usage(response));
    }

    /** Names the spec only: safe to log. */
    @Override
    public String toString() {
        return "ChatModelJudge[" + name() + "]";
    }
}
