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

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Load test of the crowd study's web app: 200 participants at once rate a batch of 10 each (2,000 ratings)
 * through the whole flow (consent, start, instructions, questionnaire page and answers, rating page, submission,
 * completion page: eight requests each) against a {@link StudyServer} in this JVM, over loopback.
 *
 * <p>Four studies, each fresh: a <em>burst</em> in a cold JVM and twice again warmer (all 200 start at the same
 * instant and send each request as soon as the last one is answered: 200 requests in flight all the time, a
 * stress far beyond people), then <em>paced</em> (all 200 arrive within 0.5 to 1.5 s and pause as long
 * between pages, still far quicker than a person reads ten dialogues: the page time participants see with 200 of
 * them at once). Each prints the page times' p50, p95 and p99 and the load average; the target, p95 under 100 ms,
 * is reported, not enforced. The clients run in the same JVM and share the machine's cores, so the times
 * include their cost.
 *
 * <p>Checked for each study: the run's {@code ratings.jsonl} holds exactly 2,000 ratings, every (condition,
 * dialogue) once, each participant's 10 on one batch, and {@code teq.jsonl} one line per participant.
 *
 * <p>Run from the project root:
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl empathy-benchmarks -am
 * java -cp empathy-benchmarks/target/benchmarks.jar io.github.empathy4j.benchmarks.study.StudyLoadBenchmark
 * java -Dparticipants=20 -cp ...                                  # fewer participants at once
 * java -Dquestionnaire=false -cp ...                              # without the questionnaire (six requests each)
 * </pre>
 * Exits with status 1 when a rating is lost or duplicated.
 */
public final class StudyLoadBenchmark {

    private static final int PARTICIPANTS = Integer.getInteger("participants", 200);
    private static final boolean QUESTIONNAIRE = !"false".equals(System.getProperty("questionnaire"));
    private static final int BATCH = 10;
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern CHECK = Pattern.compile("id=\"item-(\\d+)\"><h2>[^<]*</h2><p class=\"check\">[^<]*"
            + "<strong>([^<]+)</strong>");

    private StudyLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "Study load: %d cores, %d participants at once, batches of %d, %s%n",
                Runtime.getRuntime().availableProcessors(), PARTICIPANTS, BATCH,
                QUESTIONNAIRE ? "with the questionnaire" : "without the questionnaire");
        boolean correct = scenario("burst, cold JVM", 0);
        correct &= scenario("burst, second study", 0);
        correct &= scenario("burst, third study", 0);
        correct &= scenario("paced, 0.5-1.5 s between pages", 1000);
        if (!correct) {
            System.exit(1);
        }
    }

    /**
     * One study of 200 participants who pause {@code pauseMillis} on average (uniformly 0.5 to 1.5 times it, 0 for
     * none) between pages and arrive within that time; prints its times and whether every rating is there once.
     */
    private static boolean scenario(String label, int pauseMillis) throws Exception {
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
                1_000_000, null, QUESTIONNAIRE);
        ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        long started;
        long wall;
        long serverCpu;
        try (StudyServer server = StudyServer.start(studyDir, run, settings)) {
            long serverCpuBefore = serverCpuNanos();
            URI base = server.baseUrl();
            ExecutorService pool = Executors.newFixedThreadPool(PARTICIPANTS);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> visits = new ArrayList<>();
            for (int p = 0; p < PARTICIPANTS; p++) {
                String id = "load" + p;
                visits.add(pool.submit(() -> {
                    go.await();
                    new Participant(client, id, pauseMillis).visit(base, scale, times);
                    return null;
                }));
            }
            started = System.nanoTime();
            go.countDown();
            for (Future<?> v : visits) {
                v.get();
            }
            wall = System.nanoTime() - started;
            serverCpu = serverCpuNanos() - serverCpuBefore;
            pool.shutdown();
        }
        List<Rating> ratings = RunDirectory.open(run).ratings();
        Set<String> keys = ratings.stream().map(r -> r.condition() + "/" + r.dialogueId()).collect(Collectors.toSet());
        Set<String> raters = new HashSet<>();
        ratings.forEach(r -> raters.add(r.rater()));
        Map<String, Set<String>> batchesOfRater = ratings.stream().collect(Collectors.groupingBy(Rating::rater,
                Collectors.mapping(Rating::batch, Collectors.toSet())));
        Map<String, Long> perRater = ratings.stream().collect(Collectors.groupingBy(Rating::rater,
                Collectors.counting()));
        long questionnaires = !QUESTIONNAIRE ? PARTICIPANTS : Files.readAllLines(studyDir.resolve("teq.jsonl"))
                .stream().map(l -> l.replaceAll(".*\"participant\":\"([^\"]+)\".*", "$1")).distinct().count();
        boolean correct = ratings.size() == PARTICIPANTS * BATCH && keys.size() == ratings.size()
                && raters.size() == PARTICIPANTS && batchesOfRater.values().stream().allMatch(b -> b.size() == 1)
                && perRater.values().stream().allMatch(c -> c == BATCH) && questionnaires == PARTICIPANTS;
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: %d requests in %.2f s; the server's threads used %.2f ms of CPU a "
                + "request%n", label, sorted.length, wall / 1e9, serverCpu / 1e6 / sorted.length);
        System.out.printf(Locale.ROOT, "page time ms: p50 %.1f, p95 %.1f (target < 100), p99 %.1f, max %.1f; "
                + "load average %s%n", percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6, loadAverage());
        System.out.printf(Locale.ROOT, "ratings: %d written, %d distinct items, %d raters, %d questionnaires "
                + "(expected %d, %d, %d, %d; 10 a rater on one batch): %s%n", ratings.size(), keys.size(),
                raters.size(), questionnaires, PARTICIPANTS * BATCH, PARTICIPANTS * BATCH, PARTICIPANTS, PARTICIPANTS,
                correct ? "ok" : "WRONG");
        return correct;
    }

    /**
     * CPU time used so far by the server's live threads: Jetty's ({@code study-http}, or Javalin's or Jetty's
     * default pool: acceptors, selectors, request handlers) and the study's writer. The clients' threads are not
     * counted.
     */
    private static long serverCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            String name = info == null ? "" : info.getThreadName();
            if (name.startsWith("study-") || name.startsWith("JettyServerThreadPool") || name.startsWith("qtp")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** The machine's load average (1, 5 and 15 minutes), as {@code uptime} shows it. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.ceil(p * sorted.length) - 1] / 1e6;
    }

    /**
     * One participant: the clients share one HTTP client (its connection pool, as 200 browsers would each have
     * theirs) and keep their own cookies.
     */
    private record Participant(HttpClient client, String id, int pauseMillis, Map<String, String> cookies) {

        Participant(HttpClient client, String id, int pauseMillis) {
            this(client, id, pauseMillis, new ConcurrentHashMap<>());
        }

        void visit(URI base, RatingScale.Dimension scale, ConcurrentLinkedQueue<Long> times) throws Exception {
            String consent = send(get(base.resolve("?PROLIFIC_PID=" + id + "&SESSION_ID=s" + id)), times).body();
            HttpResponse<String> start = send(post(base.resolve("start"), "participant=" + id + "&sessionId=s"
                    + id + "&csrf=" + find(CSRF, consent, 1)), times);
            URI home = base.resolve(start.headers().firstValue("Location").orElseThrow());
            send(get(home), times);
            URI rate = URI.create(home + "/rate");
            if (QUESTIONNAIRE) {
                URI teq = URI.create(home + "/teq");
                StringBuilder answers = new StringBuilder("csrf=").append(find(CSRF, send(get(teq), times).body(), 1));
                for (int q = 1; q <= 16; q++) {
                    answers.append("&q").append(q).append('=').append(q % 5 - 2);
                }
                send(post(teq, answers.toString()), times);
            }
            String page = send(get(rate), times).body();
            int check = Integer.parseInt(find(CHECK, page, 1));
            String answer = Integer.toString(scale.parse(find(CHECK, page, 2)).code());
            StringBuilder form = new StringBuilder("csrf=").append(find(CSRF, page, 1));
            for (int p = 1; p <= BATCH + 1; p++) {
                form.append("&r").append(p).append('=').append(p == check ? answer : "2");
            }
            HttpResponse<String> sent = send(post(rate, form.toString()), times);
            if (sent.statusCode() != 303) {
                throw new IllegalStateException(id + ": submission answered " + sent.statusCode());
            }
            send(get(base.resolve(sent.headers().firstValue("Location").orElseThrow())), times);
        }

        private HttpRequest get(URI uri) {
            return withCookies(HttpRequest.newBuilder(uri).GET());
        }

        private HttpRequest post(URI uri, String form) {
            return withCookies(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        private HttpRequest withCookies(HttpRequest.Builder request) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            return request.build();
        }

        private void pause() throws InterruptedException {
            if (pauseMillis > 0) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(pauseMillis / 2, pauseMillis * 3 / 2 + 1));
            }
        }

        private HttpResponse<String> send(HttpRequest request, ConcurrentLinkedQueue<Long> times) throws Exception {
            pause();
            long t = System.nanoTime();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            times.add(System.nanoTime() - t);
            if (r.statusCode() >= 400) {
                throw new IllegalStateException(request.uri().getPath() + " answered " + r.statusCode());
            }
            for (String c : r.headers().allValues("Set-Cookie")) {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
            return r;
        }
    }

    private static String find(Pattern pattern, String page, int group) {
        Matcher m = pattern.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " on the page");
        }
        return m.group(group); // URL-safe: base64url tokens, digits and level labels
    }
}
