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

import java.util.List;

/**
 * How to add a model provider: this class, plus its name on one line of
 * {@code META-INF/services/io.github.empathy4j.adapters.ModelProvider}. Then {@code echo:ANY} works wherever a
 * spec does ({@code empathy run data.csv --model echo:v1 --out runs/try}), offline and without a key.
 *
 * <p>Its model answers with one of a few stock replies, picked from the prompt, and counts words as tokens. A real
 * vendor builds its LangChain4j {@code ChatModel} here instead, with the key from
 * {@code environment.apiKey(spec, "ACME_API_KEY")} and the options of the spec ({@code spec.temperature()}, ...),
 * and proves it with the contract test kit of the {@code empathy-adapters} test-jar.
 */
public final class EchoProvider implements ModelProvider {

    private static final List<String> REPLIES = List.of(
            "That sounds like a lot to carry. How are you feeling about it now?",
            "Thank you for telling me. It makes sense that this stays with you.",
            "I can hear how much this matters to you. What would help right now?");

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        return new ChatModelRespondent(spec, template, new EchoModel(spec.model()));
    }

    /** Picks a stock reply from the prompt's hash. */
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
            String reply = REPLIES.get(Math.floorMod(prompt.hashCode(), REPLIES.size()));
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from(reply))
                    .modelName("echo-" + model)
                    .finishReason(FinishReason.STOP)
                    .tokenUsage(new TokenUsage(prompt.split("\\s+").length, reply.split("\\s+").length))
                    .build();
        }
    }
}
