package io.github.empathy4j.benchmarks.study;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.crowd.CrowdStudy;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.study.StudyServer;
import io.github.empathy4j.study.StudySettings;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Load test of the crowd study's web app: 200 participants at once, each with its own HTTP client, rate a
 * batch of 10 (2,000 ratings) through the whole flow (consent, start, instructions, rating page, submission,
 * completion page: six requests each) against a {@link StudyServer} in this JVM.
 *
 * <p>Checked: the run's {@code ratings.jsonl} holds exactly 2,000 ratings, every (condition, dialogue) once,
 * every participant's 10 on one batch; the target p95 page time under 100 ms is reported, not enforced. The
 * clients run in the same JVM and share the machine's cores, so the times include their cost.
 *
 * <p>Run from the project root:
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl empathy-benchmarks -am
 * java -cp empathy-benchmarks/target/benchmarks.jar io.github.empathy4j.benchmarks.study.StudyLoadBenchmark
 * java -Dparticipants=20 -cp ...                                  # fewer participants at once
 * </pre>
 * Exits with status 1 when a rating is lost or duplicated.
 */
public final class StudyLoadBenchmark {

    private static final int PARTICIPANTS = Integer.getInteger("participants", 200);
    private static final int BATCH = 10;
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern CHECK = Pattern.compile("id=\"item-(\\d+)\"><h2>[^<]*</h2><p class=\"check\">[^<]*"
            + "<strong>([^<]+)</strong>");

    private StudyLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "Study load: %d cores, %d participants at once, batches of %d%n",
                Runtime.getRuntime().availableProcessors(), PARTICIPANTS, BATCH);
        boolean correct = scenario("cold (fresh JVM)");
        correct &= scenario("warm (second study in the same JVM)");
        if (!correct) {
            System.exit(1);
        }
    }

    /** One study of 200 participants; prints its times and whether every rating is there once. */
    private static boolean scenario(String label) throws Exception {
        Path dir = Files.createTempDirectory("study-load");
        Path run = dir.resolve("run");
        Path studyDir = dir.resolve("study");
        List<Dialogue> dialogues = new ArrayList<>();
        int n = PARTICIPANTS * BATCH / 2;
        for (int i = 0; i < n; i++) {
            Emotion e = Emotion.values()[i % Emotion.values().length];
            dialogues.add(Dialogue.opening(String.format(Locale.ROOT, "d%04d", i), e, "Situation " + i,
                    "Something " + e.label() + " happened, number " + i + ".", "human " + i));
        }
        Run.builder().outputDirectory(run).dialogues(dialogues)
                .condition(Condition.of("a", d -> Answer.of("I am sorry to hear that. " + d.id(), "a")))
                .condition(Condition.of("b", d -> Answer.of("That sounds hard. " + d.id(), "b")))
                .build().execute();
        RunDirectory folder = RunDirectory.open(run);
        RatingScale.Dimension scale = RatingScale.STUDY.single();
        CrowdStudy.design(folder.dialogues().dialogues(), folder.replies(), RatingScale.STUDY, BATCH, 1)
                .save(studyDir);
        StudySettings d = StudySettings.defaults();
        StudySettings settings = new StudySettings(d.host(), 0, null, 1, d.timeout(), null, null, 0, 6,
                1_000_000, null, false);
        ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        long started;
        long wall;
        try (StudyServer server = StudyServer.start(studyDir, run, settings)) {
            URI base = server.baseUrl();
            ExecutorService pool = Executors.newFixedThreadPool(PARTICIPANTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> visits = new ArrayList<>();
            for (int p = 0; p < PARTICIPANTS; p++) {
                String id = "load" + p;
                visits.add(pool.submit(() -> {
                    go.await();
                    visit(base, id, scale, times);
                    return null;
                }));
            }
            started = System.nanoTime();
            go.countDown();
            for (Future<?> v : visits) {
                v.get();
            }
            wall = System.nanoTime() - started;
            pool.shutdown();
        }
        List<Rating> ratings = RunDirectory.open(run).ratings();
        Set<String> keys = ratings.stream().map(r -> r.condition() + "/" + r.dialogueId()).collect(Collectors.toSet());
        Set<String> raters = new HashSet<>();
        ratings.forEach(r -> raters.add(r.rater()));
        boolean correct = ratings.size() == PARTICIPANTS * BATCH && keys.size() == ratings.size()
                && raters.size() == PARTICIPANTS;
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: %d requests in %.2f s%n", label, sorted.length, wall / 1e9);
        System.out.printf(Locale.ROOT, "page time ms: median %.1f, p95 %.1f (target < 100), max %.1f%n",
                percentile(sorted, 0.5), percentile(sorted, 0.95), sorted[sorted.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "ratings: %d written, %d distinct items, %d raters (expected %d, %d, %d): %s%n",
                ratings.size(), keys.size(), raters.size(), PARTICIPANTS * BATCH, PARTICIPANTS * BATCH,
                PARTICIPANTS, correct ? "ok" : "WRONG");
        return correct;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.ceil(p * sorted.length) - 1] / 1e6;
    }

    private static void visit(URI base, String id, RatingScale.Dimension scale, ConcurrentLinkedQueue<Long> times)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
        String consent = send(client, get(base.resolve("?PROLIFIC_PID=" + id + "&SESSION_ID=s" + id)), times).body();
        HttpResponse<String> start = send(client, post(base.resolve("start"), "participant=" + id + "&sessionId=s"
                + id + "&csrf=" + find(CSRF, consent, 1)), times);
        URI home = base.resolve(start.headers().firstValue("Location").orElseThrow());
        send(client, get(home), times);
        URI rate = URI.create(home + "/rate");
        String page = send(client, get(rate), times).body();
        int check = Integer.parseInt(find(CHECK, page, 1));
        String answer = Integer.toString(scale.parse(find(CHECK, page, 2)).code());
        StringBuilder form = new StringBuilder("csrf=").append(find(CSRF, page, 1));
        for (int p = 1; p <= BATCH + 1; p++) {
            form.append("&r").append(p).append('=').append(p == check ? answer : "2");
        }
        HttpResponse<String> sent = send(client, post(rate, form.toString()), times);
        if (sent.statusCode() != 303) {
            throw new IllegalStateException(id + ": submission answered " + sent.statusCode());
        }
        send(client, get(base.resolve(sent.headers().firstValue("Location").orElseThrow())), times);
    }

    private static String find(Pattern pattern, String page, int group) {
        Matcher m = pattern.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " on the page");
        }
        return m.group(group); // URL-safe: base64url tokens, digits and level labels
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).GET().build();
    }

    private static HttpRequest post(URI uri, String form) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request, ConcurrentLinkedQueue<Long> times)
            throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        times.add(System.nanoTime() - t);
        if (r.statusCode() >= 400) {
            throw new IllegalStateException(request.uri().getPath() + " answered " + r.statusCode());
        }
        return r;
    }
}
