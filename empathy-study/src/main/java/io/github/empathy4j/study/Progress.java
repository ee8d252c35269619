package io.github.empathy4j.study;

import io.github.empathy4j.core.crowd.CrowdStudy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The researcher's progress page. */
final class Progress {

    private Progress() {
    }

    /**
     * Batches done, in progress and open per condition; participants excluded by the attention check per
     * condition; median time and implied hourly pay; questionnaire scores; a link to the participants' CSV.
     */
    static String page(String prefix, String token, CrowdStudy study, Assignments assignments,
            StudySettings settings, Instant now) {
        int k = settings.ratersPerBatch();
        List<Assignments.Assignment> all = assignments.all();
        Map<String, int[]> rows = new LinkedHashMap<>();
        for (CrowdStudy.Batch b : study.batches()) {
            int[] r = rows.computeIfAbsent(b.condition(), c -> new int[7]);
            int completions = assignments.completions(b);
            r[0]++;
            if (completions >= k) {
                r[1]++;
            } else if (assignments.inProgress(b)) {
                r[2]++;
            } else {
                r[3]++;
            }
            r[4] += Math.min(k, completions);
        }
        for (Assignments.Assignment a : all) {
            if (a.state == Assignments.State.SUBMITTED) {
                int[] r = rows.get(a.batch.condition());
                r[5]++;
                r[6] += a.attentionPassed ? 0 : 1;
            }
        }
        StringBuilder body = new StringBuilder("<h1>Study progress</h1>");
        body.append("<p>").append(study.batches().size()).append(" batches, ").append(k)
                .append(k == 1 ? " rater" : " raters").append(" per batch, reclaimed after ")
                .append(settings.timeout().toMinutes()).append(" min. As of ").append(now).append(".</p>");
        body.append("<table id=\"conditions\"><thead><tr><th>Condition</th><th>Batches</th><th>Done</th>"
                + "<th>In progress</th><th>Open</th><th>Ratings of batches</th><th>Submitted</th>"
                + "<th>Excluded (attention check)</th></tr></thead><tbody>");
        int[] total = new int[7];
        for (Map.Entry<String, int[]> e : rows.entrySet()) {
            int[] r = e.getValue();
            body.append("<tr><th>").append(Pages.esc(e.getKey())).append("</th>");
            for (int i = 0; i < 4; i++) {
                body.append("<td>").append(r[i]).append("</td>");
                total[i] += r[i];
            }
            for (int i = 4; i < 7; i++) {
                total[i] += r[i];
            }
            body.append("<td>").append(r[4]).append(" of ").append(r[0] * k).append("</td><td>").append(r[5])
                    .append("</td><td>").append(excluded(r[6], r[5])).append("</td></tr>");
        }
        body.append("<tr class=\"total\"><th>All</th>");
        for (int i = 0; i < 4; i++) {
            body.append("<td>").append(total[i]).append("</td>");
        }
        body.append("<td>").append(total[4]).append(" of ").append(total[0] * k).append("</td><td>").append(total[5])
                .append("</td><td>").append(excluded(total[6], total[5])).append("</td></tr></tbody></table>");

        List<Duration> times = new ArrayList<>();
        List<Assignments.Assignment> excluded = new ArrayList<>();
        int late = 0;
        int active = 0;
        int reclaimed = 0;
        for (Assignments.Assignment a : all) {
            switch (a.state) {
                case ACTIVE -> active++;
                case RECLAIMED -> reclaimed++;
                case SUBMITTED -> {
                    if (a.submitted != null) {
                        times.add(Duration.between(a.assigned, a.submitted));
                    }
                    if (!a.attentionPassed) {
                        excluded.add(a);
                    } else if (!a.kept) {
                        late++;
                    }
                }
            }
        }
        body.append("<h2>Participants</h2><table id=\"participants\"><tbody>")
                .append(row("Started", all.size())).append(row("Rating now", active))
                .append(row("Reclaimed (timed out)", reclaimed))
                .append(row("Submitted", times.size()))
                .append(row("Excluded by the attention check", excluded.size()))
                .append(row("Late, not kept (batch completed by others)", late)).append("</tbody></table>");
        if (!excluded.isEmpty()) {
            body.append("<p>Excluded: ");
            for (int i = 0; i < excluded.size(); i++) {
                body.append(i == 0 ? "" : ", ").append("<code>").append(Pages.esc(excluded.get(i).participant))
                        .append("</code>");
            }
            body.append(". Prolific lets you reject a submission only for failed attention checks that follow "
                    + "its policy; review these before rejecting.</p>");
        }
        double minutes = median(times);
        body.append("<h2>Time and pay</h2><table id=\"pay\"><tbody><tr><th>Median time per batch</th><td>")
                .append(Double.isNaN(minutes) ? "–" : Pages.number(minutes, 1) + " min").append("</td></tr>");
        if (settings.reward() > 0 && !Double.isNaN(minutes) && minutes > 0) {
            double hourly = settings.reward() / (minutes / 60);
            body.append("<tr><th>Implied hourly pay</th><td class=\"")
                    .append(hourly < settings.minimumHourlyPay() ? "error" : "ok").append("\">£")
                    .append(Pages.number(hourly, 2)).append(" (reward £").append(Pages.number(settings.reward(), 2))
                    .append(", minimum £").append(Pages.number(settings.minimumHourlyPay(), 2)).append(")</td></tr>");
        } else {
            body.append("<tr><th>Implied hourly pay</th><td>– (give the reward per batch to see it; minimum £")
                    .append(Pages.number(settings.minimumHourlyPay(), 2)).append(")</td></tr>");
        }
        body.append("</tbody></table>");
        if (settings.questionnaire()) {
            body.append(questionnaire(all));
        }
        body.append("<p><a id=\"csv\" href=\"").append(prefix).append("/researcher/").append(token)
                .append("/participants.csv\">Every participant as CSV</a> (condition, batch, state, attention check, "
                        + "minutes, questionnaire score and answers).</p>");
        return Pages.page(prefix, "Study progress", body.toString());
    }

    /** "n (p%)" of the submitted, or "n" when none was submitted. */
    private static String excluded(int n, int submitted) {
        return submitted == 0 ? Integer.toString(n)
                : n + " (" + Pages.number(100.0 * n / submitted, 0) + "%)";
    }

    /** The questionnaire's section: how many answered, and each participant's score. */
    private static String questionnaire(List<Assignments.Assignment> all) {
        StringBuilder body = new StringBuilder("<h2>Toronto Empathy Questionnaire</h2>");
        List<Assignments.Assignment> answered = all.stream().filter(a -> a.questionnaire != null).toList();
        body.append("<p>").append(answered.size()).append(" of ").append(all.size())
                .append(" participants answered (score 0 to 64, higher is more empathetic).</p>");
        if (!answered.isEmpty()) {
            body.append("<table id=\"teq\"><thead><tr><th>Participant</th><th>Condition</th><th>Score</th></tr>"
                    + "</thead><tbody>");
            for (Assignments.Assignment a : answered) {
                body.append("<tr><td><code>").append(Pages.esc(a.participant)).append("</code></td><td>")
                        .append(Pages.esc(a.batch.condition())).append("</td><td>")
                        .append(TorontoEmpathyQuestionnaire.score(a.questionnaire)).append("</td></tr>");
            }
            body.append("</tbody></table>");
        }
        return body.toString();
    }

    /**
     * Every participant as CSV: {@code participant}, {@code study_id}, {@code session_id}, {@code condition},
     * {@code batch}, {@code state} (active, reclaimed or submitted), {@code attention_passed}, {@code kept},
     * {@code minutes} (assignment to submission), {@code teq_score} and {@code teq_1} to {@code teq_16} (answers
     * -2 Never to 2 Always); empty where not known.
     */
    static String participantsCsv(Assignments assignments) {
        StringBuilder csv = new StringBuilder("participant,study_id,session_id,condition,batch,state,attention_passed,"
                + "kept,minutes,teq_score");
        for (int i = 1; i <= TorontoEmpathyQuestionnaire.ITEMS.size(); i++) {
            csv.append(",teq_").append(i);
        }
        csv.append("\r\n");
        for (Assignments.Assignment a : assignments.all()) {
            boolean submitted = a.state == Assignments.State.SUBMITTED;
            csv.append(field(a.participant)).append(',').append(field(a.studyId)).append(',')
                    .append(field(a.sessionId)).append(',').append(field(a.batch.condition())).append(',')
                    .append(field(a.batch.id())).append(',').append(a.state.name().toLowerCase(Locale.ROOT))
                    .append(',').append(submitted ? Boolean.toString(a.attentionPassed) : "").append(',')
                    .append(submitted ? Boolean.toString(a.kept) : "").append(',')
                    .append(submitted && a.submitted != null ? Pages.number(Duration.between(a.assigned,
                            a.submitted).toMillis() / 60_000.0, 2) : "");
            List<Integer> answers = a.questionnaire;
            csv.append(',').append(answers == null ? "" : Integer.toString(TorontoEmpathyQuestionnaire.score(answers)));
            for (int i = 0; i < TorontoEmpathyQuestionnaire.ITEMS.size(); i++) {
                csv.append(',').append(answers == null ? "" : Integer.toString(answers.get(i)));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    /** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
    private static String field(String value) {
        if (value == null) {
            return "";
        }
        return value.matches("[^,\"\r\n]*") ? value : '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String row(String label, int value) {
        return "<tr><th>" + label + "</th><td>" + value + "</td></tr>";
    }

    /** The median in minutes; NaN when there is none. */
    static double median(List<Duration> times) {
        if (times.isEmpty()) {
            return Double.NaN;
        }
        double[] m = times.stream().mapToDouble(d -> d.toMillis() / 60_000.0).sorted().toArray();
        int n = m.length;
        return n % 2 == 1 ? m[n / 2] : (m[n / 2 - 1] + m[n / 2]) / 2;
    }
}
