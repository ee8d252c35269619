package io.github.empathy4j.adapters;

import io.github.empathy4j.core.run.Answer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.empathy4j.adapters.openai.OpenAiCompatibleProvider;
import io.github.empathy4j.adapters.openai.OpenAiProvider;
import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.UnparseableRatingException;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.Preference;
import io.github.empathy4j.core.run.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatModelJudgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-judge-FAKE-91c0";
    private static final Dialogue DIALOGUE = Dialogue.opening("d1", Emotion.AFRAID, "A storm hit at night.",
            "The wind was so loud I could not sleep.", null);
    private static final Reply REPLY = new Reply("blinded", "d1", "That sounds frightening. Are you safe now?",
            FinishReason.STOP, "blinded", Map.of(), TokenUsage.NONE,
            Duration.ZERO, 1, Instant.EPOCH);
    private static final RatingScale.Dimension STUDY = RatingScale.STUDY.single();

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    private static ChatModelJudge judge(String spec) {
        ModelProviders providers = ModelProviders.of(Environment.of(Map.of("OPENAI_API_KEY", KEY)),
                List.of(new OpenAiProvider(), new OpenAiCompatibleProvider()));
        return ChatModelJudge.of(providers, spec + (spec.contains("?") ? "&" : "?") + "baseUrl=" + SERVER.baseUrl()
                + "/v1");
    }

    private static ResponseDefinitionBuilder completion(String content) {
        try {
            return okJson("""
                    {"id": "c1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": %s}, "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": 200, "completion_tokens": 20, "total_tokens": 220}}
                    """.formatted(JSON.writeValueAsString(content)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode body(int request) throws Exception {
        List<ServeEvent> newestFirst = SERVER.getAllServeEvents();
        return JSON.readTree(newestFirst.get(newestFirst.size() - 1 - request).getRequest().getBodyAsString());
    }

    @Test
    void asksForStructuredOutputAtTemperatureZeroWithASeedAndARubricFromTheScale() throws Exception {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(completion("{\"rationale\": \"Names the fear and checks in.\", \"rating\": \"Good\"}")));
        ChatModelJudge judge = judge("openai:gpt-4o");

        Score score = judge.rate(DIALOGUE, REPLY, STUDY);

        // with the model and tokens of the completion
        assertThat(score).isEqualTo(new Score(3, "Names the fear and checks in.", "gpt-4o", new TokenUsage(200, 20)));
        assertThat(judge.name()).startsWith("openai:gpt-4o?baseUrl=").endsWith("&seed=42&temperature=0");
        assertThat(judge.format()).isEqualTo(ChatModelJudge.OutputFormat.JSON_SCHEMA);
        JsonNode body = body(0);
        assertThat(body.path("temperature").asDouble()).isZero();
        assertThat(body.path("seed").asInt()).isEqualTo(42);
        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        JsonNode schema = format.path("json_schema").path("schema");
        assertThat(schema.path("properties").path("rating").path("enum"))
                .extracting(JsonNode::asText).containsExactly("Bad", "Okay", "Good");
        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactly("rationale", "rating");
        String prompt = body.path("messages").get(1).path("content").asText();
        assertThat(prompt).contains("Situation, as the speaker described it: A storm hit at night.")
                .contains("Speaker: The wind was so loud I could not sleep.")
                .contains("That sounds frightening. Are you safe now?")
                .contains(STUDY.question())
                .contains("- Okay (2): About as empathetic as I would have been.")
                .doesNotContain("blinded");
        assertThat(SERVER.getAllServeEvents().get(0).getRequest().getHeader("Authorization"))
                .isEqualTo("Bearer " + KEY);
    }

    /** Models that accept only their own temperature (Claude Sonnet 5, reasoning models) get none sent. */
    @Test
    void temperatureDefaultSendsNoTemperatureAndIsPartOfTheJudgesName() throws Exception {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(completion("{\"rationale\": \"Names the fear.\", \"rating\": \"Good\"}")));
        ChatModelJudge judge = judge("openai:gpt-4o?temperature=default");

        assertThat(judge.rate(DIALOGUE, REPLY, STUDY).value()).isEqualTo(3);
        assertThat(judge.name()).endsWith("&seed=42&temperature=default");
        JsonNode body = body(0);
        assertThat(body.has("temperature")).as(body.toString()).isFalse();
        assertThat(body.path("seed").asInt()).isEqualTo(42);
    }

    @Test
    void anOpenAiCompatibleServerGetsPlainTextAndTheAnswerIsReadFromProse() throws Exception {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(completion("The listener checks in on safety.\nRating: Good")));
        ChatModelJudge judge = judge("openai-compatible:llama-3-70b?temperature=0.2");

        Score score = judge.rate(DIALOGUE, REPLY, STUDY);

        assertThat(score.value()).isEqualTo(3);
        assertThat(score.rationale()).contains("checks in on safety");
        assertThat(judge.format()).isEqualTo(ChatModelJudge.OutputFormat.TEXT);
        assertThat(body(0).has("response_format")).isFalse();
        assertThat(body(0).path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void asksOnceMoreWhenTheAnswerIsNoLevelAndKeepsTheConversation() throws Exception {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("again")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("asked")
                .willReturn(completion("It is a lovely reply, really.")));
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("again")
                .whenScenarioStateIs("asked").willReturn(completion("{\"rating\": \"Okay\", \"rationale\": \"Fine.\"}")));

        Score score = judge("openai:gpt-4o").rate(DIALOGUE, REPLY, STUDY);

        // both calls are paid for: 2 × (200, 20) tokens
        assertThat(score).isEqualTo(new Score(2, "Fine.", "gpt-4o", new TokenUsage(400, 40)));
        JsonNode messages = body(1).path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(2).path("content").asText()).isEqualTo("It is a lovely reply, really.");
        assertThat(messages.get(3).path("content").asText()).contains("could not be read")
                .contains("\"Bad\", \"Okay\", \"Good\"");
    }

    @Test
    void twoAnswersWithoutALevelAreUnparseableNeverGuessed() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(completion("{\"rating\": \"Great\"}")));

        assertThatThrownBy(() -> judge("openai:gpt-4o").rate(DIALOGUE, REPLY, STUDY))
                .isInstanceOfSatisfying(UnparseableRatingException.class, e -> assertThat(e.rawAnswer())
                        .isEqualTo("{\"rating\": \"Great\"}\n--- asked again ---\n{\"rating\": \"Great\"}"))
                .hasMessageContaining("expected 1 (Bad), 2 (Okay) or 3 (Good)");
        assertThat(SERVER.getAllServeEvents()).hasSize(2);
    }

    @Test
    void comparesTwoRepliesBlindedWithAVerdictSchemaAtTemperatureZero() throws Exception {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(completion("{\"rationale\": \"B asks about safety.\", \"verdict\": \"B\"}")));
        ChatModelJudge judge = judge("openai:gpt-4o");

        Preference verdict = judge.compare(DIALOGUE, "Storms happen.", REPLY.text());

        // the tokens the provider reported, for the verdict's cost
        assertThat(verdict).isEqualTo(new Preference(Preference.Choice.B, "B asks about safety.", "gpt-4o",
                new TokenUsage(200, 20)));
        JsonNode body = body(0);
        assertThat(body.path("temperature").asDouble()).isZero();
        JsonNode schema = body.path("response_format").path("json_schema").path("schema");
        assertThat(schema.path("properties").path("verdict").path("enum"))
                .extracting(JsonNode::asText).containsExactly("A", "B", "tie");
        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactly("rationale", "verdict");
        String prompt = body.path("messages").get(1).path("content").asText();
        assertThat(prompt).contains("Speaker: The wind was so loud I could not sleep.")
                .contains("Response A:\nStorms happen.\n\nResponse B:\nThat sounds frightening. Are you safe now?")
                .contains("not their length or their order");
        assertThat(body.path("messages").get(0).path("content").asText()).contains("compare two listener responses");
    }

    @Test
    void aVerdictAskedTwiceCarriesTheTokensOfBothCalls() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("again")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("asked")
                .willReturn(completion("Both are fine.")));
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("again")
                .whenScenarioStateIs("asked").willReturn(completion("{\"rationale\": \"Kinder.\", \"verdict\": \"A\"}")));

        Preference verdict = judge("openai:gpt-4o").compare(DIALOGUE, "a", "b");

        // both calls are paid for: 2 × (200, 20) tokens
        assertThat(verdict).isEqualTo(new Preference(Preference.Choice.A, "Kinder.", "gpt-4o",
                new TokenUsage(400, 40)));
    }

    @Test
    void thePairwiseJudgesOwnInstructionsFitTheAllowanceABudgetReservesForThem() {
        // a budget bounds a pairwise judge's input by the UTF-8 bytes of the dialogue and both texts plus
        // RATER_INSTRUCTIONS_TOKENS (PairwiseTask's worstUsage): the rest of the prompt and the system message fit
        String a = "Storms happen.";
        long content = bytes(DIALOGUE.situation()) + bytes(a) + bytes(REPLY.text())
                + DIALOGUE.turns().stream().mapToLong(t -> bytes(t.text())).sum();
        long system = 300; // the system message: one sentence of about 200 characters
        long instructions = bytes(ChatModelJudge.pairwisePrompt(DIALOGUE, a, REPLY.text())) - content + system;

        assertThat(instructions).isPositive().isLessThan(RatingRun.RATER_INSTRUCTIONS_TOKENS);
    }

    @Test
    void readsVerdictsFromProseAndAsksOnceMoreBeforeRecordingTheRawAnswers() {
        assertThat(ChatModelJudge.verdict("Verdict: Response A, it is kinder.")).map(Preference::choice)
                .contains(Preference.Choice.A);
        assertThat(ChatModelJudge.verdict("**Verdict:** tie")).map(Preference::choice)
                .contains(Preference.Choice.TIE);
        assertThat(ChatModelJudge.verdict("Both are fine.")).isEmpty();
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(completion("Both are fine.")));

        assertThatThrownBy(() -> judge("openai:gpt-4o").compare(DIALOGUE, "a", "b"))
                .isInstanceOfSatisfying(UnparseableRatingException.class, e -> assertThat(e.rawAnswer())
                        .isEqualTo("Both are fine.\n--- asked again ---\nBoth are fine."))
                .hasMessageContaining("expected A, B or tie");
        assertThat(SERVER.getAllServeEvents()).hasSize(2);
    }

    @Test
    void providerFailuresMapAsForRespondentsAndNeverShowTheKey() {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("fail")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("locked")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"message\": \"slow down\", \"type\": \"requests\"}}")));
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("fail")
                .whenScenarioStateIs("locked").willReturn(aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"message\": \"bad key " + KEY + "\", \"type\": \"auth\"}}")));
        ChatModelJudge judge = judge("openai:gpt-4o");

        assertThatThrownBy(() -> judge.rate(DIALOGUE, REPLY, STUDY))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
                });
        assertThatThrownBy(() -> judge.rate(DIALOGUE, REPLY, STUDY)).isInstanceOf(AuthenticationException.class)
                .hasMessageNotContaining(KEY).hasMessageContaining("[redacted]");
    }

    @Test
    void theJudgesOwnInstructionsFitTheAllowanceABudgetReservesForThem() {
        // a budget bounds a judge's input by the UTF-8 bytes of what it rates plus RATER_INSTRUCTIONS_TOKENS
        // (RatingTask.worstUsage): the rest of the prompt, and the system message, must fit in that allowance
        long content = bytes(DIALOGUE.situation()) + bytes(REPLY.text()) + bytes(STUDY.question())
                + DIALOGUE.turns().stream().mapToLong(t -> bytes(t.text())).sum()
                + STUDY.levels().stream().mapToLong(l -> bytes(l.label()) + bytes(l.meaning())).sum();
        long system = 300; // the system message: one sentence of about 200 characters
        long instructions = bytes(ChatModelJudge.prompt(DIALOGUE, REPLY, STUDY)) - content + system;

        assertThat(instructions).isPositive().isLessThan(RatingRun.RATER_INSTRUCTIONS_TOKENS);
    }

    private static long bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void inABatchTheJudgeSendsItsFirstPromptAndReadsTheAnswerOnce() throws Exception {
        SERVER.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(completion("{\"rationale\": \"Fine.\", \"rating\": \"Okay\"}")));
        ChatModelJudge judge = judge("openai:gpt-4o");
        judge.rate(DIALOGUE, REPLY, STUDY);
        JsonNode sent = body(0).path("messages");

        List<io.github.empathy4j.core.prompt.ChatMessage> batched = judge.messages(DIALOGUE, REPLY, STUDY);

        assertThat(batched).hasSize(2);
        assertThat(batched.get(0).role()).isEqualTo(io.github.empathy4j.core.prompt.ChatMessage.Role.SYSTEM);
        assertThat(batched.get(0).text()).isEqualTo(sent.get(0).path("content").asText());
        assertThat(batched.get(1).text()).isEqualTo(sent.get(1).path("content").asText());
        assertThat(judge.score(new Answer("{\"rationale\": \"Kind.\", \"rating\": \"Good\"}", FinishReason.STOP,
                "gpt-4o", TokenUsage.NONE), STUDY)).isEqualTo(new Score(3, "Kind."));
        assertThat(judge.spec().toString()).contains("temperature=0").contains("seed=42");
        UnparseableRatingException unparseable = catchThrowableOfType(UnparseableRatingException.class,
                () -> judge.score(new Answer("I cannot say.", FinishReason.STOP, "gpt-4o", TokenUsage.NONE), STUDY));
        assertThat(unparseable.rawAnswer()).isEqualTo("I cannot say.");
        SERVER.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }
}
