package io.github.empathy4j.adapters;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.adapters.gemini.GeminiProvider;
import io.github.empathy4j.adapters.openai.OpenAiProvider;
import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.ReplyJournal;
import io.github.empathy4j.core.run.RetryPolicy;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Whole runs of the engine through real providers (OpenAI and Gemini against a local WireMock server, plus
 * the human reference): the journal, the response cache, resuming, and that the API keys show up nowhere.
 */
class RunWithProvidersTest {

    private static final String OPENAI_KEY = "sk-proj-FAKE-run-7f3a9c21e5b84d06aa51";
    private static final String GEMINI_KEY = "AIzaFAKE-run-0c4be1d29f6a8835b7e2";
    private static final Environment KEYS = Environment.of(Map.of("OPENAI_API_KEY", OPENAI_KEY,
            "GEMINI_API_KEY", GEMINI_KEY));
    private static final PromptTemplate TEMPLATE = PromptTemplate.defaultTemplate();
    private static final String OPENAI_PATH = "/openai/v1/chat/completions";
    private static final String GEMINI_PATH = "/gemini/v1beta/models/gemini-1.0-pro:generateContent";
    private static final String OPENAI_TEXT = "That sounds like a lot to carry.";
    private static final String GEMINI_TEXT = "I am sorry you are going through this.";
    /** Tiny backoff: only a provider's Retry-After makes a retry wait noticeably. */
    private static final RetryPolicy FAST_RETRIES = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5),
            RetryPolicy.Jitter.FULL);

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path temp;

    private final ModelProviders providers = ModelProviders.of(KEYS,
            List.of(new OpenAiProvider(), new GeminiProvider()));

    /**
     * Six dialogues through OpenAI, Gemini and the human reference, with a 429 (Retry-After: 1), 500s, a
     * refusal from each provider and an item that keeps failing, every error body echoing the key: the
     * journal records what the providers returned, and no file, log line, exception or result shows a key.
     */
    @Test
    void wholeRunRecordsWhatProvidersReturnedAndNeverShowsAKey() {
        stubOpenAi();
        stubGemini();
        SERVER.stubFor(openAi("[m2]").inScenario("openai 429").whenScenarioStateIs(STARTED)
                .willReturn(openAiError(429, "Rate limit reached for key " + OPENAI_KEY).withHeader("Retry-After", "1"))
                .willSetStateTo("answered"));
        SERVER.stubFor(openAi("[m3]").inScenario("openai 500").whenScenarioStateIs(STARTED)
                .willReturn(openAiError(500, "The server had an error with key " + OPENAI_KEY))
                .willSetStateTo("answered"));
        SERVER.stubFor(openAi("[m4]").willReturn(openAiCompletion("null", "content_filter")));
        SERVER.stubFor(gemini("[m5]").willReturn(geminiError(500, "Internal error for key " + GEMINI_KEY)));
        SERVER.stubFor(gemini("[m6]").willReturn(okJson("""
                {"promptFeedback": {"blockReason": "SAFETY"}, "usageMetadata": {"promptTokenCount": 30},
                 "modelVersion": "gemini-1.0-pro-002"}
                """)));
        Path output = temp.resolve("run");
        Path cache = temp.resolve("cache");
        Condition gpt4 = providers.condition("gpt-4?temperature=0.7&baseUrl=" + SERVER.baseUrl() + "/openai/v1",
                TEMPLATE);
        Condition gemini = providers.condition("gemini:gemini-1.0-pro?timeout=10s&baseUrl=" + SERVER.baseUrl()
                + "/gemini/v1beta", TEMPLATE);
        Run run = Run.builder().outputDirectory(output).cacheDirectory(cache).dialogues(dialogues(6))
                .condition(Condition.humanReference()).condition(gpt4).condition(gemini)
                .retryPolicy(FAST_RETRIES).concurrency(4).build();

        Captured<RunResult> captured = capture(run::execute);
        RunResult result = captured.value();

        Map<String, Reply> journal = journal(output);
        assertThat(journal).hasSize(17);
        Reply plain = journal.get("gpt-4/run:1");
        assertThat(plain.text()).isEqualTo(OPENAI_TEXT);
        assertThat(plain.model()).isEqualTo("gpt-4-0613");
        assertThat(plain.usage()).isEqualTo(new TokenUsage(40, 12));
        assertThat(plain.parameters()).containsEntry("temperature", "0.7").doesNotContainKey("timeout");
        Reply waited = journal.get("gpt-4/run:2");
        assertThat(waited.attempts()).isEqualTo(2);
        assertThat(waited.latency()).as("the wait Retry-After asked for").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(journal.get("gpt-4/run:3").attempts()).isEqualTo(2);
        assertThat(journal.get("gpt-4/run:4").finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(journal.get("gpt-4/run:4").text()).isEmpty();
        assertThat(journal.get("gemini-1.0-pro/run:1").model()).isEqualTo("gemini-1.0-pro-002");
        assertThat(journal.get("gemini-1.0-pro/run:1").usage()).isEqualTo(new TokenUsage(30, 9));
        assertThat(journal.get("gemini-1.0-pro/run:6").finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(journal.get("human/run:1").text()).isEqualTo("Oh no, 1!");
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.condition()).isEqualTo("gemini-1.0-pro");
            assertThat(f.dialogueId()).isEqualTo("run:5");
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(f.error()).contains("HTTP 500").contains("[redacted]");
        });
        assertThat(result.retries()).isEqualTo(4);
        SERVER.verify(8, postRequestedFor(urlPathEqualTo(OPENAI_PATH)));
        SERVER.verify(8, postRequestedFor(urlPathEqualTo(GEMINI_PATH)));
        assertNoKeyIn(captured.output(), "System.out and System.err");
        assertNoKeyIn(result.toString(), "RunResult.toString()");
        assertNoKeyInFiles(output);
        assertNoKeyInFiles(cache);
        assertThat(captured.output()).as("the retries and the failure are logged").contains("[redacted]");
    }

    /** A provider that rejects the key and echoes it stops the run with the condition named, showing it nowhere. */
    @Test
    void rejectedKeyStopsTheRunNamingTheConditionWithoutShowingTheKey() {
        SERVER.stubFor(post(urlPathEqualTo(OPENAI_PATH)).willReturn(openAiError(401,
                "Incorrect API key provided: " + OPENAI_KEY + ". You can find your API key at https://example.test.")));
        Path output = temp.resolve("run");
        Run run = Run.builder().outputDirectory(output).cacheDirectory(temp.resolve("cache")).dialogues(dialogues(4))
                .condition(Condition.humanReference())
                .condition(providers.condition("gpt-4?baseUrl=" + SERVER.baseUrl() + "/openai/v1", TEMPLATE))
                .retryPolicy(FAST_RETRIES).concurrency(1).build();

        Captured<AuthenticationException> captured = capture(() -> catchThrowableOfType(AuthenticationException.class,
                run::execute));
        AuthenticationException e = captured.value();

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("condition 'gpt-4'").contains("401").contains("[redacted]");
        SERVER.verify(1, postRequestedFor(urlPathEqualTo(OPENAI_PATH)));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertNoKeyIn(trace.toString(), "the stack trace");
        assertNoKeyIn(captured.output(), "System.out and System.err");
        assertNoKeyInFiles(output);
        assertThat(temp.resolve("cache")).as("nothing cached").doesNotExist();
    }

    /**
     * The response cache is keyed on spec, parameters and messages: another run with the same models and
     * prompt answers every item from the cache without a call, while another temperature calls again;
     * resuming a finished run calls nothing, even with a longer time-out.
     */
    @Test
    void cacheAndResumeAnswerWithoutCalls() {
        stubOpenAi();
        stubGemini();
        Path cache = temp.resolve("cache");
        String openAi = "openai:gpt-4?temperature=0.7&baseUrl=" + SERVER.baseUrl() + "/openai/v1";
        String gemini = "gemini:gemini-1.0-pro?baseUrl=" + SERVER.baseUrl() + "/gemini/v1beta";

        RunResult first = run(temp.resolve("first"), cache, openAi, gemini).execute();
        assertThat(first.answered()).isEqualTo(10);
        assertThat(SERVER.getAllServeEvents()).hasSize(10);
        SERVER.resetRequests();

        RunResult resumed = run(temp.resolve("first"), cache, openAi + "&timeout=2m", gemini + "&timeout=2m")
                .execute();
        assertThat(SERVER.getAllServeEvents()).as("HTTP calls resuming a finished run with a longer time-out")
                .isEmpty();
        assertThat(resumed.skipped()).isEqualTo(10);

        RunResult fromCache = run(temp.resolve("second"), cache, openAi, gemini).execute();
        assertThat(SERVER.getAllServeEvents()).as("HTTP calls of another run with the same models").isEmpty();
        assertThat(fromCache.cached()).isEqualTo(10);
        // the same replies; a cache hit costs nothing
        assertThat(fromCache.replies().toList()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("cost")
                .containsExactlyInAnyOrderElementsOf(first.replies().toList());
        assertThat(fromCache.replies().toList()).allSatisfy(r -> assertThat(r.cost()).isZero());

        RunResult warmer = run(temp.resolve("third"), cache, openAi.replace("temperature=0.7", "temperature=1"), gemini)
                .execute();
        assertThat(warmer.answered()).isEqualTo(5);
        assertThat(warmer.cached()).isEqualTo(5);
        SERVER.verify(5, postRequestedFor(urlPathEqualTo(OPENAI_PATH)));
        assertThat(SERVER.getAllServeEvents()).hasSize(5);
    }

    private Run run(Path output, Path cache, String... specs) {
        Run.Builder builder = Run.builder().outputDirectory(output).cacheDirectory(cache).dialogues(dialogues(5))
                .retryPolicy(FAST_RETRIES);
        for (String spec : specs) {
            builder.condition(providers.condition(spec, TEMPLATE));
        }
        return builder.build();
    }

    private static List<Dialogue> dialogues(int n) {
        List<Dialogue> dialogues = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            dialogues.add(Dialogue.opening("run:" + i, Emotion.values()[i], "Situation " + i + ".",
                    "Something happened to me [m" + i + "] and I keep thinking about it.", "Oh no, " + i + "!"));
        }
        return dialogues;
    }

    private static void stubOpenAi() {
        SERVER.stubFor(post(urlPathEqualTo(OPENAI_PATH)).atPriority(10)
                .willReturn(openAiCompletion("\"" + OPENAI_TEXT + "\"", "stop")));
    }

    private static void stubGemini() {
        SERVER.stubFor(post(urlPathEqualTo(GEMINI_PATH)).atPriority(10).willReturn(okJson("""
                {"candidates": [{"content": {"parts": [{"text": "%s"}], "role": "model"}, "finishReason": "STOP",
                                 "index": 0}],
                 "usageMetadata": {"promptTokenCount": 30, "candidatesTokenCount": 9, "totalTokenCount": 39},
                 "modelVersion": "gemini-1.0-pro-002"}
                """.formatted(GEMINI_TEXT))));
    }

    private static MappingBuilder openAi(String marker) {
        return post(urlPathEqualTo(OPENAI_PATH)).withRequestBody(containing(marker)).atPriority(1);
    }

    private static MappingBuilder gemini(String marker) {
        return post(urlPathEqualTo(GEMINI_PATH)).withRequestBody(containing(marker)).atPriority(1);
    }

    private static ResponseDefinitionBuilder openAiCompletion(String content, String finishReason) {
        return okJson("""
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4-0613",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": %s},
                              "finish_reason": "%s"}],
                 "usage": {"prompt_tokens": 40, "completion_tokens": 12, "total_tokens": 52}}
                """.formatted(content, finishReason));
    }

    private static ResponseDefinitionBuilder openAiError(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error": {"message": "%s", "type": "requests", "param": null, "code": null}}
                """.formatted(message));
    }

    private static ResponseDefinitionBuilder geminiError(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error": {"code": %d, "message": "%s", "status": "INTERNAL"}}
                """.formatted(status, message));
    }

    /** The replies of a run's journal by {@code condition/dialogueId}. */
    private static Map<String, Reply> journal(Path output) {
        Map<String, Reply> replies = new HashMap<>();
        ReplyJournal.read(output.resolve(ReplyJournal.FILE_NAME))
                .forEach(r -> replies.put(r.condition() + "/" + r.dialogueId(), r));
        return replies;
    }

    private record Captured<T>(T value, String output) {
    }

    /** Runs the action with System.out and System.err captured (and echoed afterwards). */
    private static <T> Captured<T> capture(Supplier<T> action) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        T value;
        try {
            value = action.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        err.print(output);
        return new Captured<>(value, output);
    }

    private static void assertNoKeyIn(String text, String where) {
        for (String key : List.of(OPENAI_KEY, GEMINI_KEY)) {
            assertThat(text).as(where).doesNotContain(key).doesNotContain(key.substring(key.length() - 12));
        }
    }

    private static void assertNoKeyInFiles(Path directory) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("files under " + directory).isNotEmpty();
        for (Path file : files) {
            try {
                assertNoKeyIn(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
