package io.github.empathy4j.adapters;

import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient.Builder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** See {@link ProviderHttpClientBuilder}. */
final class ProviderHttpClient implements HttpClient {

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;
    private final Consumer<SuccessfulHttpResponse> responseCheck;
    private final Clock clock;
    private final HttpClient streaming;

    ProviderHttpClient(Duration connectTimeout, Duration readTimeout, Consumer<SuccessfulHttpResponse> responseCheck,
            Clock clock) {
        Builder builder = java.net.http.HttpClient.newBuilder();
        if (connectTimeout != null) {
            builder.connectTimeout(connectTimeout);
        }
        this.client = builder.build();
        this.readTimeout = readTimeout;
        this.responseCheck = responseCheck;
        this.clock = clock;
        this.streaming = JdkHttpClient.builder().connectTimeout(connectTimeout).readTimeout(readTimeout).build();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            return streaming.execute(request);
        }
        java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .method(request.method().name(), request.body() == null ? BodyPublishers.noBody()
                        : BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> values.forEach(value -> jdk.header(name, value)));
        if (readTimeout != null) {
            jdk.timeout(readTimeout);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(jdk.build(), BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LangChain4jException("interrupted while waiting for the provider", e);
        }
        Map<String, List<String>> headers = response.headers().map();
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new HttpStatusException(status, body, HttpStatusException.retryAfter(headers, body, clock.instant()));
        }
        SuccessfulHttpResponse success = SuccessfulHttpResponse.builder().statusCode(status).headers(headers)
                .body(response.body()).build();
        responseCheck.accept(success);
        return success;
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming.execute(request, parser, listener);
    }
}
