package io.github.empathy4j.adapters;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.Turn;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Answer;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The respondent around a vendor's own ChatModel, without HTTP. */
class ChatModelRespondentTest {

    private static final ModelSpec SPEC = ModelSpec.parse("acme:large?temperature=0.5");
    private static final PromptTemplate TEMPLATE = PromptTemplate.of("t", "Be kind.",
            "{history}Speaker: {speaker_utterance}");
    private static final Dialogue DIALOGUE = new Dialogue("d1", Emotion.LONELY, "Moved to a new city.",
            List.of(Turn.speaker("I moved here alone."), Turn.listener("That is brave."),
                    Turn.speaker("I know nobody.")), null);

    /** A ChatModel that records requests and answers with the given function. */
    private static final class FakeModel implements ChatModel {
        final List<ChatRequest> requests = new ArrayList<>();
        final Function<ChatRequest, ChatResponse> reply;

        FakeModel(Function<ChatRequest, ChatResponse> reply) {
            this.reply = reply;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            requests.add(request);
            return reply.apply(request);
        }
    }

    private static FakeModel failing(RuntimeException e) {
        return new FakeModel(r -> {
            throw e;
        });
    }

    @Test
    void sendsTheRenderedMessagesAsSystemAndUserMessages() {
        FakeModel model = new FakeModel(r -> ChatResponse.builder().aiMessage(AiMessage.from("hi")).build());

        new ChatModelRespondent(SPEC, TEMPLATE, model).respond(DIALOGUE);

        assertThat(model.requests).hasSize(1);
        assertThat(model.requests.get(0).messages()).containsExactly(SystemMessage.from("Be kind."),
                UserMessage.from("Speaker: I moved here alone.\nListener: That is brave.\nSpeaker: I know nobody."));
    }

    @Test
    void missingMetadataFallsBackToTheSpec() {
        FakeModel model = new FakeModel(r -> ChatResponse.builder().aiMessage(AiMessage.from("hi")).build());

        Answer answer = new ChatModelRespondent(SPEC, TEMPLATE, model).respond(DIALOGUE);

        assertThat(answer).isEqualTo(new Answer("hi", FinishReason.STOP, "large", TokenUsage.NONE));
    }

    @Test
    void finishReasonsMapToCores() {
        for (var pair : List.of(
                List.of(dev.langchain4j.model.output.FinishReason.LENGTH, FinishReason.LENGTH),
                List.of(dev.langchain4j.model.output.FinishReason.CONTENT_FILTER, FinishReason.CONTENT_FILTER),
                List.of(dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION, FinishReason.OTHER),
                List.of(dev.langchain4j.model.output.FinishReason.OTHER, FinishReason.OTHER))) {
            FakeModel model = new FakeModel(r -> ChatResponse.builder().aiMessage(AiMessage.from("x"))
                    .finishReason((dev.langchain4j.model.output.FinishReason) pair.get(0)).build());

            assertThat(new ChatModelRespondent(SPEC, TEMPLATE, model).respond(DIALOGUE).finishReason())
                    .isEqualTo(pair.get(1));
        }
    }

    @Test
    void contentFilteredExceptionIsAnEmptyContentFilterAnswer() {
        Answer answer = new ChatModelRespondent(SPEC, TEMPLATE, failing(new ContentFilteredException("blocked")))
                .respond(DIALOGUE);

        assertThat(answer).isEqualTo(new Answer("", FinishReason.CONTENT_FILTER, "large", TokenUsage.NONE));
    }

    @Test
    void langChain4jExceptionsWithoutStatusMapByType() {
        assertThat(catchThrowableOfType(RateLimitException.class, () -> new ChatModelRespondent(SPEC, TEMPLATE,
                failing(new dev.langchain4j.exception.RateLimitException("slow down"))).respond(DIALOGUE))
                .retryAfter()).isEmpty();
        assertThat(catchThrowableOfType(ProviderException.class, () -> new ChatModelRespondent(SPEC, TEMPLATE,
                failing(new InternalServerException("boom"))).respond(DIALOGUE)).retriable()).isTrue();
        assertThat(catchThrowableOfType(ProviderException.class, () -> new ChatModelRespondent(SPEC, TEMPLATE,
                failing(new UnsupportedFeatureException("no seed"))).respond(DIALOGUE)).retriable()).isFalse();
    }

    @Test
    void serverErrorKeepsTheWaitTheServerAsked() {
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> new ChatModelRespondent(SPEC,
                TEMPLATE, failing(new HttpStatusException(503, "busy", Duration.ofSeconds(3)))).respond(DIALOGUE));

        assertThat(e.retriable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.getMessage()).isEqualTo("acme:large?temperature=0.5: server error (HTTP 503): busy");
    }

    @Test
    void empathyExceptionsPassThrough() {
        RateLimitException own = new RateLimitException("acme: slow down", null, null);

        assertThatThrownBy(() -> new ChatModelRespondent(SPEC, TEMPLATE, failing(own)).respond(DIALOGUE))
                .isSameAs(own);
    }

    @Test
    void secretsAreRedactedFromMessagesAndEveryCause() {
        String key = "acme-secret-1234567890";
        RuntimeException failure = new RuntimeException("call failed for key " + key,
                new IllegalStateException("header Authorization: Bearer " + key));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> new ChatModelRespondent(SPEC, TEMPLATE, failing(failure), List.of(key)).respond(DIALOGUE));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));

        assertThat(trace.toString()).doesNotContain(key)
                .contains("call failed for key [redacted]")
                .contains("java.lang.IllegalStateException: header Authorization: Bearer [redacted]");
        assertThat(e.getCause().getStackTrace()).isEqualTo(failure.getStackTrace());
    }

    @Test
    void describesItselfByItsSpec() {
        ChatModelRespondent respondent = new ChatModelRespondent(SPEC, TEMPLATE,
                new FakeModel(r -> ChatResponse.builder().aiMessage(AiMessage.from("x")).build()),
                List.of("k3y-value"));

        assertThat(respondent.spec()).isEqualTo(SPEC);
        assertThat(respondent.messages(DIALOGUE)).isEqualTo(TEMPLATE.render(DIALOGUE));
        assertThat(respondent).hasToString("ChatModelRespondent[acme:large?temperature=0.5]");
    }
}
