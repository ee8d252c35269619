package io.github.empathy4j.adapters.testkit;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.core.run.Preference;
import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.ProviderTimeoutException;
import io.github.empathy4j.core.RateLimitException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Respondent;
import io.github.empathy4j.core.run.Score;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The contract every adapter keeps, checked against a local WireMock server that speaks the provider's
 * wire format: it answers and reports usage, sends the request the provider expects, maps failures to
 * the exception types the run engine acts on (429 a {@link RateLimitException} with the
 * {@code Retry-After} wait, 401 an {@link AuthenticationException}, 400 a non-retriable
 * {@link ProviderException}, 500 a retriable one after which the next call answers, a slow reply a
 * {@link ProviderTimeoutException}, malformed JSON and a reset connection retriable failures), returns a
 * content filter as a {@code CONTENT_FILTER} answer, makes one HTTP call per answer, serves a
 * {@link ChatModelJudge} that asks in the provider's output format and fails alike (when {@link #judge} is
 * overridden), and never shows the key ({@link #FAKE_KEY}) in an exception, a {@code toString()} or anything written to
 * {@code System.err}.
 *
 * <p>Extend it and supply the respondent and the provider's wire format:
 * <pre>{@code
 * class AcmeProviderTest extends RespondentContractTest {
 *     protected Respondent respondent(String baseUrl, Duration timeout) {
 *         return ModelProviders.of(Environment.of(Map.of("ACME_API_KEY", FAKE_KEY)), List.of(new AcmeProvider()))
 *                 .respondent("acme:large?baseUrl=" + baseUrl + "&timeout=" + timeout.toMillis() + "ms", TEMPLATE);
 *     }
 *     protected MappingBuilder endpoint() { return post(urlPathEqualTo("/v1/chat")); }
 *     protected ResponseDefinitionBuilder success(String text, String model, int in, int out) { ... }
 *     protected ResponseDefinitionBuilder error(int status, String message) { ... }
 *     protected Optional<ResponseDefinitionBuilder> contentFiltered() { ... }
 *     protected void assertRequest(LoggedRequest request, List<ChatMessage> messages) { ... }
 *     protected Optional<ChatModelJudge> judge(String baseUrl) { ... }                        // optional
 *     protected void assertJudgeRequest(ChatModelJudge judge, LoggedRequest request, List<String> labels) { ... }
 * }
 * }</pre>
 * Logging must go to {@code System.err} (slf4j-simple does) for the log check to see it.
 */
public abstract class RespondentContractTest {

    /** The API key the respondent under test must use and never show. */
    protected static final String FAKE_KEY = "sk-contract-FAKE-7f3a9c21e5b84d06";
    /** The reply text {@link #success} must return. */
    protected static final String TEXT = "That must be so hard. It is clear how much you loved him.";
    /** The model name {@link #success} must return, unlike any spec's model so that its source shows. */
    protected static final String MODEL = "contract-model-0613";
    /** The prompt tokens {@link #success} must report. */
    protected static final int INPUT_TOKENS = 42;
    /** The reply tokens {@link #success} must report. */
    protected static final int OUTPUT_TOKENS = 17;
    /** The time-out for every scenario but the slow one. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The template the respondent under test must use. */
    protected static final PromptTemplate TEMPLATE = PromptTemplate.defaultTemplate();
    /** The dialogue every scenario answers. */
    protected static final Dialogue DIALOGUE = Dialogue.opening("contract:1", Emotion.SAD,
            "My dog died last week.", "I still look for him at the door when I come home.", null);

    /** The judge's answer in the judge scenarios: prose every output format reads as the level {@code Good}. */
    protected static final String JUDGE_ANSWER = "Rating: Good";
    /** The reply the judge scenarios rate. */
    protected static final Reply REPLY = new Reply("blinded", "contract:1", "Oh no. How long did you have him?",
            FinishReason.STOP, "blinded", Map.of(), TokenUsage.NONE, Duration.ZERO, 1, Instant.EPOCH);
    /** The dimension the judge scenarios rate on: the study's Bad / Okay / Good. */
    protected static final RatingScale.Dimension DIMENSION = RatingScale.STUDY.single();

    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    private static final int SLOW_REPLY_MILLIS = 1500;

    /** The provider's stand-in; {@code baseUrl()} is its root URL. */
    @RegisterExtension
    protected static final WireMockExtension SERVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private PrintStream standardError;
    private ByteArrayOutputStream captured;

    /**
     * The respondent under test, calling the server at {@code baseUrl} (add the provider's path prefix
     * if it has one), with {@link #FAKE_KEY} as its key, {@link #TEMPLATE} as its prompt and the given
     * time-out.
     */
    protected abstract Respondent respondent(String baseUrl, Duration timeout);

    /** A new matcher for the provider's chat endpoint, e.g. {@code post(urlPathEqualTo("/v1/chat/completions"))}. */
    protected abstract MappingBuilder endpoint();

    /** A successful reply in the provider's format, with this text, model name and token counts, finishing normally. */
    protected abstract ResponseDefinitionBuilder success(String text, String model, int inputTokens, int outputTokens);

    /** A failed reply in the provider's format: this HTTP status and an error body holding the message. */
    protected abstract ResponseDefinitionBuilder error(int status, String message);

    /** A reply in which the provider blocked the prompt or the answer; empty when it has no content filter. */
    protected abstract Optional<ResponseDefinitionBuilder> contentFiltered();

    /** Asserts that the request for {@link #DIALOGUE} carries these messages, the spec's model and options, and the key. */
    protected abstract void assertRequest(LoggedRequest request, List<ChatMessage> messages);

    /**
     * The provider's judge, {@code ChatModelJudge.of(providers, spec)} for a spec calling the server at
     * {@code baseUrl} as {@link #respondent} does, with {@link #FAKE_KEY}; empty (the default) when the provider
     * serves no judge, which skips the judge scenarios.
     */
    protected Optional<ChatModelJudge> judge(String baseUrl) {
        return Optional.empty();
    }

    /**
     * Asserts that a judge's request asks for the answer in the provider's way: the judge's
     * {@link ChatModelJudge#format()} is the one the provider declares, and the request carries it (for
     * {@code JSON_SCHEMA}, a schema whose {@code rating} is an enum of {@code labels}), temperature 0 and the key.
     * Override it with {@link #judge}.
     */
    protected void assertJudgeRequest(ChatModelJudge judge, LoggedRequest request, List<String> labels) {
        throw new AssertionError("override assertJudgeRequest to check the judge's request");
    }

    @BeforeEach
    void captureStandardError() {
        standardError = System.err;
        captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void releaseStandardError() {
        System.setErr(standardError);
        String output = captured.toString(StandardCharsets.UTF_8);
        standardError.print(output);
        assertThat(output).as("output written to System.err").doesNotContain(FAKE_KEY);
    }

    @Test
    void answersWithTextModelAndUsage() {
        SERVER.stubFor(endpoint().willReturn(success(TEXT, MODEL, INPUT_TOKENS, OUTPUT_TOKENS)));

        Answer answer = respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE);

        assertThat(answer).isEqualTo(new Answer(TEXT, FinishReason.STOP, MODEL,
                new TokenUsage(INPUT_TOKENS, OUTPUT_TOKENS)));
        List<ServeEvent> calls = SERVER.getAllServeEvents();
        assertThat(calls).hasSize(1);
        assertRequest(calls.get(0).getRequest(), TEMPLATE.render(DIALOGUE));
    }

    @Test
    void rateLimitIsRetriableAfterTheWaitTheProviderAsks() {
        SERVER.stubFor(endpoint().willReturn(error(429, "Rate limit reached").withHeader("Retry-After", "7")));

        RateLimitException e = failure(RateLimitException.class);

        assertThat(e.retriable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(SERVER.getAllServeEvents()).hasSize(1);
    }

    @Test
    void rejectedKeyIsAnAuthenticationFailureThatNeverShowsTheKey() {
        SERVER.stubFor(endpoint().willReturn(error(401, "Incorrect API key provided: " + FAKE_KEY)));

        AuthenticationException e = failure(AuthenticationException.class);

        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("401").contains("[redacted]");
    }

    @Test
    void badRequestIsNotRetried() {
        SERVER.stubFor(endpoint().willReturn(error(400, "Invalid value for temperature")));

        ProviderException e = failure(ProviderException.class);

        assertThat(e).isExactlyInstanceOf(ProviderException.class);
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("400").contains("Invalid value for temperature");
    }

    @Test
    void serverErrorIsRetriableAndTheNextCallAnswers() {
        SERVER.stubFor(endpoint().inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(error(500, "The server had an error")).willSetStateTo("recovered"));
        SERVER.stubFor(endpoint().inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(success(TEXT, MODEL, INPUT_TOKENS, OUTPUT_TOKENS)));
        Respondent respondent = respondent(SERVER.baseUrl(), TIMEOUT);

        ProviderException first = catchThrowableOfType(ProviderException.class, () -> respondent.respond(DIALOGUE));
        Answer second = respondent.respond(DIALOGUE);

        assertThat(first).isExactlyInstanceOf(ProviderException.class);
        assertThat(first.retriable()).isTrue();
        assertNoKey(first);
        assertThat(second.text()).isEqualTo(TEXT);
        assertThat(SERVER.getAllServeEvents()).hasSize(2);
    }

    @Test
    void slowReplyIsATimeout() {
        SERVER.stubFor(endpoint().willReturn(success(TEXT, MODEL, INPUT_TOKENS, OUTPUT_TOKENS)
                .withFixedDelay(SLOW_REPLY_MILLIS)));

        ProviderTimeoutException e = catchThrowableOfType(ProviderTimeoutException.class,
                () -> respondent(SERVER.baseUrl(), SHORT_TIMEOUT).respond(DIALOGUE));

        assertThat(e).isNotNull();
        assertThat(e.retriable()).isTrue();
        assertNoKey(e);
        awaitServedRequests(1);
    }

    @Test
    void malformedJsonIsARetriableFailure() {
        SERVER.stubFor(endpoint().willReturn(okForContentType("application/json", "{\"id\": \"x\", \"choi")));

        ProviderException e = failure(ProviderException.class);

        assertThat(e).isExactlyInstanceOf(ProviderException.class);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains("not the JSON").doesNotContain("Source:", "REDACTED");
    }

    @Test
    void resetConnectionIsARetriableFailure() {
        SERVER.stubFor(endpoint().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ProviderException e = failure(ProviderException.class);

        assertThat(e).isExactlyInstanceOf(ProviderException.class);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void contentFilterIsAnAnswerNotAFailure() {
        Optional<ResponseDefinitionBuilder> filtered = contentFiltered();
        assumeThat(filtered).as("the provider has a content filter").isPresent();
        SERVER.stubFor(endpoint().willReturn(filtered.get()));

        Answer answer = respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(SERVER.getAllServeEvents()).hasSize(1);
    }

    @Test
    void descriptionNeverShowsTheKey() {
        assertThat(respondent(SERVER.baseUrl(), TIMEOUT).toString()).doesNotContain(FAKE_KEY);
    }

    @Test
    void judgeAsksInTheProvidersOutputFormatAndReadsTheLevel() {
        Optional<ChatModelJudge> judge = judge(SERVER.baseUrl());
        assumeThat(judge).as("the provider serves a judge").isPresent();
        SERVER.stubFor(endpoint().willReturn(success(JUDGE_ANSWER, MODEL, INPUT_TOKENS, OUTPUT_TOKENS)));

        Score score = judge.get().rate(DIALOGUE, REPLY, DIMENSION);

        assertThat(score.value()).isEqualTo(3);
        List<ServeEvent> calls = SERVER.getAllServeEvents();
        assertThat(calls).hasSize(1);
        assertJudgeRequest(judge.get(), calls.get(0).getRequest(),
                DIMENSION.levels().stream().map(RatingScale.Level::label).toList());
        assertThat(judge.get().toString()).doesNotContain(FAKE_KEY);
    }

    @Test
    void pairwiseJudgeSendsBothRepliesBlindedAndReadsTheVerdict() {
        Optional<ChatModelJudge> judge = judge(SERVER.baseUrl());
        assumeThat(judge).as("the provider serves a judge").isPresent();
        SERVER.stubFor(endpoint().willReturn(success("Verdict: B", MODEL, INPUT_TOKENS, OUTPUT_TOKENS)));

        Preference verdict = judge.get().compare(DIALOGUE, "Oh no.", REPLY.text());

        assertThat(verdict.choice()).isEqualTo(Preference.Choice.B);
        List<ServeEvent> calls = SERVER.getAllServeEvents();
        assertThat(calls).hasSize(1);
        String body = calls.get(0).getRequest().getBodyAsString();
        assertThat(body).contains("Response A:").contains("Response B:").contains("How long did you have him?")
                .contains("verdict").doesNotContain("blinded");
    }

    @Test
    void judgeFailuresMapAsForRespondents() {
        Optional<ChatModelJudge> judge = judge(SERVER.baseUrl());
        assumeThat(judge).as("the provider serves a judge").isPresent();
        SERVER.stubFor(endpoint().willReturn(error(429, "Rate limit reached for " + FAKE_KEY)
                .withHeader("Retry-After", "7")));

        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> judge.get().rate(DIALOGUE, REPLY, DIMENSION));

        assertThat(e).isNotNull();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertNoKey(e);
    }

    /** Calls the respondent, expecting a failure of this type, and checks that it never shows the key. */
    private <T extends ProviderException> T failure(Class<T> type) {
        T e = catchThrowableOfType(type, () -> respondent(SERVER.baseUrl(), TIMEOUT).respond(DIALOGUE));
        assertThat(e).as("expected a " + type.getSimpleName()).isNotNull();
        assertNoKey(e);
        return e;
    }

    /**
     * Waits until the server has finished serving this many requests: a slow reply the client gave up on
     * is logged only once sent, and must not land in the next test's journal.
     */
    private static void awaitServedRequests(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // generous: a loaded CI machine
        while (SERVER.getAllServeEvents().size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(SERVER.getAllServeEvents()).hasSize(count);
    }

    /** Asserts that the key is in no message of the exception or its causes, nor in its stack trace. */
    protected static void assertNoKey(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).as("stack trace").doesNotContain(FAKE_KEY);
    }
}
