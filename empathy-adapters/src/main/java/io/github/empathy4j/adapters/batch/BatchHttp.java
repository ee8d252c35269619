package io.github.empathy4j.adapters.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import io.github.empathy4j.adapters.Failures;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.adapters.ProviderHttpClientBuilder;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.ProviderException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The HTTP calls of a batch client: JSON in and out, the provider's auth headers on every call, failures mapped
 * by the adapters' one failure table ({@link Failures}: 429 with its wait, 401/403, 5xx retriable, ...).
 */
final class BatchHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ModelSpec spec;
    private final HttpClient client;
    private final Failures failures;
    private final Map<String, String> headers;
    private final Map<String, String> query;

    /**
     * @param headers sent with every call (the key among them)
     * @param query added to every URL (Azure's {@code api-version})
     * @param secrets never to repeat in a message
     */
    BatchHttp(ModelSpec spec, Map<String, String> headers, Map<String, String> query, Collection<String> secrets) {
        this.spec = spec;
        ProviderHttpClientBuilder builder = new ProviderHttpClientBuilder();
        spec.timeout().ifPresent(t -> builder.connectTimeout(t).readTimeout(t));
        this.client = builder.build();
        this.failures = new Failures(spec, secrets);
        this.headers = Map.copyOf(headers);
        this.query = Map.copyOf(query);
    }

    /** An API root without its trailing slash, so that paths can be appended. */
    static String root(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    JsonNode get(String url) {
        return get(url, Map.of());
    }

    /** A GET with these query parameters besides the client's. */
    JsonNode get(String url, Map<String, String> parameters) {
        return json(send(HttpMethod.GET, url, null, b -> b.addQueryParams(parameters)), url);
    }

    JsonNode post(String url, JsonNode body) {
        return json(send(HttpMethod.POST, url, body == null ? null : body.toString(), b -> { }), url);
    }

    /** A file's text, such as a JSONL results file. */
    String text(String url) {
        return send(HttpMethod.GET, url, null, b -> { });
    }

    /**
     * A {@code multipart/form-data} upload of a text file: the fields, then the file. Built here rather than by
     * LangChain4j's JDK client, which would hand the request to a client that asks plain-HTTP servers to upgrade
     * to h2c (see {@link ProviderHttpClientBuilder}).
     */
    JsonNode upload(String url, Map<String, String> fields, String field, String fileName, String contentType,
            String content) {
        String boundary = "empathy4j-" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(field).append("\"; filename=\"")
                .append(fileName).append("\"\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n\r\n")
                .append(content).append("\r\n--").append(boundary).append("--\r\n");
        return json(send(HttpMethod.POST, url, null, b -> b
                .addHeader("Content-Type", "multipart/form-data; boundary=" + boundary).body(body.toString())), url);
    }

    private String send(HttpMethod method, String url, String body, Consumer<HttpRequest.Builder> more) {
        HttpRequest.Builder request = HttpRequest.builder().method(method).url(url).addHeaders(headers)
                .addQueryParams(query);
        if (body != null) {
            request.addHeader("Content-Type", "application/json").body(body);
        }
        more.accept(request);
        try {
            return client.execute(request.build()).body();
        } catch (EmpathyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failures.map(e);
        }
    }

    private JsonNode json(String body, String url) {
        try {
            return JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw malformed("the reply to " + path(url) + " is not JSON");
        }
    }

    /** The lines of a JSONL file, each parsed. */
    List<JsonNode> lines(String text, String what) {
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            long number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw malformed(what + " line " + number + " is not JSON");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** A reply the provider's API does not define; retriable, as for synchronous calls (a cut-off download). */
    ProviderException malformed(String problem) {
        return new ProviderException(spec + ": " + problem, null, true, null);
    }

    private static String path(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
