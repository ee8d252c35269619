package io.github.empathy4j.adapters;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.github.empathy4j.core.run.Quota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient.Builder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** See {@link ProviderHttpClientBuilder}. */
final class ProviderHttpClient implements HttpClient {

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;
    private final Consumer<SuccessfulHttpResponse> responseCheck;
    private final Consumer<HttpException> failureCheck;
    private final Duration connectTimeout;
    /** LangChain4j's JDK client, made on first use, for the streaming and multipart requests adapters never send. */
    private volatile HttpClient jdk;

    ProviderHttpClient(Duration connectTimeout, Duration readTimeout, Consumer<SuccessfulHttpResponse> responseCheck,
            Consumer<HttpException> failureCheck) {
        Builder settings = java.net.http.HttpClient.newBuilder();
        if (connectTimeout != null) {
            settings.connectTimeout(connectTimeout);
        }
        this.client = settings.build();
        this.readTimeout = readTimeout;
        this.responseCheck = responseCheck;
        this.failureCheck = failureCheck;
        this.connectTimeout = connectTimeout;
    }

    private HttpClient jdk() {
        HttpClient delegate = jdk;
        if (delegate == null) {
            synchronized (this) {
                if (jdk == null) {
                    jdk = JdkHttpClient.builder().connectTimeout(connectTimeout).readTimeout(readTimeout).build();
                }
                delegate = jdk;
            }
        }
        return delegate;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            return jdk().execute(request);
        }
        URI uri = URI.create(request.url());
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri)
                .method(request.method().name(), request.body() == null ? BodyPublishers.noBody()
                        : BodyPublishers.ofString(request.body()));
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // Without this the JDK client asks every plain-text request to upgrade to h2c, which local servers
            // (vLLM's uvicorn, Ollama) refuse, uvicorn with a warning per request.
            builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
        }
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(builder.build(), BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LangChain4jException("interrupted while waiting for the provider", e);
        }
        Map<String, List<String>> headers = response.headers().map();
        // the run engine paces the call's lane to the provider's limits
        Quota.report(Quota.parse(headers, Instant.now()));
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            HttpStatusException failure = new HttpStatusException(status, body,
                    HttpStatusException.retryAfter(headers, body, Instant.now()));
            failureCheck.accept(failure);
            throw failure;
        }
        SuccessfulHttpResponse success = SuccessfulHttpResponse.builder().statusCode(status).headers(headers)
                .body(response.body()).build();
        responseCheck.accept(success);
        return success;
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        jdk().execute(request, parser, listener);
    }
}
