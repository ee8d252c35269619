package io.github.empathy4j.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.Secrets;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.RetryPolicy;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The library path: a user's own LangChain4j {@code ChatModel}, through the public constructors, the one-liners and a
 * plain lambda. No key reaches a file or an exception; the model's name and prompt reach {@code run.json}; a server
 * that is down costs a few calls, not minutes.
 */
class LibraryPathTest {

    /** An OpenAI-shaped key: redacted by its shape, with no registration. */
    private static final String SHAPED_KEY = "sk-proj-LIBRARY-FAKE-0b7e4c2a9d1f";
    /** A key of no known shape: redacted once registered. */
    private static final String PLAIN_KEY = "plainFAKE-library-5e8a1c3b7d";
    private static final String PATH = "/v1/chat/completions";

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path temp;

    private static OpenAiChatModel model(String key, String baseUrl) {
        return OpenAiChatModel.builder().apiKey(key).baseUrl(baseUrl).modelName("gpt-4o-mini").temperature(0.0)
                .seed(7).maxTokens(300).maxRetries(0).build();
    }

    private static ResponseDefinitionBuilder error(int status, String key) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error": {"message": "Incorrect API key provided: %s. Bearer %s", "type": "invalid_request_error"}}
                """.formatted(key, key));
    }

    private static List<Dialogue> dialogues(int n) {
        List<Dialogue> dialogues = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            dialogues.add(Dialogue.opening("lib:" + i, Emotion.values()[i], "Situation " + i + ".",
                    "Something happened to me and I keep thinking about it (" + i + ").", "Oh no, " + i + "!"));
        }
        return dialogues;
    }

    @Test
    void aProviderErrorRepeatingTheKeyReachesNoFileAndNoExceptionOnAnyLibraryPath() {
        SERVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(error(400, SHAPED_KEY)));
        String baseUrl = SERVER.baseUrl() + "/v1";
        Path run = temp.resolve("run");
        ChatModelRespondent constructed = new ChatModelRespondent(ModelSpec.parse("openai:gpt-4o-mini"),
                PromptTemplate.defaultTemplate(), model(SHAPED_KEY, baseUrl));
        Secrets.register(PLAIN_KEY);
        ChatModel own = model(PLAIN_KEY, baseUrl);
        Condition lambda = Condition.of("own", d -> Answer.of(own.chat(UserMessage.from(d.speakerUtterance()))
                .aiMessage().text(), "own"));
        RunResult result = Run.builder().outputDirectory(run).dialogues(dialogues(2)).retryPolicy(RetryPolicy.none())
                .condition(Condition.humanReference()).condition(constructed.condition("constructed"))
                .condition(ChatModelRespondent.of(model(SHAPED_KEY, baseUrl)).condition("one-liner"))
                .condition(lambda).build().execute();
        assertThat(result.failures()).hasSize(6);

        List<Reply> human = result.replies().toList();
        RatingRun.builder().outputDirectory(run).dialogues(dialogues(2)).replies(human)
                .retryPolicy(RetryPolicy.none())
                .rater("judge", new ChatModelJudge(ModelSpec.parse("openai:gpt-4o"), model(SHAPED_KEY, baseUrl),
                        ChatModelJudge.OutputFormat.TEXT))
                .rater("own-judge", ChatModelJudge.of(model(PLAIN_KEY, baseUrl))).build().execute();

        List<String> files = filesUnder(run);
        assertThat(files).anySatisfy(f -> assertThat(f).contains("failures.jsonl")).hasSizeGreaterThanOrEqualTo(5);
        for (String file : files) {
            assertNoKey(read(Path.of(file)), file);
        }
        assertThat(read(run.resolve(Run.FAILURES_FILE))).contains("[redacted]");
        assertThat(read(run.resolve(RatingRun.FAILURES_FILE))).contains("[redacted]");

        SERVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(error(401, SHAPED_KEY)));
        AuthenticationException stop = catchThrowableOfType(AuthenticationException.class, () -> Run.builder()
                .outputDirectory(temp.resolve("stopped")).dialogues(dialogues(2)).retryPolicy(RetryPolicy.none())
                .condition(constructed.condition("constructed")).build().execute());
        assertThat(stop).isNotNull();
        StringWriter trace = new StringWriter();
        stop.printStackTrace(new PrintWriter(trace));
        assertNoKey(trace.toString(), "the exception and its causes");
        assertThat(trace.toString()).contains("[redacted]");
        assertNoKey(read(temp.resolve("stopped").resolve(Run.FAILURES_FILE)), "failures.jsonl after the stop");
    }

    @Test
    void theOneLinersRecordTheModelNameParametersAndPromptInRunJson() throws IOException {
        SERVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id": "c1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-mini-2024",
                         "choices": [{"index": 0, "message": {"role": "assistant", "content": "I hear you."},
                                      "finish_reason": "stop"}],
                         "usage": {"prompt_tokens": 20, "completion_tokens": 4, "total_tokens": 24}}
                        """)));
        Path run = temp.resolve("run");
        Condition condition = ChatModelRespondent.of(model(SHAPED_KEY, SERVER.baseUrl() + "/v1")).condition("mine");
        Run.builder().outputDirectory(run).dialogues(dialogues(1)).condition(condition).build().execute();

        JsonNode recorded = new ObjectMapper().readTree(run.resolve("run.json").toFile()).path("conditions").get(0);
        assertThat(recorded.path("name").asText()).isEqualTo("mine");
        assertThat(recorded.path("spec").asText()).isEqualTo("openai:gpt-4o-mini?maxTokens=300&seed=7&temperature=0");
        assertThat(recorded.path("parameters").toString())
                .isEqualTo("{\"maxTokens\":\"300\",\"seed\":\"7\",\"temperature\":\"0\"}");
        assertThat(recorded.path("prompt").path("name").asText()).isEqualTo(PromptTemplate.defaultTemplate().name());
        assertThat(recorded.path("prompt").path("user").asText()).isEqualTo(PromptTemplate.defaultTemplate().user());
        assertThat(ChatModelJudge.of(model(SHAPED_KEY, SERVER.baseUrl() + "/v1")).name())
                .isEqualTo("openai:gpt-4o-mini?maxTokens=300&seed=7&temperature=0");
        assertThat(ChatModelJudge.of(model(SHAPED_KEY, SERVER.baseUrl() + "/v1")).format())
                .isEqualTo(ChatModelJudge.OutputFormat.JSON_SCHEMA);
    }

    @Test
    void aServerThatRefusesConnectionsIsGivenUpAfterAFewCallsAndItsItemsCanBeResumed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // nothing listens on the port any more: every connection is refused
        Condition dead = ChatModelRespondent.of(model(SHAPED_KEY, "http://127.0.0.1:" + port + "/v1"))
                .condition("dead");
        Path run = temp.resolve("run");
        RunResult result = Run.builder().outputDirectory(run).dialogues(dialogues(30)).concurrency(4)
                .condition(Condition.humanReference()).condition(dead).build().execute();

        assertThat(result.failures()).hasSize(30);
        assertThat(result.failures()).filteredOn(f -> f.attempts() == 0).hasSizeGreaterThanOrEqualTo(20)
                .allSatisfy(f -> assertThat(f.error()).contains("provider 'openai' is unreachable"));
        assertThat(result.replies().toList()).hasSize(30);
        assertThat(read(run.resolve(Run.FAILURES_FILE)).lines()).hasSize(30);
    }

    private static void assertNoKey(String text, String where) {
        for (String key : List.of(SHAPED_KEY, PLAIN_KEY)) {
            assertThat(text).as(where).doesNotContain(key).doesNotContain(key.substring(key.length() - 10));
        }
    }

    private static List<String> filesUnder(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
