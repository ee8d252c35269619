package io.github.empathy4j.study;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.crowd.AttentionCheck;
import io.github.empathy4j.core.crowd.CrowdImport;
import io.github.empathy4j.core.crowd.CrowdStudy;
import io.github.empathy4j.core.dataset.CsvTable;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.core.run.RunDirectory;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The crowd study's web app: serves the blinded batches of a {@link CrowdStudy} to participants over HTTP
 * and appends their ratings to the run's {@code ratings.jsonl} as they arrive.
 *
 * <pre>{@code
 * try (StudyServer server = StudyServer.start(Path.of("study"), Path.of("runs/first"), StudySettings.defaults())) {
 *     System.out.println("Participants: " + server.participantUrl());
 *     System.out.println("Progress:     " + server.researcherUrl());
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>A participant arrives with {@code PROLIFIC_PID}, {@code STUDY_ID} and {@code SESSION_ID} (or MTurk's
 * {@code workerId}, {@code hitId} and {@code assignmentId}, or enters an id), agrees to the consent text,
 * reads the instructions, answers the {@link TorontoEmpathyQuestionnaire} when
 * {@link StudySettings#questionnaire()} asks for it (its answers go to the study folder's {@code teq.jsonl} before
 * the participant goes on), rates one batch on one page with one instructed-response attention check, and
 * gets the completion code and a link (and redirect) to the completion URL. A returning participant gets
 * their own batch back. Each batch goes to {@link StudySettings#ratersPerBatch()} participants, the next
 * participant to the condition with the smallest share of its places taken; an assignment not submitted
 * within the timeout is reclaimed, and a late submission is kept only while its batch still lacks raters.
 *
 * <p>A submission is checked as {@link CrowdImport} checks a returned file (every item once, values on the
 * scale) and the attention check as an {@link AttentionCheck}; a participant who fails it is recorded and
 * their ratings are not written. Kept ratings are appended with a {@link RatingJournal.Appender} under the run
 * folder's lock, which one writer thread holds for the server's whole life, before the participant sees the
 * completion page; submissions that arrive while the writer is busy are written together with one append (group
 * commit), each acknowledged after it. Assignments are journalled in the study folder ({@code assignments.jsonl}).
 * The progress page breaks the study down per condition and links a CSV of every participant.
 *
 * <p>Security: participants' pages and addresses carry no condition, model, dialogue, batch or item id;
 * a participant's address holds a random 256-bit token, and only that address reads or writes their batch;
 * every form carries a CSRF token; requests are limited in size and per address and minute; errors show a
 * plain page without details. The progress page is at an address with its own secret token.
 */
public final class StudyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StudyServer.class);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String CSRF_COOKIE = "study_csrf";
    private static final String TOKEN_COOKIE = "study_token";
    private static final long MAX_REQUEST_BYTES = 64 * 1024;
    /**
     * Request threads: pages take well under a millisecond of work, so more threads than this only add switching
     * on a small machine (Jetty's default is 250); further requests wait in Jetty's queue.
     */
    private static final int THREADS = 32;

    private final CrowdStudy study;
    private final RunDirectory run;
    private final StudySettings settings;
    private final Clock clock;
    private final Assignments assignments;
    private final Map<String, Dialogue> dialogues = new HashMap<>();
    private final Map<String, String> replies = new HashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "study-writer");
        t.setDaemon(true);
        return t;
    });
    private final Queue<Submission> submissions = new ConcurrentLinkedQueue<>();
    private final Map<String, long[]> requests = new ConcurrentHashMap<>();
    private final String prefix;
    private final String researcherToken;
    private final Javalin app;
    private RunDirectory.Lock lock;
    /** The run's ratings journal, open on the writer thread while it holds the lock. */
    private RatingJournal.Appender journal;

    private StudyServer(Path studyDirectory, RunDirectory run, StudySettings settings, Clock clock) {
        this.study = CrowdStudy.load(studyDirectory);
        this.run = run;
        this.settings = settings;
        this.clock = clock;
        String path = settings.baseUrl() == null ? "" : settings.baseUrl().getPath();
        this.prefix = path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
        this.researcherToken = settings.researcherToken() != null ? settings.researcherToken()
                : Assignments.secret(32);
        run.dialogues().dialogues().forEach(d -> dialogues.put(d.id(), d));
        for (Reply r : run.replies()) {
            if (r.text() != null) {
                replies.put(r.condition() + '\u0000' + r.dialogueId(), r.text());
            }
        }
        for (CrowdStudy.Batch b : study.batches()) {
            for (CrowdStudy.Item i : b.items()) {
                if (!dialogues.containsKey(i.dialogueId()) || !replies.containsKey(b.condition() + '\u0000'
                        + i.dialogueId())) {
                    throw new ConfigurationException("the study's item " + i.id() + " (batch " + b.id() + ") needs "
                            + "dialogue '" + i.dialogueId() + "' and its reply of condition '" + b.condition()
                            + "', which the run " + run.path() + " does not have; serve the study with the run it "
                            + "was exported from");
                }
            }
        }
        this.lock = onWriter(run::lock);
        try {
            this.journal = onWriter(() -> RatingJournal.Appender.open(run.file(RunDirectory.RATINGS)));
            this.assignments = onWriter(() -> new Assignments(studyDirectory, study, settings.ratersPerBatch(),
                    settings.timeout(), run.ratings()));
            this.app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.http.maxRequestSize = MAX_REQUEST_BYTES;
                config.router.contextPath = prefix.isEmpty() ? "/" : prefix;
                config.jetty.host = settings.host();
                config.jetty.port = settings.port();
                QueuedThreadPool threads = new QueuedThreadPool(THREADS, 8);
                threads.setName("study-http");
                config.jetty.threadPool = threads;
                config.jetty.modifyHttpConfiguration(http -> {
                    http.setSendServerVersion(false);
                    http.setSendXPoweredBy(false);
                });
                config.routes.before(this::guard);
                config.routes.get("/", this::landing);
                config.routes.post("/start", this::startAssignment);
                config.routes.get("/a/{token}", this::instructions);
                config.routes.get("/a/{token}/teq", this::questionnairePage);
                config.routes.post("/a/{token}/teq", this::answerQuestionnaire);
                config.routes.get("/a/{token}/rate", this::ratePage);
                config.routes.post("/a/{token}/rate", this::submit);
                config.routes.get("/a/{token}/done", this::done);
                config.routes.get("/researcher/{token}", this::progress);
                config.routes.get("/researcher/{token}/participants.csv", this::participantsCsv);
                config.routes.get("/static/app.css", ctx -> resource(ctx, "app.css", "text/css; charset=utf-8"));
                config.routes.get("/static/app.js", ctx -> resource(ctx, "app.js",
                        "text/javascript; charset=utf-8"));
                config.routes.exception(Exception.class, (e, ctx) -> {
                    LOG.error("request {} failed", ctx.method(), e);
                    ctx.status(500).html(Pages.message(prefix, "Something went wrong",
                            "Please try again in a moment. Your saved answers are safe."));
                });
                config.routes.error(404, ctx -> ctx.html(Pages.message(prefix, "Not found",
                        "There is no such page. Please use the link your study platform gave you.")));
            }).start();
        } catch (RuntimeException e) {
            closeLock();
            throw e;
        }
    }

    /**
     * Starts serving the study in {@code studyDirectory} (its {@value CrowdStudy#KEY_FILE}, written by
     * {@code empathy batches export}) with the texts and journal of the run it was exported from.
     *
     * @throws ConfigurationException when the run folder is missing or locked by another writer, or lacks a
     *         dialogue or reply of the study
     * @throws io.github.empathy4j.core.BadInputException when the key or a journal cannot be read
     */
    public static StudyServer start(Path studyDirectory, Path runDirectory, StudySettings settings) {
        return start(studyDirectory, runDirectory, settings, Clock.systemUTC());
    }

    /** As {@link #start(Path, Path, StudySettings)}, telling time by {@code clock} (for reclaim tests). */
    public static StudyServer start(Path studyDirectory, Path runDirectory, StudySettings settings, Clock clock) {
        Objects.requireNonNull(studyDirectory, "studyDirectory");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        return new StudyServer(studyDirectory, RunDirectory.open(runDirectory), settings, clock);
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** The server's root address for participants: the base URL, or {@code http://host:port}. */
    public URI baseUrl() {
        if (settings.baseUrl() != null) {
            return URI.create(settings.baseUrl().toString().replaceAll("/+$", "") + "/");
        }
        return URI.create("http://" + settings.host() + ":" + port() + "/");
    }

    /** The address to give Prolific as the study URL, with its placeholders for the participant's ids. */
    public String participantUrl() {
        return baseUrl() + "?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}";
    }

    /** The progress page's secret address. */
    public URI researcherUrl() {
        return baseUrl().resolve("researcher/" + researcherToken);
    }

    /** Stops serving and releases the run folder's lock. */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            closeLock();
        }
    }

    private void closeLock() {
        try {
            if (lock != null) {
                RunDirectory.Lock held = lock;
                RatingJournal.Appender open = journal;
                lock = null;
                journal = null;
                onWriter(() -> {
                    try (held) {
                        if (open != null) {
                            open.close();
                        }
                    }
                    return null;
                });
            }
        } finally {
            writer.shutdown();
        }
    }

    /** Runs a task on the writer thread, which holds the run folder's lock, and waits for it. */
    private <T> T onWriter(Callable<T> task) {
        try {
            return writer.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---- every request

    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
        long minute = clock.millis() / 60_000;
        long[] window = requests.compute(ctx.ip(), (ip, w) -> w == null || w[0] != minute
                ? new long[] {minute, 1} : new long[] {minute, w[1] + 1});
        if (window[1] > settings.requestsPerMinute()) {
            ctx.status(429).html(Pages.message(prefix, "Please slow down",
                    "Too many requests from your address; please wait a minute and reload."));
            ctx.skipRemainingHandlers();
        } else if (ctx.contentLength() > MAX_REQUEST_BYTES) {
            ctx.status(413).html(Pages.message(prefix, "Too large", "The request is too large."));
            ctx.skipRemainingHandlers();
        }
        if (requests.size() > 100_000) {
            requests.entrySet().removeIf(e -> e.getValue()[0] != minute);
        }
    }

    private void resource(Context ctx, String name, String type) throws IOException {
        try (InputStream in = StudyServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing resource " + name));
            }
            ctx.contentType(type).result(in.readAllBytes());
        }
    }

    // ---- participants

    private void landing(Context ctx) {
        String participant = first(ctx, "PROLIFIC_PID", "workerId", "participant");
        String studyId = first(ctx, "STUDY_ID", "hitId");
        String sessionId = first(ctx, "SESSION_ID", "assignmentId");
        if (participant == null || participant.isBlank()) {
            ctx.html(Pages.enterId(prefix, null));
            return;
        }
        if (invalidOrReturning(ctx, participant, studyId, sessionId)) {
            return;
        }
        String csrf = Assignments.secret(16);
        Cookie cookie = new Cookie(CSRF_COOKIE, csrf, prefix.isEmpty() ? "/" : prefix, -1, secure(), true, null,
                SameSite.STRICT);
        ctx.cookie(cookie);
        ctx.html(Pages.consent(prefix, settings.consent() == null ? StudySettings.DEFAULT_CONSENT
                : settings.consent(), participant, studyId, sessionId, csrf));
    }

    /**
     * Answers the request when the ids are not valid (400, the id page again) or the participant has a batch
     * already (their own back); returns whether it did.
     */
    private boolean invalidOrReturning(Context ctx, String participant, String studyId, String sessionId) {
        if (participant == null || !ID.matcher(participant).matches() || !optionalId(studyId)
                || !optionalId(sessionId)) {
            ctx.status(400).html(Pages.enterId(prefix, "That id is not valid: use up to 64 letters, digits, "
                    + "'-' or '_'."));
            return true;
        }
        Optional<Assignments.Assignment> earlier = assignments.byParticipant(participant);
        if (earlier.isPresent()) {
            returning(ctx, earlier.get(), sessionId);
            return true;
        }
        return false;
    }

    private boolean secure() {
        return settings.baseUrl() != null && "https".equalsIgnoreCase(settings.baseUrl().getScheme());
    }

    private static boolean optionalId(String id) {
        return id == null || ID.matcher(id).matches();
    }

    private static String first(Context ctx, String... names) {
        for (String n : names) {
            String v = ctx.queryParam(n);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    private void startAssignment(Context ctx) {
        String csrf = ctx.formParam("csrf");
        String cookie = ctx.cookie(CSRF_COOKIE);
        if (csrf == null || cookie == null || !same(csrf, cookie)) {
            forbidden(ctx);
            return;
        }
        String participant = ctx.formParam("participant");
        String studyId = blankToNull(ctx.formParam("studyId"));
        String sessionId = blankToNull(ctx.formParam("sessionId"));
        if (invalidOrReturning(ctx, participant, studyId, sessionId)) {
            return;
        }
        Optional<Assignments.Assignment> a = onWriter(() -> assignments.assign(participant, studyId, sessionId,
                clock.instant()));
        if (a.isEmpty()) {
            ctx.status(503).html(Pages.message(prefix, "No batch free",
                    "Every batch of this study is taken at the moment. Please try again later or return the study "
                            + "on your platform."));
            return;
        }
        if (!a.get().participant.equals(participant) || !Objects.equals(a.get().sessionId, sessionId)) {
            returning(ctx, a.get(), sessionId); // another request of this participant assigned first
            return;
        }
        ctx.cookie(tokenCookie(a.get()));
        ctx.redirect(prefix + "/a/" + a.get().token, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private Cookie tokenCookie(Assignments.Assignment a) {
        return new Cookie(TOKEN_COOKIE, a.token, prefix.isEmpty() ? "/" : prefix, -1, secure(), true, null,
                SameSite.LAX);
    }

    /**
     * Sends a returning participant to their batch when they prove it is theirs: the platform's session id they
     * started with, or the cookie of the browser they started in. A participant id alone is no proof: it is not
     * a secret.
     */
    private void returning(Context ctx, Assignments.Assignment a, String sessionId) {
        String cookie = ctx.cookie(TOKEN_COOKIE);
        boolean session = a.sessionId != null && a.sessionId.equals(sessionId);
        if (session || cookie != null && same(cookie, a.token)) {
            ctx.cookie(tokenCookie(a));
            ctx.redirect(prefix + "/a/" + a.token, io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        ctx.status(403).html(Pages.message(prefix, "Already started",
                "This id has started the study in another browser or session. Please continue there, or open the "
                        + "study again from your study platform."));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private void forbidden(Context ctx) {
        ctx.status(403).html(Pages.message(prefix, "Please reload", "This form has expired. Please go back, reload "
                + "the page and try again."));
    }

    /** The participant's assignment, or a 404 page and empty. */
    private Optional<Assignments.Assignment> assignment(Context ctx) {
        String token = ctx.pathParam("token");
        Optional<Assignments.Assignment> a = TOKEN.matcher(token).matches() ? assignments.byToken(token)
                : Optional.empty();
        if (a.isEmpty()) {
            ctx.status(404).html(Pages.message(prefix, "Not found",
                    "There is no such page. Please use the link your study platform gave you."));
        }
        return a;
    }

    private void instructions(Context ctx) {
        assignment(ctx).ifPresent(a -> {
            if (a.state == Assignments.State.SUBMITTED) {
                ctx.redirect(prefix + "/a/" + a.token + "/done", io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            ctx.html(Pages.instructions(prefix, a.token, study.dimension(), a.positions(), settings.questionnaire()));
        });
    }

    /** Whether the participant still has to answer the questionnaire. */
    private boolean questionnaireOpen(Assignments.Assignment a) {
        return settings.questionnaire() && a.questionnaire == null;
    }

    /**
     * Sends the participant to the page they are due on when it is not this one: the completion page once
     * submitted, the questionnaire while it is open; returns whether it did.
     */
    private boolean elsewhere(Context ctx, Assignments.Assignment a, boolean questionnaire) {
        String page = a.state == Assignments.State.SUBMITTED ? "/done"
                : questionnaireOpen(a) != questionnaire ? (questionnaire ? "/rate" : "/teq") : null;
        if (page != null) {
            ctx.redirect(prefix + "/a/" + a.token + page, io.javalin.http.HttpStatus.SEE_OTHER);
        }
        return page != null;
    }

    private void questionnairePage(Context ctx) {
        assignment(ctx).ifPresent(a -> {
            if (!elsewhere(ctx, a, true)) {
                ctx.html(Pages.questionnaire(prefix, a.token, a.csrf, Map.of(), Set.of()));
            }
        });
    }

    private void answerQuestionnaire(Context ctx) {
        Optional<Assignments.Assignment> found = assignment(ctx);
        if (found.isEmpty()) {
            return;
        }
        Assignments.Assignment a = found.get();
        String csrf = ctx.formParam("csrf");
        if (csrf == null || !same(csrf, a.csrf)) {
            forbidden(ctx);
            return;
        }
        if (elsewhere(ctx, a, true)) {
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<Integer> missing = new HashSet<>();
        List<Integer> answers = new ArrayList<>();
        for (int i = 1; i <= TorontoEmpathyQuestionnaire.ITEMS.size(); i++) {
            String v = ctx.formParam("q" + i);
            Integer code = answerCode(v);
            if (code == null) {
                missing.add(i);
            } else {
                values.put("q" + i, v.strip());
                answers.add(code);
            }
        }
        if (!missing.isEmpty()) {
            ctx.status(400).html(Pages.questionnaire(prefix, a.token, a.csrf, values, missing));
            return;
        }
        onWriter(() -> {
            assignments.answered(a, answers, clock.instant());
            return null;
        });
        ctx.redirect(prefix + "/a/" + a.token + "/rate", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** A questionnaire answer's code, -2 to 2, or {@code null} when the value is not one. */
    private static Integer answerCode(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip()) {
            case "-2" -> -2;
            case "-1" -> -1;
            case "0" -> 0;
            case "1" -> 1;
            case "2" -> 2;
            default -> null;
        };
    }

    private void ratePage(Context ctx) {
        assignment(ctx).ifPresent(a -> {
            if (!elsewhere(ctx, a, false)) {
                ctx.html(ratingPage(a, Map.of(), Set.of()));
            }
        });
    }

    private String ratingPage(Assignments.Assignment a, Map<String, String> values, Set<Integer> missing) {
        List<Pages.Shown> shown = new ArrayList<>();
        for (int p = 1; p <= a.positions(); p++) {
            CrowdStudy.Item item = a.itemAt(p);
            shown.add(item == null ? null : new Pages.Shown(dialogues.get(item.dialogueId()),
                    replies.get(a.batch.condition() + '\u0000' + item.dialogueId())));
        }
        return Pages.rate(prefix, a.token, a.csrf, study.dimension(), shown,
                study.dimension().level(a.checkLevel), values, missing);
    }

    private void submit(Context ctx) {
        Optional<Assignments.Assignment> found = assignment(ctx);
        if (found.isEmpty()) {
            return;
        }
        Assignments.Assignment a = found.get();
        String csrf = ctx.formParam("csrf");
        if (csrf == null || !same(csrf, a.csrf)) {
            forbidden(ctx);
            return;
        }
        if (questionnaireOpen(a) && a.state != Assignments.State.SUBMITTED) {
            ctx.redirect(prefix + "/a/" + a.token + "/teq", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<Integer> missing = new HashSet<>();
        RatingScale.Dimension dimension = study.dimension();
        for (int p = 1; p <= a.positions(); p++) {
            String v = ctx.formParam("r" + p);
            if (v == null || !isLevel(dimension, v)) {
                missing.add(p);
            } else {
                values.put("r" + p, v.strip());
            }
        }
        if (!missing.isEmpty()) {
            ctx.status(400).html(ratingPage(a, values, missing));
            return;
        }
        Optional<Submission> checked = check(a, values);
        if (checked.isEmpty()) {
            ctx.status(400).html(ratingPage(a, values, Set.of()));
            return;
        }
        submissions.add(checked.get());
        writer.submit(this::commit); // submit, not execute: nothing thrown may end the thread that holds the lock
        try {
            checked.get().written().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        ctx.redirect(prefix + "/a/" + a.token + "/done", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static boolean isLevel(RatingScale.Dimension dimension, String value) {
        try {
            dimension.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A submission checked and waiting for the writer: its ratings, whether its attention check passed, and what
     * completes once they are written.
     */
    private record Submission(Assignments.Assignment assignment, List<Rating> ratings, boolean passed,
            CompletableFuture<Void> written) {
    }

    /**
     * Checks a submission as {@link CrowdImport} checks a returned file (every item once, values on the scale) and
     * its attention check as an {@link AttentionCheck}; empty when it is not valid.
     */
    private Optional<Submission> check(Assignments.Assignment a, Map<String, String> values) {
        List<CsvTable.Row> rows = new ArrayList<>();
        for (int p = 1; p <= a.positions(); p++) {
            CrowdStudy.Item item = a.itemAt(p);
            if (item != null) {
                rows.add(new CsvTable.Row(p, List.of(a.participant, item.id(), values.get("r" + p))));
            }
        }
        CrowdStudy one = new CrowdStudy(study.scale(), study.dimension(), study.batchSize(), study.seed(),
                List.of(a.batch));
        CrowdImport.Result result = CrowdImport.read(one, new CsvTable("submission", CrowdImport.COLUMNS, rows),
                List.of(), ErrorPolicy.LENIENT);
        if (!result.report().isClean()) {
            LOG.warn("a submission was refused: {}", result.report().summary());
            return Optional.empty();
        }
        RatingScale.Level expected = study.dimension().level(a.checkLevel);
        AttentionCheck check = new AttentionCheck("check", Set.of(Integer.toString(expected.code()),
                expected.label()));
        return Optional.of(new Submission(a, result.ratings(), check.passes(values.get("r" + a.checkPosition)),
                new CompletableFuture<>()));
    }

    /**
     * On the writer thread, a group commit: appends the ratings of every waiting submission to the run's journal
     * ({@link RatingJournal.Appender}, open for the server's life), then records the submissions with one write; each participant is
     * answered only after the writes that hold theirs. A submission's ratings are kept when its attention check
     * passed and its batch still lacks raters (counting those kept before it); a second submission of an
     * assignment changes nothing.
     */
    private void commit() {
        List<Submission> group = new ArrayList<>();
        for (Submission s = submissions.poll(); s != null; s = submissions.poll()) {
            group.add(s);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            List<Rating> ratings = new ArrayList<>();
            List<Assignments.Submitted> events = new ArrayList<>();
            Map<CrowdStudy.Batch, Integer> keptNow = new HashMap<>();
            Set<Assignments.Assignment> seen = new HashSet<>();
            for (Submission s : group) {
                Assignments.Assignment a = s.assignment();
                if (a.state == Assignments.State.SUBMITTED || !seen.add(a)) {
                    continue;
                }
                boolean kept = s.passed() && assignments.completions(a.batch) + keptNow.getOrDefault(a.batch, 0)
                        < settings.ratersPerBatch();
                if (kept) {
                    ratings.addAll(s.ratings());
                    keptNow.merge(a.batch, 1, Integer::sum);
                }
                events.add(new Assignments.Submitted(a, kept, s.passed()));
            }
            if (!ratings.isEmpty()) {
                journal.append(ratings);
            }
            assignments.submitted(events, clock.instant());
            group.forEach(s -> s.written().complete(null));
        } catch (RuntimeException | Error e) {
            group.forEach(s -> s.written().completeExceptionally(e));
        }
    }

    private void done(Context ctx) {
        assignment(ctx).ifPresent(a -> {
            if (a.state != Assignments.State.SUBMITTED) {
                ctx.redirect(prefix + "/a/" + a.token, io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            String code = a.receipt;
            if (settings.completionUrl() != null) {
                String cc = queryParam(settings.completionUrl(), "cc");
                code = cc != null ? cc : code;
            }
            ctx.html(Pages.done(prefix, code, settings.completionUrl() == null ? null
                    : settings.completionUrl().toString(), a.kept));
        });
    }

    private static String queryParam(URI uri, String name) {
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    // ---- the researcher

    private void progress(Context ctx) {
        if (researcher(ctx)) {
            ctx.html(Progress.page(prefix, researcherToken, study, assignments, settings, clock.instant()));
        }
    }

    private void participantsCsv(Context ctx) {
        if (researcher(ctx)) {
            ctx.contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"participants.csv\"")
                    .result(Progress.participantsCsv(assignments));
        }
    }

    /** Whether the request carries the researcher's token (then reclaims what timed out), else answers 404. */
    private boolean researcher(Context ctx) {
        if (!same(ctx.pathParam("token"), researcherToken)) {
            ctx.status(404).html(Pages.message(prefix, "Not found",
                    "There is no such page. Please use the link your study platform gave you."));
            return false;
        }
        onWriter(() -> {
            assignments.reclaim(clock.instant());
            return null;
        });
        return true;
    }

    /** Blocks until the server is stopped, such as by Ctrl-C. */
    public void awaitStop() throws InterruptedException {
        Thread.currentThread().join();
    }
}
