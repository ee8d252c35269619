package io.github.empathy4j.study;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A participant that uses the app over plain HTTP, like a browser without JavaScript; redirects not followed. */
final class HttpParticipant {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern CHECK = Pattern.compile("<section class=\"card item[^\"]*\" id=\"item-(\\d+)\">"
            + "<h2>[^<]*</h2><p class=\"check\">[^<]*<strong>([^<]+)</strong>");
    private static final Pattern ITEM = Pattern.compile("id=\"item-(\\d+)\"");

    final String id;
    private final URI base;
    private final HttpClient client;
    private final Consumer<HttpResponse<String>> seen;
    /** The participant's own address after starting, such as {@code /a/TOKEN}. */
    String home;

    HttpParticipant(URI base, String id, Consumer<HttpResponse<String>> seen) {
        this.base = base;
        this.id = id;
        this.seen = seen;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        seen.accept(r);
        return r;
    }

    /** Arrives from Prolific, agrees to take part; returns the response to the start. */
    HttpResponse<String> arriveAndAgree() throws IOException, InterruptedException {
        HttpResponse<String> consent = get("?PROLIFIC_PID=" + id + "&STUDY_ID=study1&SESSION_ID=s" + id);
        if (consent.statusCode() == 303) {
            home = consent.headers().firstValue("Location").orElseThrow();
            return consent;
        }
        HttpResponse<String> start = post("start", Map.of("participant", id, "studyId", "study1", "sessionId",
                "s" + id, "csrf", csrf(consent.body())));
        if (start.statusCode() == 303) {
            home = start.headers().firstValue("Location").orElseThrow();
        }
        return start;
    }

    /** The rating page's form: its CSRF token, the attention check's position and label, all positions. */
    record Form(String csrf, int checkPosition, String checkLabel, List<Integer> positions) {
    }

    Form form() throws IOException, InterruptedException {
        String page = get(relative(home) + "/rate").body();
        Matcher check = CHECK.matcher(page);
        if (!check.find()) {
            throw new AssertionError("no attention check on " + page);
        }
        List<Integer> positions = new ArrayList<>();
        Matcher m = ITEM.matcher(page);
        while (m.find()) {
            positions.add(Integer.parseInt(m.group(1)));
        }
        return new Form(csrf(page), Integer.parseInt(check.group(1)), check.group(2), positions);
    }

    /** Submits a value for every item (code {@code value}) and the check's answer. */
    HttpResponse<String> rate(Form form, int value, String checkAnswer) throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", form.csrf());
        for (int p : form.positions()) {
            fields.put("r" + p, p == form.checkPosition() ? checkAnswer : Integer.toString(value));
        }
        return post(relative(home) + "/rate", fields);
    }

    /** Answers the questionnaire with these 16 codes (-2 to 2); returns the response. */
    HttpResponse<String> answer(List<Integer> answers) throws IOException, InterruptedException {
        String page = get(relative(home) + "/teq").body();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", csrf(page));
        for (int i = 0; i < answers.size(); i++) {
            fields.put("q" + (i + 1), Integer.toString(answers.get(i)));
        }
        return post(relative(home) + "/teq", fields);
    }

    /** A server-absolute path as one relative to the base. */
    static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on " + page);
        }
        return m.group(1);
    }
}
