package io.github.empathy4j.study;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Turn;
import io.github.empathy4j.core.rating.RatingScale;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The server's HTML pages; every text a participant or the data gave is escaped. */
final class Pages {

    /** One worked example per level of the study's scale, in our words: a situation and three replies. */
    private static final String EXAMPLE_SITUATION = "My dog died last week. I still expect him to run to the door "
            + "when I get home.";
    private static final Map<String, String> EXAMPLE_REPLIES = Map.of(
            "Bad", "Dogs are great. Have you thought about getting a new one?",
            "Okay", "I'm sorry to hear that. Losing a pet is hard.",
            "Good", "I'm so sorry. After years of him greeting you, a quiet doorway must hurt every day. "
                    + "How are you holding up?");

    private Pages() {
    }

    /** Escapes text for HTML content and quoted attributes. */
    static String esc(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A whole page. */
    static String page(String prefix, String title, String body) {
        return page(prefix, title, body, "");
    }

    static String page(String prefix, String title, String body, String head) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title><link rel=\"stylesheet\" href=\"" + prefix + "/static/app.css\">"
                + head + "</head>\n<body><main>\n" + body + "\n</main></body></html>\n";
    }

    /** The page asking for an id when the platform gave none. */
    static String enterId(String prefix, String problem) {
        return page(prefix, "Welcome", "<h1>Welcome</h1>"
                + (problem == null ? "" : "<p class=\"error\">" + esc(problem) + "</p>")
                + "<p>Please enter the participant id your crowd platform gave you (your Prolific ID or worker "
                + "ID).</p><form method=\"get\" action=\"" + prefix + "/\"><label for=\"participant\">Your id</label> "
                + "<input id=\"participant\" name=\"participant\" required maxlength=\"64\" "
                + "pattern=\"[A-Za-z0-9_\\-]{1,64}\" autocomplete=\"off\"> "
                + "<button type=\"submit\">Continue</button></form>");
    }

    /** The consent page, whose form starts the study. */
    static String consent(String prefix, String consent, String participant, String studyId, String sessionId,
            String csrf) {
        StringBuilder body = new StringBuilder("<h1>Information and consent</h1>");
        for (String paragraph : consent.strip().split("\\R\\s*\\R")) {
            body.append("<p>").append(esc(paragraph.strip())).append("</p>");
        }
        body.append("<form method=\"post\" action=\"").append(prefix).append("/start\">")
                .append(hidden("participant", participant)).append(hidden("studyId", studyId))
                .append(hidden("sessionId", sessionId)).append(hidden("csrf", csrf))
                .append("<p class=\"id\">Participant id: <code>").append(esc(participant)).append("</code></p>")
                .append("<button type=\"submit\" id=\"agree\">I agree, continue</button></form>");
        return page(prefix, "Information and consent", body.toString());
    }

    private static String hidden(String name, String value) {
        return value == null ? "" : "<input type=\"hidden\" name=\"" + name + "\" value=\"" + esc(value) + "\">";
    }

    /**
     * The instructions: the question, the levels and a worked example per level; their button leads to the
     * questionnaire when there is one, else to the rating page.
     */
    static String instructions(String prefix, String token, RatingScale.Dimension dimension, int positions,
            boolean questionnaire) {
        StringBuilder body = new StringBuilder("<h1>Instructions</h1>");
        body.append("<p>You will read ").append(positions).append(" short conversations. In each, a person (the "
                + "<em>speaker</em>) shares something that happened to them, and another person (the "
                + "<em>listener</em>) replies. For each reply, answer:</p>");
        body.append("<blockquote class=\"question\">").append(esc(dimension.question())).append("</blockquote>");
        body.append("<table class=\"levels\"><thead><tr><th>Answer</th><th>Meaning</th></tr></thead><tbody>");
        for (RatingScale.Level l : dimension.levels()) {
            body.append("<tr><th>").append(esc(l.label())).append("</th><td>").append(esc(l.meaning()))
                    .append("</td></tr>");
        }
        body.append("</tbody></table>");
        boolean examples = dimension.levels().stream().allMatch(l -> EXAMPLE_REPLIES.containsKey(l.label()));
        if (examples) {
            body.append("<h2>Examples</h2><div class=\"card\"><p class=\"situation\"><strong>Speaker:</strong> ")
                    .append(esc(EXAMPLE_SITUATION)).append("</p>");
            for (RatingScale.Level l : dimension.levels()) {
                body.append("<p class=\"example\"><strong>Listener:</strong> ")
                        .append(esc(EXAMPLE_REPLIES.get(l.label()))).append(" <span class=\"tag\">")
                        .append(esc(l.label())).append("</span></p>");
            }
            body.append("<p class=\"hint\">Your own judgement counts: there are no right or wrong answers, except "
                    + "for one item that asks you to choose a given answer to check that you are reading.</p></div>");
        } else {
            body.append("<p class=\"hint\">Your own judgement counts: there are no right or wrong answers, except "
                    + "for one item that asks you to choose a given answer to check that you are reading.</p>");
        }
        if (questionnaire) {
            body.append("<p>Before you rate, please answer a short questionnaire about yourself (")
                    .append(TorontoEmpathyQuestionnaire.ITEMS.size()).append(" statements).</p>");
        }
        body.append("<p><a class=\"button\" id=\"begin\" href=\"").append(prefix).append("/a/").append(token)
                .append(questionnaire ? "/teq" : "/rate").append("\">Begin</a></p>");
        return page(prefix, "Instructions", body.toString());
    }

    /**
     * The Toronto Empathy Questionnaire: its instruction and 16 statements, each with the five answers.
     *
     * @param values earlier answers by field name ({@code q1} to {@code q16}), to show again after a refused form
     * @param missing the item numbers to mark as unanswered
     */
    static String questionnaire(String prefix, String token, String csrf, Map<String, String> values,
            Set<Integer> missing) {
        List<String> items = TorontoEmpathyQuestionnaire.ITEMS;
        StringBuilder body = new StringBuilder("<h1>About you</h1>");
        if (!missing.isEmpty()) {
            body.append("<p class=\"error\" id=\"problem\">Please answer every statement; ")
                    .append(missing.size() == 1 ? "one is" : missing.size() + " are").append(" still open.</p>");
        }
        body.append("<p>").append(esc(TorontoEmpathyQuestionnaire.INSTRUCTION)).append("</p>");
        body.append("<form method=\"post\" class=\"answers\" id=\"questionnaire\" action=\"").append(prefix)
                .append("/a/").append(token).append("/teq\">").append(hidden("csrf", csrf));
        for (int i = 1; i <= items.size(); i++) {
            String field = "q" + i;
            body.append("<section class=\"card item statement").append(missing.contains(i) ? " open" : "")
                    .append("\" id=\"statement-").append(i).append("\"><fieldset><legend>").append(i).append(". ")
                    .append(esc(items.get(i - 1))).append("</legend>");
            for (int code = TorontoEmpathyQuestionnaire.LOWEST; code <= -TorontoEmpathyQuestionnaire.LOWEST; code++) {
                String value = Integer.toString(code);
                body.append("<label><input type=\"radio\" required name=\"").append(field).append("\" value=\"")
                        .append(value).append('"').append(value.equals(values.get(field)) ? " checked" : "")
                        .append("> ").append(TorontoEmpathyQuestionnaire.ANSWERS.get(code
                                - TorontoEmpathyQuestionnaire.LOWEST)).append("</label>");
            }
            body.append("</fieldset></section>");
        }
        body.append("<p class=\"submit\"><span id=\"count\"></span> <button type=\"submit\" id=\"send\">Continue "
                + "to the ratings</button></p></form>");
        return page(prefix, "About you", body.toString(), "<script src=\"" + prefix + "/static/app.js\" defer>"
                + "</script>");
    }

    /** One item of the rating page: its dialogue and reply, or the attention check. */
    record Shown(Dialogue dialogue, String reply) {
    }

    /**
     * The rating page: every item with the question and a choice per level; the attention check at its place.
     *
     * @param shown the items by position from 1, {@code null} at the attention check's position
     * @param values the participant's earlier answers by field name, to show again after a refused submission
     * @param missing the positions to mark as unanswered
     */
    static String rate(String prefix, String token, String csrf, RatingScale.Dimension dimension, List<Shown> shown,
            RatingScale.Level check, Map<String, String> values, Set<Integer> missing) {
        int n = shown.size();
        StringBuilder body = new StringBuilder("<h1>Rate the replies</h1>");
        if (!missing.isEmpty()) {
            body.append("<p class=\"error\" id=\"problem\">Please answer every item; ")
                    .append(missing.size() == 1 ? "one is" : missing.size() + " are").append(" still open.</p>");
        }
        body.append("<form method=\"post\" class=\"answers\" id=\"ratings\" action=\"").append(prefix).append("/a/")
                .append(token)
                .append("/rate\">").append(hidden("csrf", csrf));
        for (int p = 1; p <= n; p++) {
            Shown s = shown.get(p - 1);
            body.append("<section class=\"card item").append(missing.contains(p) ? " open" : "")
                    .append("\" id=\"item-").append(p).append("\"><h2>").append(p).append(" of ").append(n)
                    .append("</h2>");
            if (s == null) {
                body.append("<p class=\"check\">This item checks that you are reading carefully. Please choose <strong>")
                        .append(esc(check.label())).append("</strong> below.</p>");
            } else {
                body.append("<p class=\"situation\"><strong>Situation:</strong> ").append(esc(s.dialogue().situation()))
                        .append("</p>");
                for (Turn t : s.dialogue().turns()) {
                    body.append("<p class=\"turn\"><strong>")
                            .append(t.role() == Turn.Role.SPEAKER ? "Speaker" : "Listener").append(":</strong> ")
                            .append(esc(t.text())).append("</p>");
                }
                body.append("<p class=\"reply\"><strong>Listener's reply:</strong> ").append(esc(s.reply()))
                        .append("</p>");
            }
            body.append("<fieldset><legend>").append(s == null ? "Your answer:" : esc(dimension.question()))
                    .append("</legend>");
            String field = "r" + p;
            for (RatingScale.Level l : dimension.levels()) {
                String code = Integer.toString(l.code());
                body.append("<label><input type=\"radio\" required name=\"").append(field).append("\" value=\"")
                        .append(code).append('"').append(code.equals(values.get(field)) ? " checked" : "")
                        .append("> ").append(esc(l.label())).append("</label>");
            }
            body.append("</fieldset></section>");
        }
        body.append("<p class=\"submit\"><span id=\"count\"></span> <button type=\"submit\" id=\"send\">Submit my "
                + "ratings</button></p></form>");
        return page(prefix, "Rate the replies", body.toString(),
                "<script src=\"" + prefix + "/static/app.js\" defer></script>");
    }

    /** The last page: the completion code and the way back to the platform. */
    static String done(String prefix, String code, String completionUrl, boolean kept) {
        StringBuilder body = new StringBuilder("<h1>Thank you!</h1>");
        body.append(kept ? "<p>Your ratings are saved.</p>" : "<p>Your answers are recorded.</p>");
        body.append("<p>Your completion code:</p><p class=\"code\" id=\"code\">").append(esc(code)).append("</p>");
        String head = "";
        if (completionUrl != null) {
            body.append("<p>You will be taken back to the study platform in a few seconds. If not, "
                    + "<a id=\"complete\" href=\"").append(esc(completionUrl)).append("\">continue here</a>.</p>");
            head = "<meta http-equiv=\"refresh\" content=\"5;url=" + esc(completionUrl) + "\">";
        } else {
            body.append("<p>Please enter this code on the study platform. You may close this page.</p>");
        }
        return page(prefix, "Thank you", body.toString(), head);
    }

    /** A page with a title and one sentence, for errors and full studies. */
    static String message(String prefix, String title, String text) {
        return page(prefix, title, "<h1>" + esc(title) + "</h1><p>" + esc(text) + "</p>");
    }

    /** A number as text, for tables. */
    static String number(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
