package io.github.empathy4j.examples;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.empathy4j.adapters.ChatModelRespondent;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProvider;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Respondent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to add a model provider: this class, plus its name on one line of
 * {@code META-INF/services/io.github.empathy4j.adapters.ModelProvider}. Then {@code echo:ANY} works wherever a
 * spec does ({@code empathy run data.csv --model echo:v1 --out runs/try}), offline and without a key.
 *
 * <p>Its model answers with one of a few stock replies, picked from the prompt, and counts words as tokens. A real
 * vendor builds its LangChain4j {@code ChatModel} here instead, with the key from
 * {@code environment.apiKey(spec, "ACME_API_KEY")} and the options of the spec ({@code spec.temperature()}, ...),
 * and proves it with the contract test kit of the {@code empathy-adapters} test-jar.
 *
 * <p>{@code echo:judge} is a toy judge for trying the pipeline offline ({@code --judge echo:judge}): it reads the
 * levels and the reply out of the judge's prompt and picks a level from a hash of the reply's text, the same on
 * every run; asked to compare two replies ({@code empathy pairwise}), it prefers the one whose text hashes higher,
 * except for one pair in four (by the two texts' hashes) where it always prefers Response A, the reply shown first: a
 * built-in position bias, so that the diagnostics have something to find. Its ratings and verdicts are deterministic
 * and <em>meaningless</em>: they say nothing about empathy.
 */
public final class EchoProvider implements ModelProvider {

    /** The model name that makes the echo model a (meaningless) judge. */
    public static final String JUDGE = "judge";

    private static final List<String> REPLIES = List.of(
            "That sounds like a lot to carry. How are you feeling about it now?",
            "Thank you for telling me. It makes sense that this stays with you.",
            "I can hear how much this matters to you. What would help right now?");

    private static final String REPLY_START = "The listener's response to rate:\n";
    private static final String REPLY_END = "\n\nQuestion: ";
    private static final String PAIR_A = "Response A:\n";
    private static final String PAIR_B = "\n\nResponse B:\n";
    private static final Pattern LEVEL = Pattern.compile("^- (.+) \\(-?\\d+\\): ", Pattern.MULTILINE);

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        return new ChatModelRespondent(spec, template, new EchoModel(spec.model()));
    }

    /** Picks a stock reply from the prompt's hash; as {@value #JUDGE}, a level from the rated reply's hash. */
    private static final class EchoModel implements ChatModel {

        private final String model;

        EchoModel(String model) {
            this.model = model;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            String prompt = "";
            for (ChatMessage message : request.messages()) {
                if (message instanceof UserMessage user) {
                    prompt += user.singleText();
                }
            }
            String reply = model.equals(JUDGE) ? rate(prompt)
                    : REPLIES.get(Math.floorMod(prompt.hashCode(), REPLIES.size()));
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from(reply))
                    .modelName("echo-" + model)
                    .finishReason(FinishReason.STOP)
                    .tokenUsage(new TokenUsage(prompt.split("\\s+").length, reply.split("\\s+").length))
                    .build();
        }

        /** A level for the judge prompt's reply, from the reply's hash; meaningless but deterministic. */
        private static String rate(String prompt) {
            int a = prompt.indexOf(PAIR_A);
            int b = a < 0 ? -1 : prompt.indexOf(PAIR_B, a);
            int question = b < 0 ? -1 : prompt.indexOf(REPLY_END, b);
            if (question >= 0) {
                String first = prompt.substring(a + PAIR_A.length(), b).strip();
                String second = prompt.substring(b + PAIR_B.length(), question).strip();
                String verdict = Math.floorMod(first.hashCode() ^ second.hashCode(), 4) == 0 ? "A"
                        : first.equals(second) ? "tie" : first.hashCode() > second.hashCode() ? "A" : "B";
                return "{\"rationale\": \"echo:judge prefers the reply whose text hashes higher; meaningless\","
                        + " \"verdict\": \"" + verdict + "\"}";
            }
            List<String> labels = new ArrayList<>();
            Matcher m = LEVEL.matcher(prompt);
            while (m.find()) {
                labels.add(m.group(1));
            }
            int start = prompt.indexOf(REPLY_START);
            int end = start < 0 ? -1 : prompt.indexOf(REPLY_END, start);
            if (labels.isEmpty() || end < 0) {
                return "I only rate replies, in the judge's prompt.";
            }
            String rated = prompt.substring(start + REPLY_START.length(), end);
            String label = labels.get(Math.floorMod(rated.hashCode(), labels.size()));
            return "{\"rationale\": \"echo:judge picks a level from a hash of the reply; meaningless\","
                    + " \"rating\": \"" + label + "\"}";
        }
    }
}
