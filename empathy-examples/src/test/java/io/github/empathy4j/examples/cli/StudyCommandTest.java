package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.study.StudyServer;
import io.github.empathy4j.study.StudySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class StudyCommandTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern CHECK = Pattern.compile("id=\"item-(\\d+)\"><h2>[^<]*</h2><p class=\"check\">[^<]*"
            + "<strong>([^<]+)</strong>");
    private static final Pattern ITEM = Pattern.compile("id=\"item-(\\d+)\"");

    @TempDir
    Path dir;

    @Test
    void ratingsServedToParticipantsAreWhatCompareAnalyses() throws Exception {
        Path run = dir.resolve("run");
        Path study = dir.resolve("study");
        TestRuns.create(run);
        Cli.Outcome exported = Cli.run("batches", "export", "--run", run.toString(), "--out", study.toString(),
                "--size", "6", "--seed", "3");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        try (StudyServer server = StudyServer.start(study, run, StudySettings.defaults())) {
            for (int p = 0; p < 4; p++) {
                rate(server.baseUrl(), "participant" + p, p < 2 ? "3" : "1");
            }
        }
        JsonNode json = Cli.run("compare", run.toString(), "--format", "json", "--bootstrap", "200").json();
        assertThat(json.path("conditions").toString()).isEqualTo("[\"human\",\"echo\"]");
        JsonNode overall = json.path("overall").path("conditions");
        assertThat(overall).hasSize(2);
        assertThat(overall.get(0).path("n").asInt() + overall.get(1).path("n").asInt()).isEqualTo(24);
    }

    /** One participant's way over HTTP: consent, start, the rating page, every item {@code value}. */
    private static void rate(URI base, String id, String value) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        rate(client, base, id, value);
    }

    /** As above with the participant's own client (its cookies); returns their address. */
    private static String rate(HttpClient client, URI base, String id, String value) throws Exception {
        String consent = send(client, HttpRequest.newBuilder(base.resolve("?PROLIFIC_PID=" + id)).build()).body();
        HttpResponse<String> start = send(client, post(base.resolve("start"), "participant=" + id + "&csrf="
                + find(CSRF, consent, 1)));
        URI rate = URI.create(base.resolve(start.headers().firstValue("Location").orElseThrow()) + "/rate");
        HttpResponse<String> first = send(client, HttpRequest.newBuilder(rate).build());
        if (first.statusCode() == 303) { // the questionnaire first: "Sometimes" to every statement
            URI teq = base.resolve(first.headers().firstValue("Location").orElseThrow());
            StringBuilder answers = new StringBuilder("csrf=").append(find(CSRF,
                    send(client, HttpRequest.newBuilder(teq).build()).body(), 1));
            for (int q = 1; q <= 16; q++) {
                answers.append("&q").append(q).append("=0");
            }
            assertThat(send(client, post(teq, answers.toString())).statusCode()).isEqualTo(303);
        }
        String page = send(client, HttpRequest.newBuilder(rate).build()).body();
        int check = Integer.parseInt(find(CHECK, page, 1));
        String answer = Integer.toString(RatingScale.STUDY.single().parse(find(CHECK, page, 2)).code());
        StringBuilder form = new StringBuilder("csrf=").append(find(CSRF, page, 1));
        Matcher items = ITEM.matcher(page);
        while (items.find()) {
            int p = Integer.parseInt(items.group(1));
            form.append("&r").append(p).append('=').append(p == check ? answer : value);
        }
        assertThat(send(client, post(rate, form.toString())).statusCode()).isEqualTo(303);
        return start.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void killingTheServerLosesNoAcknowledgedRatingAndARestartKeepsTheAssignments() throws Exception {
        Path run = dir.resolve("run");
        Path study = dir.resolve("study");
        TestRuns.create(run);
        assertThat(Cli.run("batches", "export", "--run", run.toString(), "--out", study.toString(), "--size", "6")
                .exitCode()).isZero();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient alice = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Process first = serve(study, run, port, dir.resolve("first.log"), "--questionnaire");
        String home;
        try {
            home = rate(alice, base, "alice", "3");
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        }
        assertThat(RunDirectory.open(run).ratings()).hasSize(6).allSatisfy(r -> assertThat(r.rater())
                .isEqualTo("alice"));
        assertThat(Files.readAllLines(study.resolve("teq.jsonl"))).singleElement().satisfies(line -> assertThat(line)
                .contains("\"participant\":\"alice\"", "\"score\":32")); // 16 x Sometimes: 16 x 2
        Process second = serve(study, run, port, dir.resolve("second.log"), "--questionnaire");
        try {
            HttpResponse<String> back = send(alice, HttpRequest.newBuilder(base.resolve("?PROLIFIC_PID=alice"))
                    .build());
            assertThat(back.headers().firstValue("Location")).contains(home);
            assertThat(send(alice, HttpRequest.newBuilder(base.resolve(home + "/done")).build()).body())
                    .contains("Your ratings are saved");
            rate(base, "bob", "1");
        } finally {
            second.destroy();
            second.waitFor();
        }
        assertThat(RunDirectory.open(run).ratings()).hasSize(12);
        assertThat(Files.readAllLines(study.resolve("teq.jsonl"))).hasSize(2);
    }

    /** {@code empathy study serve} in a child process, once it listens. */
    private static Process serve(Path study, Path run, int port, Path log, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), EmpathyCli.class.getName(), "study", "serve", study.toString(),
                "--run", run.toString(), "--port", Integer.toString(port)));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(log) || !Files.readString(log).contains("Stop with Ctrl-C")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("the server did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return p;
    }

    private static HttpRequest post(URI uri, String form) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String find(Pattern pattern, String page, int group) {
        Matcher m = pattern.matcher(page);
        assertThat(m.find()).as("%s on %s", pattern, page).isTrue();
        return m.group(group);
    }

    @Test
    void aBadTimeoutIsAUsageErrorAndAMissingStudyAFailure() {
        Cli.Outcome bad = Cli.run("study", "serve", dir.toString(), "--run", dir.toString(), "--timeout", "soon");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--timeout 'soon' is not valid; expected a positive number followed by s, m "
                + "or h, such as 30m");
        Path run = dir.resolve("run");
        TestRuns.create(run);
        Cli.Outcome missing = Cli.run("study", "serve", dir.resolve("nostudy").toString(), "--run", run.toString(),
                "--port", "0");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("key.json").contains("export the batches into this study folder first");
    }
}
