package io.github.empathy4j.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.ProviderTimeoutException;
import io.github.empathy4j.core.ProviderUnreachableException;
import io.github.empathy4j.core.Secrets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * Maps what a LangChain4j model or HTTP client throws to core's provider exceptions, keeping secrets out
 * ({@link Secrets}): the one failure table of every adapter (see {@link ChatModelRespondent}), also for an
 * adapter's own HTTP calls through a {@link ProviderHttpClientBuilder} client, such as the batch clients'.
 */
public final class Failures {

    private static final int MAX_DETAIL = 400;

    private final ModelSpec spec;

    /** The failure mapping of a spec; {@code secrets} are {@linkplain Secrets#register registered}. */
    public Failures(ModelSpec spec, Collection<String> secrets) {
        this.spec = spec;
        secrets.forEach(s -> Secrets.register(Objects.requireNonNull(s, "secret")));
    }

    /** The provider exception for a failure, its message naming the spec, redacted. */
    public ProviderException map(RuntimeException failure) {
        Throwable cause = Secrets.redacted(failure);
        HttpException http = find(failure, HttpException.class);
        if (http != null) {
            Duration wait = http instanceof HttpStatusException s ? s.retryAfter() : null;
            String body = http.getMessage() == null ? "" : http.getMessage();
            return byStatus(http.statusCode(), body, detail(http), wait, cause);
        }
        if (find(failure, RateLimitException.class) != null) {
            return new io.github.empathy4j.core.RateLimitException(what("rate limited") + detail(failure), cause,
                    null);
        }
        if (find(failure, AuthenticationException.class) != null) {
            return new io.github.empathy4j.core.AuthenticationException(
                    what("the provider rejected the credentials") + detail(failure), cause);
        }
        if (find(failure, TimeoutException.class) != null || find(failure, SocketTimeoutException.class) != null) {
            return new ProviderTimeoutException(what("no reply within " + spec.timeout().map(Failures::format)
                    .orElse("the provider's default time-out") + " (option timeout)") + detail(failure), cause);
        }
        JsonProcessingException json = find(failure, JsonProcessingException.class);
        if (json != null) {
            // Jackson's own words, without its "at [Source: REDACTED ...]" location
            return new ProviderException(what("the reply is not the JSON the provider's API defines")
                    + detail(new IllegalArgumentException(json.getOriginalMessage())), cause, true, null);
        }
        if (find(failure, UnresolvedAddressException.class) != null
                || find(failure, UnknownHostException.class) != null
                || find(failure, UnresolvedModelServerException.class) != null) {
            return new ProviderUnreachableException(what("the server's host name does not resolve; check the option"
                    + " baseUrl") + detail(failure), cause, false);
        }
        if (find(failure, InterruptedException.class) != null
                || find(failure, InterruptedIOException.class) != null) {
            return new ProviderException(what("interrupted"), cause, false, null);
        }
        if (find(failure, ConnectException.class) != null || find(failure, NoRouteToHostException.class) != null) {
            return new ProviderUnreachableException(what("cannot connect to the server; is it running? check the"
                    + " option baseUrl") + detail(failure), cause, true);
        }
        if (find(failure, IOException.class) != null) {
            return new ProviderException(what("connection failed") + detail(failure), cause, true, null);
        }
        boolean retriable = find(failure, InternalServerException.class) != null
                || find(failure, RetriableException.class) != null;
        return new ProviderException(what("the call failed") + detail(failure), cause, retriable, null);
    }

    /** Maps a status; {@code body} (unredacted) is only searched for the codes that refine the status. */
    private ProviderException byStatus(int status, String body, String detail, Duration wait, Throwable cause) {
        String http = " (HTTP " + status + ")";
        if (status == 429 && body.contains("insufficient_quota")) {
            // OpenAI: no credit left; every later call fails alike, so it stops a run like a rejected key
            return new io.github.empathy4j.core.AuthenticationException(what("the account's quota is used up"
                    + " (HTTP 429, insufficient_quota); check the plan and billing of the key's account") + detail,
                    cause);
        }
        if (status == 429) {
            String after = wait == null ? "" : ", retry after " + format(wait);
            return new io.github.empathy4j.core.RateLimitException(what("rate limited" + http + after) + detail,
                    cause, wait);
        }
        if (status == 401 || status == 403 || (status == 400 && body.contains("API_KEY_INVALID"))) {
            // Google answers a bad key with 400 and the reason API_KEY_INVALID
            return new io.github.empathy4j.core.AuthenticationException(
                    what("the provider rejected the credentials" + http + "; check the API key variable") + detail,
                    cause);
        }
        if (status == 408) {
            return new ProviderTimeoutException(what("the server timed out" + http) + detail, cause);
        }
        if (status >= 500) {
            return new ProviderException(what("server error" + http) + detail, cause, true, wait);
        }
        if (status == 404) {
            String hint = ModelPreset.retiredFor(spec).flatMap(ModelPreset::retirement)
                    .orElse("check the model name and the option baseUrl");
            return new ProviderException(what("model or endpoint not found" + http + "; " + hint) + detail, cause,
                    false, null);
        }
        return new ProviderException(what("request rejected" + http) + detail, cause, false, null);
    }

    private String what(String problem) {
        return spec + ": " + problem;
    }

    /** The failure's own words, redacted, on one line and cut to a readable length. */
    private String detail(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return "";
        }
        String line = Secrets.redact(message).replaceAll("\\s+", " ").strip();
        return ": " + (line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "..." : line);
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
