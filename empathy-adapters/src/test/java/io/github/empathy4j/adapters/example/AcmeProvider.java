package io.github.empathy4j.adapters.example;

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

/**
 * A vendor's provider in full: the class, plus one line naming it in
 * {@code META-INF/services/io.github.empathy4j.adapters.ModelProvider}. Its model, {@code acme:MODEL},
 * answers deterministically without a network; a real vendor builds its LangChain4j {@code ChatModel}
 * here instead, with the key from {@code environment.apiKey(spec, "ACME_API_KEY")}.
 */
public final class AcmeProvider implements ModelProvider {

    @Override
    public String id() {
        return "acme";
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        return new ChatModelRespondent(spec, template, new AcmeChatModel(spec.model()));
    }

    /** Acknowledges the speaker, counting words as tokens. */
    private static final class AcmeChatModel implements ChatModel {

        private final String model;

        AcmeChatModel(String model) {
            this.model = model;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            int words = 0;
            for (ChatMessage message : request.messages()) {
                if (message instanceof UserMessage user) {
                    words += user.singleText().split("\\s+").length;
                }
            }
            String reply = "Thank you for telling me. That sounds like a lot to carry, and I am here to listen.";
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from(reply))
                    .modelName("acme-" + model)
                    .finishReason(FinishReason.STOP)
                    .tokenUsage(new TokenUsage(words, reply.split("\\s+").length))
                    .build();
        }
    }
}
