package io.github.empathy4j.study;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.crowd.CrowdStudy;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyServerTest {

    private static final RatingScale.Dimension SCALE = RatingScale.STUDY.single();

    @TempDir
    Path dir;

    private final List<HttpResponse<String>> responses = new ArrayList<>();

    private HttpParticipant participant(StudyServer server, String id) {
        return new HttpParticipant(server.baseUrl(), id, r -> {
            synchronized (responses) {
                responses.add(r);
            }
        });
    }

    private static String code(String label) {
        return Integer.toString(SCALE.parse(label).code());
    }

    @Test
    void twentyParticipantsRateEveryBatchOnceAndNoResponseNamesAConditionModelOrDialogue() throws Exception {
        StudyFixture f = new StudyFixture(dir, 20, 2);
        assertThat(f.crowd.batches()).hasSize(20);
        URI completion = URI.create("https://app.prolific.com/submissions/complete?cc=C0MPL3TE");
        StudySettings settings = StudySettings.defaults().withQuestionnaire(true).withCompletionUrl(completion);
        try (StudyServer server = StudyServer.start(f.study, f.run, settings)) {
            Map<String, String> batchOf = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                HttpParticipant p = participant(server, "pid" + i);
                assertThat(p.arriveAndAgree().statusCode()).isEqualTo(303);
                assertThat(p.get(HttpParticipant.relative(p.home)).body()).contains(Pages.esc(SCALE.question()), "Bad", "Okay",
                        "Good", "Dogs are great");
                assertThat(p.answer(Collections.nCopies(16, i % 5 - 2)).statusCode()).isEqualTo(303);
                HttpParticipant.Form form = p.form();
                assertThat(form.positions()).hasSize(3);
                HttpResponse<String> sent = p.rate(form, 1 + i % 3, code(form.checkLabel()));
                assertThat(sent.statusCode()).isEqualTo(303);
                String done = p.get(HttpParticipant.relative(sent.headers().firstValue("Location").orElseThrow()))
                        .body();
                assertThat(done).contains("Your ratings are saved", "completion code", "C0MPL3TE");
                // a returning participant gets their own batch back: here, the completion page
                assertThat(p.arriveAndAgree().headers().firstValue("Location")).contains(p.home);
            }
            List<Rating> ratings = RunDirectory.open(f.run).ratings();
            assertThat(ratings).hasSize(40);
            Map<String, Set<String>> ratersOfBatch = ratings.stream().collect(Collectors.groupingBy(Rating::batch,
                    Collectors.mapping(Rating::rater, Collectors.toSet())));
            assertThat(ratersOfBatch).hasSize(20).allSatisfy((b, raters) -> assertThat(raters).hasSize(1));
            Map<String, Long> perCondition = ratings.stream().collect(Collectors.groupingBy(Rating::condition,
                    Collectors.counting()));
            assertThat(perCondition).containsOnlyKeys(StudyFixture.CONDITIONS).allSatisfy((c, n) ->
                    assertThat(n).isEqualTo(20));
            // every rating is the participant's answer for its item
            for (Rating r : ratings) {
                int i = Integer.parseInt(r.rater().substring(3));
                assertThat(r.value()).isEqualTo(1 + i % 3);
                assertThat(batchOf.putIfAbsent(r.rater(), r.batch())).isIn(null, r.batch());
            }
            // a 21st participant finds every batch taken
            HttpParticipant late = participant(server, "pid20");
            assertThat(late.arriveAndAgree().statusCode()).isEqualTo(503);
            participant(server, "x").get("a/" + "A".repeat(43));
            participant(server, "y").get("static/app.js");
            participant(server, "y").get("static/app.css");
            // error pages: a refused questionnaire, a forged form, a bad id
            HttpParticipant q = participant(server, "pid0");
            q.get("?PROLIFIC_PID=pid0&SESSION_ID=other");
            assertThat(q.post("a/" + "A".repeat(43) + "/teq", Map.of("csrf", "x")).statusCode()).isEqualTo(404);
            assertThat(participant(server, "z").get("?PROLIFIC_PID=bad%20id").statusCode()).isEqualTo(400);
        }
        List<String> secrets = new ArrayList<>(StudyFixture.CONDITIONS);
        secrets.addAll(StudyFixture.MODELS);
        secrets.addAll(f.dialogueIds);
        f.crowd.batches().forEach(b -> {
            secrets.add(b.id());
            b.items().forEach(i -> secrets.add(i.id()));
        });
        assertThat(responses).hasSizeGreaterThan(100);
        assertThat(responses).extracting(r -> r.uri().getPath()).anyMatch(u -> u.endsWith("/teq"))
                .anyMatch(u -> u.endsWith("/done")).anyMatch(u -> u.endsWith("/rate"));
        for (HttpResponse<String> r : responses) {
            String all = r.uri() + "\n" + r.headers().map() + "\n" + r.body();
            for (String s : secrets) {
                assertThat(all).as("response to %s", r.uri()).doesNotContain(s);
            }
            assertThat(all).doesNotContain("Exception", "at io.", "Jetty", f.run.toString(), f.study.toString());
        }
    }

    @Test
    void theQuestionnaireComesAfterTheInstructionsAndItsAnswersAreKeptScoredAndExported() throws Exception {
        StudyFixture f = new StudyFixture(dir, 4, 2);
        StudySettings settings = StudySettings.defaults().withQuestionnaire(true);
        // codes -2..2 cycling; by the published key (items 2, 4, 7, 10, 11, 12, 14, 15 reversed) the score is
        // 0+3+2+1+4+0+3+2+3+0+4+3+2+1+0+0 = 28
        List<Integer> answers = List.of(-2, -1, 0, 1, 2, -2, -1, 0, 1, 2, -2, -1, 0, 1, 2, -2);
        Path teq = f.study.resolve(Assignments.QUESTIONNAIRE_FILE);
        String home;
        try (StudyServer server = StudyServer.start(f.study, f.run, settings)) {
            HttpParticipant p = participant(server, "pidA");
            p.arriveAndAgree();
            home = HttpParticipant.relative(p.home);
            assertThat(p.get(home).body()).contains("/teq\">Begin", "16 statements");
            // the rating page and its form wait for the questionnaire
            HttpResponse<String> early = p.get(home + "/rate");
            assertThat(early.statusCode()).isEqualTo(303);
            assertThat(early.headers().firstValue("Location")).hasValue("/" + home + "/teq");
            String page = p.get(home + "/teq").body();
            assertThat(page).contains(Pages.esc(TorontoEmpathyQuestionnaire.INSTRUCTION), "Never", "Rarely",
                    "Sometimes", "Often", "Always");
            for (String item : TorontoEmpathyQuestionnaire.ITEMS) {
                assertThat(page).contains(Pages.esc(item));
            }
            String csrf = HttpParticipant.csrf(page);
            Map<String, String> ratings = new HashMap<>(Map.of("csrf", csrf, "r1", "2", "r2", "2", "r3", "2"));
            assertThat(p.post(home + "/rate", ratings).headers().firstValue("Location")).hasValue("/" + home + "/teq");
            assertThat(RunDirectory.open(f.run).ratings()).isEmpty();
            Map<String, String> fields = new HashMap<>();
            fields.put("csrf", csrf);
            for (int i = 0; i < 15; i++) {
                fields.put("q" + (i + 1), Integer.toString(answers.get(i)));
            }
            HttpResponse<String> incomplete = p.post(home + "/teq", fields);
            assertThat(incomplete.statusCode()).isEqualTo(400);
            assertThat(incomplete.body()).contains("Please answer every statement; one is still open",
                    "id=\"statement-16\"", "value=\"1\" checked");
            fields.put("q16", "3");
            assertThat(p.post(home + "/teq", fields).statusCode()).isEqualTo(400);
            fields.put("q16", "-2");
            fields.put("csrf", "forged");
            assertThat(p.post(home + "/teq", fields).statusCode()).isEqualTo(403);
            assertThat(teq).doesNotExist();
            fields.put("csrf", csrf);
            HttpResponse<String> sent = p.post(home + "/teq", fields);
            assertThat(sent.statusCode()).isEqualTo(303);
            assertThat(sent.headers().firstValue("Location")).hasValue("/" + home + "/rate");
            assertThat(p.post(home + "/teq", fields).statusCode()).isEqualTo(303); // twice: recorded once
            assertThat(Files.readAllLines(teq)).singleElement().satisfies(line -> assertThat(line)
                    .contains("\"participant\":\"pidA\"", "\"answers\":[-2,-1,0,1,2,-2,-1,0,1,2,-2,-1,0,1,2,-2]",
                            "\"score\":28"));
            HttpParticipant.Form form = p.form();
            assertThat(p.rate(form, 3, code(form.checkLabel())).statusCode()).isEqualTo(303);
            assertThat(RunDirectory.open(f.run).ratings()).hasSize(2);
            String condition = RunDirectory.open(f.run).ratings().get(0).condition();
            HttpParticipant researcher = participant(server, "r");
            String progress = researcher.get(HttpParticipant.relative(server.researcherUrl().getPath())).body();
            assertThat(progress).contains("1 of 1 participants answered",
                    "<tr><td><code>pidA</code></td><td>" + condition + "</td><td>28</td></tr>");
            HttpResponse<String> csv = researcher.get(HttpParticipant.relative(server.researcherUrl().getPath())
                    + "/participants.csv");
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/csv"));
            List<String> lines = csv.body().lines().toList();
            assertThat(lines.get(0)).startsWith("participant,study_id,session_id,condition,batch,state,"
                    + "attention_passed,kept,minutes,teq_score,teq_1,").endsWith(",teq_16");
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1)).startsWith("pidA,study1,spidA," + condition + ",")
                    .contains(",submitted,true,true,0.00,28,-2,-1,0,1,2,").endsWith(",2,-2");
        }
        // a restart keeps the answers: the participant goes on to the completion page, a new one to the questionnaire
        try (StudyServer server = StudyServer.start(f.study, f.run, settings)) {
            HttpParticipant p = participant(server, "pidA");
            p.arriveAndAgree();
            assertThat(p.get(home + "/teq").headers().firstValue("Location")).hasValue("/" + home + "/done");
            HttpParticipant q = participant(server, "pidB");
            q.arriveAndAgree();
            assertThat(q.get(HttpParticipant.relative(q.home) + "/rate").headers().firstValue("Location"))
                    .hasValue(q.home + "/teq");
        }
    }

    @Test
    void theProgressPageBreaksExclusionsDownByConditionAndComparesThePayWithTheMinimum() throws Exception {
        StudyFixture f = new StudyFixture(dir, 4, 2);
        StudyFixture.MovableClock clock = new StudyFixture.MovableClock();
        StudySettings d = StudySettings.defaults();
        StudySettings settings = new StudySettings(d.host(), 0, null, 1, d.timeout(), null, null, 1.00, 6, 600,
                "secret-r", false);
        try (StudyServer server = StudyServer.start(f.study, f.run, settings, clock)) {
            HttpParticipant a = participant(server, "pidA");
            HttpParticipant b = participant(server, "pidB");
            a.arriveAndAgree();
            b.arriveAndAgree();
            clock.advance(Duration.ofMinutes(10));
            HttpParticipant.Form af = a.form();
            a.rate(af, 2, code(af.checkLabel()));
            clock.advance(Duration.ofMinutes(10));
            HttpParticipant.Form bf = b.form();
            String wrong = SCALE.levels().stream().map(RatingScale.Level::label)
                    .filter(l -> !l.equals(bf.checkLabel())).findFirst().orElseThrow();
            b.rate(bf, 2, code(wrong));
            String passed = RunDirectory.open(f.run).ratings().get(0).condition();
            String failed = StudyFixture.CONDITIONS.stream().filter(c -> !c.equals(passed)).findFirst().orElseThrow();
            String progress = participant(server, "r").get("researcher/secret-r").body();
            // per condition: batches, done, in progress, open, ratings of batches, submitted, excluded
            assertThat(progress).contains(
                    "<tr><th>" + passed + "</th><td>2</td><td>1</td><td>0</td><td>1</td><td>1 of 2</td><td>1</td>"
                            + "<td>0 (0%)</td></tr>",
                    "<tr><th>" + failed + "</th><td>2</td><td>0</td><td>0</td><td>2</td><td>0 of 2</td><td>1</td>"
                            + "<td>1 (100%)</td></tr>",
                    "<tr class=\"total\"><th>All</th><td>4</td><td>1</td><td>0</td><td>3</td><td>1 of 4</td>"
                            + "<td>2</td><td>1 (50%)</td></tr>");
            // times 10 and 20 minutes: median 15; £1.00 in 15 minutes is £4.00 an hour, below the £6 minimum
            assertThat(progress).contains("<th>Median time per batch</th><td>15.0 min</td>",
                    "<td class=\"error\">£4.00 (reward £1.00, minimum £6.00)</td>");
        }
        StudySettings better = new StudySettings(d.host(), 0, null, 1, d.timeout(), null, null, 2.00, 6, 600,
                "secret-r", false);
        try (StudyServer server = StudyServer.start(f.study, f.run, better, clock)) {
            // the restart keeps the times: £2.00 in 15 minutes is £8.00 an hour
            assertThat(participant(server, "r").get("researcher/secret-r").body())
                    .contains("<td class=\"ok\">£8.00 (reward £2.00, minimum £6.00)</td>");
        }
    }

    @Test
    void lateAndNewSubmissionsOfABatchArrivingTogetherKeepExactlyOne() throws Exception {
        StudyFixture f = new StudyFixture(dir, 2, 2);
        StudyFixture.MovableClock clock = new StudyFixture.MovableClock();
        StudySettings settings = StudySettings.defaults().withRaters(1, Duration.ofMinutes(30));
        try (StudyServer server = StudyServer.start(f.study, f.run, settings, clock)) {
            List<HttpParticipant> all = new ArrayList<>();
            for (String id : List.of("pidA", "pidB")) {
                all.add(participant(server, id));
                all.get(all.size() - 1).arriveAndAgree();
            }
            clock.advance(Duration.ofMinutes(31)); // both reclaimed, each batch goes to a second participant
            for (String id : List.of("pidC", "pidD")) {
                all.add(participant(server, id));
                assertThat(all.get(all.size() - 1).arriveAndAgree().statusCode()).isEqualTo(303);
            }
            List<HttpParticipant.Form> forms = new ArrayList<>();
            for (HttpParticipant p : all) {
                forms.add(p.form());
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HttpParticipant p = all.get(i);
                HttpParticipant.Form form = forms.get(i);
                sent.add(pool.submit(() -> {
                    go.await();
                    return p.rate(form, 2, code(form.checkLabel())).statusCode();
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<Integer> s : sent) {
                assertThat(s.get()).isEqualTo(303);
            }
            pool.shutdown();
            List<Rating> ratings = RunDirectory.open(f.run).ratings();
            assertThat(ratings).hasSize(4);
            Map<String, Set<String>> ratersOfBatch = ratings.stream().collect(Collectors.groupingBy(Rating::batch,
                    Collectors.mapping(Rating::rater, Collectors.toSet())));
            assertThat(ratersOfBatch).hasSize(2).allSatisfy((b, raters) -> assertThat(raters).hasSize(1));
            assertThat(participant(server, "r").get(HttpParticipant.relative(server.researcherUrl().getPath())).body())
                    .contains("<tr><th>Late, not kept (batch completed by others)</th><td>2</td></tr>");
        }
    }

    @Test
    void aSubmissionThatCannotBeWrittenIsNotAcknowledgedAndCanBeSentAgain() throws Exception {
        StudyFixture f = new StudyFixture(dir, 2, 2);
        Path journal = f.run.resolve(RunDirectory.RATINGS);
        Files.deleteIfExists(journal);
        try (StudyServer server = StudyServer.start(f.study, f.run, StudySettings.defaults())) {
            HttpParticipant p = participant(server, "pidA");
            p.arriveAndAgree();
            HttpParticipant.Form form = p.form();
            Files.delete(journal); // the server holds the journal open: its path now names a folder,
            Files.createDirectory(journal); // which the next write must notice rather than write to no file
            HttpResponse<String> failed = p.rate(form, 2, code(form.checkLabel()));
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).contains("Something went wrong").doesNotContain("Exception", "at io.",
                    f.run.toString(), "ratings.jsonl");
            assertThat(p.get(HttpParticipant.relative(p.home) + "/done").headers().firstValue("Location"))
                    .hasValue(p.home);
            Files.delete(journal);
            assertThat(p.rate(form, 2, code(form.checkLabel())).statusCode()).isEqualTo(303);
            assertThat(RunDirectory.open(f.run).ratings()).hasSize(2).extracting(Rating::rater).containsOnly("pidA");
        }
    }

    @Test
    void incompleteForgedOrOffScaleSubmissionsWriteNothing() throws Exception {
        StudyFixture f = new StudyFixture(dir, 4, 2);
        try (StudyServer server = StudyServer.start(f.study, f.run, StudySettings.defaults())) {
            HttpParticipant p = participant(server, "pidA");
            p.arriveAndAgree();
            HttpParticipant.Form form = p.form();
            String path = HttpParticipant.relative(p.home) + "/rate";
            int item = form.positions().stream().filter(x -> x != form.checkPosition()).findFirst().orElseThrow();
            Map<String, String> fields = new HashMap<>();
            fields.put("csrf", form.csrf());
            fields.put("r" + form.checkPosition(), code(form.checkLabel()));
            HttpResponse<String> incomplete = p.post(path, fields);
            assertThat(incomplete.statusCode()).isEqualTo(400);
            assertThat(incomplete.body()).contains("Please answer every item; 2 are still open");
            form.positions().forEach(x -> fields.putIfAbsent("r" + x, "2"));
            fields.put("r" + item, "7");
            assertThat(p.post(path, fields).statusCode()).isEqualTo(400);
            fields.put("r" + item, "2");
            fields.put("csrf", "forged");
            assertThat(p.post(path, fields).statusCode()).isEqualTo(403);
            fields.remove("csrf");
            assertThat(p.post(path, fields).statusCode()).isEqualTo(403);
            // another participant's page does not take this participant's form
            assertThat(p.post("a/" + "B".repeat(43) + "/rate", fields).statusCode()).isEqualTo(404);
            // starting without the consent page's cookie is refused
            HttpParticipant q = participant(server, "pidB");
            assertThat(q.post("start", Map.of("participant", "pidB", "csrf", "guess")).statusCode()).isEqualTo(403);
            assertThat(q.get("?PROLIFIC_PID=%3Cscript%3E").statusCode()).isEqualTo(400);
            // knowing a participant's id is not enough to open their batch: their session or browser is needed
            String token = p.home.substring(p.home.lastIndexOf('/') + 1);
            HttpParticipant impostor = participant(server, "pidA");
            HttpResponse<String> stolen = impostor.get("?PROLIFIC_PID=pidA&STUDY_ID=study1&SESSION_ID=other");
            assertThat(stolen.statusCode()).isEqualTo(403);
            assertThat(stolen.body()).contains("Already started").doesNotContain(token);
            HttpResponse<String> consent = impostor.get("?PROLIFIC_PID=pidZ");
            HttpResponse<String> forged = impostor.post("start", Map.of("participant", "pidA", "csrf",
                    HttpParticipant.csrf(consent.body())));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.headers().map().toString() + forged.body()).doesNotContain(token);
            assertThat(p.get("?PROLIFIC_PID=pidA").headers().firstValue("Location")).contains(p.home);
            assertThat(RunDirectory.open(f.run).ratings()).isEmpty();
            fields.put("csrf", form.csrf());
            assertThat(p.post(path, fields).statusCode()).isEqualTo(303);
            assertThat(RunDirectory.open(f.run).ratings()).hasSize(2);
            assertThat(p.post(path, fields).statusCode()).isEqualTo(303);
            assertThat(RunDirectory.open(f.run).ratings()).hasSize(2);
        }
    }

    @Test
    void aFailedAttentionCheckIsRecordedAndTheBatchGoesToSomeoneElse() throws Exception {
        StudyFixture f = new StudyFixture(dir, 2, 2);
        assertThat(f.crowd.batches()).hasSize(2);
        try (StudyServer server = StudyServer.start(f.study, f.run, StudySettings.defaults())) {
            HttpParticipant a = participant(server, "pidA");
            a.arriveAndAgree();
            HttpParticipant.Form form = a.form();
            String wrong = SCALE.levels().stream().map(RatingScale.Level::label)
                    .filter(l -> !l.equals(form.checkLabel())).findFirst().orElseThrow();
            assertThat(a.rate(form, 3, code(wrong)).statusCode()).isEqualTo(303);
            assertThat(RunDirectory.open(f.run).ratings()).isEmpty();
            HttpParticipant b = participant(server, "pidB");
            b.arriveAndAgree();
            HttpParticipant c = participant(server, "pidC");
            c.arriveAndAgree();
            for (HttpParticipant p : List.of(b, c)) {
                HttpParticipant.Form pf = p.form();
                p.rate(pf, 2, code(pf.checkLabel()));
            }
            assertThat(RunDirectory.open(f.run).ratings()).extracting(Rating::rater).containsOnly("pidB", "pidC")
                    .hasSize(4);
            String progress = new HttpParticipant(server.baseUrl(), "r", r -> { })
                    .get(HttpParticipant.relative(server.researcherUrl().getPath())).body();
            assertThat(progress).contains("<tr><th>Excluded by the attention check</th><td>1</td></tr>",
                    "<code>pidA</code>", StudyFixture.CONDITIONS.get(0));
        }
    }

    @Test
    void abandonedBatchesAreReclaimedAndALateSubmissionIsKeptOnlyIfNoOneCompletedTheBatch() throws Exception {
        StudyFixture f = new StudyFixture(dir, 2, 2);
        StudyFixture.MovableClock clock = new StudyFixture.MovableClock();
        StudySettings settings = StudySettings.defaults().withRaters(1, Duration.ofMinutes(30));
        try (StudyServer server = StudyServer.start(f.study, f.run, settings, clock)) {
            HttpParticipant a = participant(server, "pidA");
            HttpParticipant b = participant(server, "pidB");
            a.arriveAndAgree();
            b.arriveAndAgree();
            assertThat(participant(server, "pidC").arriveAndAgree().statusCode()).isEqualTo(503);
            clock.advance(Duration.ofMinutes(31));
            HttpParticipant c = participant(server, "pidC");
            HttpParticipant d = participant(server, "pidD");
            c.arriveAndAgree();
            d.arriveAndAgree();
            assertThat(c.home).isNotNull();
            assertThat(d.home).isNotNull();
            // A comes back late to their reclaimed batch: no one completed it, so it is kept
            HttpParticipant.Form af = a.form();
            a.rate(af, 3, code(af.checkLabel()));
            List<Rating> afterA = RunDirectory.open(f.run).ratings();
            assertThat(afterA).hasSize(2).extracting(Rating::rater).containsOnly("pidA");
            String batchOfA = afterA.get(0).batch();
            // whoever got A's batch again submits it later: not kept
            for (HttpParticipant p : List.of(c, d)) {
                HttpParticipant.Form pf = p.form();
                HttpResponse<String> sent = p.rate(pf, 1, code(pf.checkLabel()));
                assertThat(sent.statusCode()).isEqualTo(303);
            }
            List<Rating> all = RunDirectory.open(f.run).ratings();
            assertThat(all).hasSize(4);
            assertThat(all.stream().filter(r -> r.batch().equals(batchOfA)).map(Rating::rater).distinct())
                    .containsExactly("pidA");
            String progress = participant(server, "r").get(HttpParticipant.relative(server.researcherUrl()
                    .getPath())).body();
            assertThat(progress).contains("<tr><th>Reclaimed (timed out)</th><td>1</td></tr>",
                    "<tr><th>Late, not kept (batch completed by others)</th><td>1</td></tr>");
        }
    }

    @Test
    void aRestartKeepsEveryAssignmentAndTheRunFolderIsLockedWhileServing() throws Exception {
        StudyFixture f = new StudyFixture(dir, 4, 2);
        String home;
        HttpParticipant.Form form;
        StudySettings settings = StudySettings.defaults();
        try (StudyServer server = StudyServer.start(f.study, f.run, settings)) {
            assertThatThrownBy(() -> RunDirectory.open(f.run).lock()).hasMessageContaining("is writing");
            HttpParticipant a = participant(server, "pidA");
            a.arriveAndAgree();
            home = a.home;
            form = a.form();
        }
        // a torn last line, as kill -9 in the middle of a write leaves, is cut away
        Files.writeString(f.study.resolve(Assignments.FILE_NAME), "{\"event\":\"assig",
                java.nio.file.StandardOpenOption.APPEND);
        try (StudyServer server = StudyServer.start(f.study, f.run, settings)) {
            HttpParticipant a = participant(server, "pidA");
            a.arriveAndAgree();
            assertThat(a.home).isEqualTo(home);
            assertThat(a.form()).isEqualTo(form);
            a.rate(form, 2, code(form.checkLabel()));
            HttpParticipant b = participant(server, "pidB");
            b.arriveAndAgree();
            assertThat(b.home).isNotEqualTo(home);
        }
        assertThat(RunDirectory.open(f.run).ratings()).hasSize(2);
        try (RunDirectory.Lock lock = RunDirectory.open(f.run).lock()) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void requestsBeyondTheLimitAreRefusedAndTheProgressPageNeedsItsToken() throws Exception {
        StudyFixture f = new StudyFixture(dir, 2, 2);
        StudySettings s = StudySettings.defaults();
        StudySettings limited = new StudySettings(s.host(), 0, URI.create("http://127.0.0.1/"), 1, s.timeout(),
                null, "Our own consent text.\n\nSecond paragraph.", 1.5, 6, 4, "researcher-secret", false);
        try (StudyServer server = StudyServer.start(f.study, f.run, limited)) {
            HttpParticipant p = new HttpParticipant(URI.create("http://127.0.0.1:" + server.port() + "/"), "pidA",
                    r -> { });
            assertThat(p.get("researcher/wrong").statusCode()).isEqualTo(404);
            HttpResponse<String> consent = p.get("?PROLIFIC_PID=pidA");
            assertThat(consent.body()).contains("<p>Our own consent text.</p><p>Second paragraph.</p>");
            assertThat(p.get("researcher/researcher-secret").body()).contains("Study progress",
                    "minimum £6.00");
            assertThat(server.researcherUrl()).hasToString("http://127.0.0.1/researcher/researcher-secret");
            assertThat(p.get("").statusCode()).isEqualTo(200); // the fourth request this minute
            assertThat(p.get("").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void withTwoRatersPerBatchEveryBatchGetsTwoDifferentParticipants() throws Exception {
        StudyFixture f = new StudyFixture(dir, 2, 2);
        StudySettings settings = StudySettings.defaults().withRaters(2, Duration.ofMinutes(30));
        try (StudyServer server = StudyServer.start(f.study, f.run, settings)) {
            for (int i = 0; i < 4; i++) {
                HttpParticipant p = participant(server, "pid" + i);
                assertThat(p.arriveAndAgree().statusCode()).isEqualTo(303);
                HttpParticipant.Form form = p.form();
                p.rate(form, 2, code(form.checkLabel()));
            }
            assertThat(participant(server, "pid4").arriveAndAgree().statusCode()).isEqualTo(503);
            // a request declaring more than 64 KB is refused from its headers, before any of its body is sent
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /start HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 70000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(status).startsWith("HTTP/1.1 413 ");
            }
        }
        Map<String, Set<String>> ratersOfBatch = RunDirectory.open(f.run).ratings().stream().collect(
                Collectors.groupingBy(Rating::batch, Collectors.mapping(Rating::rater, Collectors.toSet())));
        assertThat(ratersOfBatch).hasSize(2).allSatisfy((b, raters) -> assertThat(raters).hasSize(2));
        assertThat(ratersOfBatch.values().stream().flatMap(Set::stream).distinct()).hasSize(4);
    }

    @Test
    void aStudyWhoseRunLacksItsRepliesIsRefused() {
        StudyFixture f = new StudyFixture(dir.resolve("a"), 2, 2);
        StudyFixture other = new StudyFixture(dir.resolve("b"), 3, 2);
        CrowdStudy.load(other.study);
        assertThatThrownBy(() -> StudyServer.start(other.study, f.run, StudySettings.defaults()))
                .hasMessageContaining("serve the study with the run it was exported from");
    }
}
