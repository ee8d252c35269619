package io.github.empathy4j.adapters;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.SuccessfulHttpResponse;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A LangChain4j {@link HttpClientBuilder} whose clients keep what LangChain4j's own JDK client drops:
 * the {@code Retry-After} of a failed call, which {@link ChatModelRespondent} turns into
 * {@link io.github.empathy4j.core.RateLimitException#retryAfter()}. Pass it to a LangChain4j model
 * builder's {@code httpClientBuilder(...)}; every built-in provider does.
 *
 * <p>Why: LangChain4j 1.18.1 reports a failed call as {@code HttpException(statusCode, body)}, without
 * headers, so the wait a provider asks for is lost. This client sends requests with
 * {@link java.net.http.HttpClient} itself and throws an {@code HttpException} subclass that also carries
 * the wait, read from {@code retry-after-ms}, {@code Retry-After} (seconds or HTTP date) or, for Google,
 * the body's {@code RetryInfo.retryDelay}. LangChain4j maps it by status code as usual. Plain
 * {@code http://} URLs (local servers) are spoken as HTTP/1.1, one connection per call in flight, since
 * they do not speak HTTP/2 without TLS; {@code https://} negotiates HTTP/2 as usual. Streaming and
 * multipart requests, which the adapters never send, go to LangChain4j's JDK client unchanged. Nothing is
 * logged.
 */
public final class ProviderHttpClientBuilder implements HttpClientBuilder {

    private Duration connectTimeout;
    private Duration readTimeout;
    private Consumer<SuccessfulHttpResponse> responseCheck = response -> { };
    private Consumer<HttpException> failureCheck = failure -> { };

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public ProviderHttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public ProviderHttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    /**
     * Sets a check run on every successful response before LangChain4j parses it; it may throw, for
     * example {@link dev.langchain4j.exception.ContentFilteredException} for a reply that blocks the
     * prompt in a shape LangChain4j cannot parse.
     */
    public ProviderHttpClientBuilder responseCheck(Consumer<SuccessfulHttpResponse> check) {
        this.responseCheck = Objects.requireNonNull(check, "check");
        return this;
    }

    /**
     * Sets a check run on every failed response (its status and body) before it is thrown; it may throw
     * another exception instead, for example {@link dev.langchain4j.exception.ContentFilteredException} for
     * a provider that reports a blocked prompt as an HTTP error.
     */
    public ProviderHttpClientBuilder failureCheck(Consumer<HttpException> check) {
        this.failureCheck = Objects.requireNonNull(check, "check");
        return this;
    }

    @Override
    public HttpClient build() {
        return new ProviderHttpClient(connectTimeout, readTimeout, responseCheck, failureCheck);
    }
}
