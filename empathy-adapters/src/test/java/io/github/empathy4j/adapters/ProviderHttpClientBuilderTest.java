package io.github.empathy4j.adapters;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.Respondent;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProviderHttpClientBuilderTest {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    private static HttpRequest request(String path) {
        return HttpRequest.builder().method(HttpMethod.POST).url(SERVER.baseUrl(), path)
                .addHeader("Content-Type", "application/json").addHeader("X-Test", "a").body("{\"q\": 1}").build();
    }

    @Test
    void sendsMethodHeadersAndBodyAndReturnsTheResponse() {
        SERVER.stubFor(post(urlPathEqualTo("/chat")).willReturn(okJson("{\"a\": 1}").withHeader("X-Reply", "r")));

        var response = new ProviderHttpClientBuilder().readTimeout(Duration.ofSeconds(5)).build()
                .execute(request("chat"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"a\": 1}");
        assertThat(response.headers()).containsEntry("x-reply", List.of("r"));
        SERVER.verify(postRequestedFor(urlPathEqualTo("/chat")).withHeader("X-Test", equalTo("a"))
                .withRequestBody(equalTo("{\"q\": 1}")));
    }

    /** The JDK client would ask for an h2c upgrade, which servers such as vLLM's uvicorn refuse. */
    @Test
    void plainHttpIsSpokenAsHttp11WithoutAnUpgradeRequest() {
        SERVER.stubFor(post(urlPathEqualTo("/chat")).willReturn(okJson("{\"a\": 1}")));

        new ProviderHttpClientBuilder().build().execute(request("chat"));

        LoggedRequest sent = SERVER.getAllServeEvents().get(0).getRequest();
        assertThat(sent.getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(sent.containsHeader("Upgrade")).isFalse();
    }

    @Test
    void failedCallKeepsStatusBodyAndTheWait() {
        SERVER.stubFor(post(urlPathEqualTo("/chat"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "12").withBody("overloaded")));

        HttpStatusException e = catchThrowableOfType(HttpStatusException.class,
                () -> new ProviderHttpClientBuilder().build().execute(request("chat")));

        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.getMessage()).isEqualTo("overloaded");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void responseCheckSeesSuccessfulResponses() {
        SERVER.stubFor(post(urlPathEqualTo("/chat")).willReturn(okJson("{\"blocked\": true}")));
        HttpClient client = new ProviderHttpClientBuilder().responseCheck(response -> {
            if (response.body().contains("blocked")) {
                throw new ContentFilteredException("blocked");
            }
        }).build();

        assertThatThrownBy(() -> client.execute(request("chat"))).isInstanceOf(ContentFilteredException.class);
    }

    @Test
    void streamingGoesThroughLangChain4jsJdkClient() throws Exception {
        SERVER.stubFor(post(urlPathEqualTo("/stream")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody("data: one\n\ndata: two\n\n")));
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();

        new ProviderHttpClientBuilder().build().execute(request("stream"), new ServerSentEventListener() {
            @Override
            public void onEvent(ServerSentEvent event) {
                events.add(event.data());
            }

            @Override
            public void onError(Throwable throwable) {
                closed.completeExceptionally(throwable);
            }

            @Override
            public void onClose() {
                closed.complete(null);
            }
        });
        closed.get(10, TimeUnit.SECONDS);

        assertThat(events).containsExactly("one", "two");
    }

    /** The run engine paces a lane to the limits the provider's responses report, through this client. */
    @Test
    void reportsEachResponsesLimitsToTheRunSoItsLaneIsPaced(@TempDir Path dir) {
        // 60 requests a minute, learned from the first response: a bucket of one, so the third call waits a second
        SERVER.stubFor(post(urlPathEqualTo("/chat")).willReturn(okJson("{\"a\": 1}")
                .withHeader("x-ratelimit-limit-requests", "60").withHeader("x-ratelimit-remaining-requests", "59")
                .withHeader("x-ratelimit-reset-requests", "1s")));
        HttpClient client = new ProviderHttpClientBuilder().build();
        Respondent respondent = d -> {
            client.execute(request("chat"));
            return Answer.of("ok", "m");
        };
        List<Dialogue> dialogues = List.of(Dialogue.opening("a", Emotion.AFRAID, "s", "u", null),
                Dialogue.opening("b", Emotion.AFRAID, "s", "u", null),
                Dialogue.opening("c", Emotion.AFRAID, "s", "u", null));

        RunResult result = Run.builder().outputDirectory(dir).dialogues(dialogues).concurrency(1)
                .condition(Condition.of("c", respondent)).build().execute();

        assertThat(result.answered()).isEqualTo(3);
        List<Long> times = SERVER.getAllServeEvents().stream().map(e -> e.getRequest().getLoggedDate().getTime())
                .sorted().toList();
        assertThat(times).hasSize(3);
        // the third call cannot start before a second after the first response: its bucket of one was full then
        // and the second call took it. Arrival times lag start times by a varying amount on a loaded machine, so
        // the gap is measured from the first call's arrival, which precedes that response.
        assertThat(times.get(2) - times.get(0)).as("ms between the first and the third call")
                .isGreaterThanOrEqualTo(990);
    }
}
