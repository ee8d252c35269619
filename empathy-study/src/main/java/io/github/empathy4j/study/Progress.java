package io.github.empathy4j.study;

import io.github.empathy4j.core.crowd.CrowdStudy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The researcher's progress page. */
final class Progress {

    private Progress() {
    }

    /** Batches done, in progress and open per condition; exclusions; median time and implied hourly pay. */
    static String page(String prefix, CrowdStudy study, Assignments assignments, StudySettings settings,
            Instant now) {
        int k = settings.ratersPerBatch();
        Map<String, int[]> rows = new LinkedHashMap<>();
        for (CrowdStudy.Batch b : study.batches()) {
            int[] r = rows.computeIfAbsent(b.condition(), c -> new int[5]);
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
        StringBuilder body = new StringBuilder("<h1>Study progress</h1>");
        body.append("<p>").append(study.batches().size()).append(" batches, ").append(k)
                .append(k == 1 ? " rater" : " raters").append(" per batch, reclaimed after ")
                .append(settings.timeout().toMinutes()).append(" min. As of ").append(now).append(".</p>");
        body.append("<table id=\"conditions\"><thead><tr><th>Condition</th><th>Batches</th><th>Done</th>"
                + "<th>In progress</th><th>Open</th><th>Ratings of batches</th></tr></thead><tbody>");
        int[] total = new int[5];
        for (Map.Entry<String, int[]> e : rows.entrySet()) {
            int[] r = e.getValue();
            body.append("<tr><th>").append(Pages.esc(e.getKey())).append("</th>");
            for (int i = 0; i < 4; i++) {
                body.append("<td>").append(r[i]).append("</td>");
                total[i] += r[i];
            }
            total[4] += r[4];
            body.append("<td>").append(r[4]).append(" of ").append(r[0] * k).append("</td></tr>");
        }
        body.append("<tr class=\"total\"><th>All</th>");
        for (int i = 0; i < 4; i++) {
            body.append("<td>").append(total[i]).append("</td>");
        }
        body.append("<td>").append(total[4]).append(" of ").append(total[0] * k).append("</td></tr></tbody></table>");

        List<Assignments.Assignment> all = assignments.all();
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
        return Pages.page(prefix, "Study progress", body.toString());
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
