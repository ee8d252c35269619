package io.github.empathy4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A local server speaking OpenAI's chat completions API ({@code POST /v1/chat/completions}) that plays any number of
 * models: each model name answers the last user message with a function. Judges get helpers that read the rated
 * reply and the speaker's turn out of the judge's prompt.
 */
public final class FakeOpenAi implements ResponseDefinitionTransformerV2 {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPLY_START = "The listener's response to rate:\n";
    private static final String REPLY_END = "\n\nQuestion: ";
    private static final String PAIR_A = "Response A:\n";
    private static final String PAIR_B = "\n\nResponse B:\n";

    private final Map<String, Function<String, String>> models = new ConcurrentHashMap<>();

    /** A JUnit extension running a server with this fake, its one stub in place. */
    public WireMockExtension server() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().extensions(this)).build();
    }

    /** Registers the stub the fake answers through; call once the server runs. */
    public static void stub(WireMockExtension server) {
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson("{}")));
    }

    /** Makes {@code model} answer the last user message with {@code answer}. */
    public void model(String model, Function<String, String> answer) {
        models.put(model, answer);
    }

    /** A judge's answer with this label, as JSON. */
    public static String rating(String label) {
        return "{\"rationale\": \"fake judge\", \"rating\": \"" + label + "\"}";
    }

    /** The reply a judge's prompt asks to rate. */
    public static String ratedReply(String prompt) {
        int start = prompt.indexOf(REPLY_START) + REPLY_START.length();
        return prompt.substring(start, prompt.indexOf(REPLY_END, start));
    }

    /** A pairwise judge's answer with this verdict ({@code A}, {@code B} or {@code tie}), as JSON. */
    public static String verdict(String verdict) {
        return "{\"rationale\": \"fake pairwise judge\", \"verdict\": \"" + verdict + "\"}";
    }

    /** Whether a judge's prompt asks to compare two replies. */
    public static boolean pairwise(String prompt) {
        return prompt.contains(PAIR_A) && prompt.contains(PAIR_B);
    }

    /** The two replies a pairwise judge's prompt compares: Response A's text, then Response B's. */
    public static List<String> pair(String prompt) {
        int a = prompt.indexOf(PAIR_A) + PAIR_A.length();
        int b = prompt.indexOf(PAIR_B, a);
        return List.of(prompt.substring(a, b), prompt.substring(b + PAIR_B.length(), prompt.indexOf(REPLY_END, b)));
    }

    /** The speaker's last turn in a judge's prompt. */
    public static String speakerTurn(String prompt) {
        int end = prompt.indexOf(REPLY_START);
        String conversation = prompt.substring(0, end < 0 ? prompt.indexOf(PAIR_A) : end).strip();
        return conversation.substring(conversation.lastIndexOf("\nSpeaker: ") + "\nSpeaker: ".length()).strip();
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        try {
            JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
            String model = body.path("model").asText();
            Function<String, String> answer = models.get(model);
            if (answer == null) {
                return ResponseDefinitionBuilder.responseDefinition().withStatus(404)
                        .withBody("{\"error\": {\"message\": \"no model " + model + "\"}}").build();
            }
            JsonNode messages = body.path("messages");
            String prompt = messages.get(messages.size() - 1).path("content").asText();
            ObjectNode completion = JSON.createObjectNode().put("id", "c").put("object", "chat.completion")
                    .put("created", 1_700_000_000).put("model", model);
            ObjectNode choice = completion.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", answer.apply(prompt));
            completion.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20)
                    .put("total_tokens", 120);
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(completion))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String getName() {
        return "fake-openai";
    }
}
