package io.github.empathy4j.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.Score;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a level out of a judge's answer, never guessing. Accepted, in this order: a JSON object (alone, in code
 * fences or inside prose) whose field {@code rating} (or {@code verdict}, {@code score}, {@code level}, {@code value},
 * {@code label}) is a level's label or code; a line such as {@code Rating: 3} or {@code Score = Good (3)}; an
 * answer, or a first line, that is only a label or a code (such as {@code **Good**}). A value that names two
 * different levels ({@code 3 (Okay)}) or none is no answer.
 */
final class JudgeAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VALUE_FIELDS = List.of("rating", "verdict", "score", "level", "value", "label");
    private static final List<String> REASON_FIELDS = List.of("rationale", "reason", "explanation", "justification");
    private static final Pattern LABELLED = Pattern.compile(
            "(?im)^[\\s*#>_-]*(?:final\\s+)?(?:rating|score|level|answer|verdict)[\\s*_]*[:=][\\s*_]*(.+)$");
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*");
    private static final Pattern LEADING_CODE = Pattern.compile("^(-?\\d+)(?![\\d.]\\d)(.*)$", Pattern.DOTALL);
    private static final int MAX_RATIONALE = 1_000;

    private JudgeAnswers() {
    }

    /** The score in an answer, with the JSON rationale or else the answer as its rationale; empty when none. */
    static Optional<Score> parse(String answer, RatingScale.Dimension dimension) {
        String text = FENCE.matcher(answer).replaceAll("").strip();
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start >= 0 && end > start) {
            Optional<Score> json = fromJson(text.substring(start, end + 1), dimension);
            if (json != null) {
                return json;
            }
        }
        String rationale = text.length() <= MAX_RATIONALE ? text : text.substring(0, MAX_RATIONALE) + "...";
        Matcher labelled = LABELLED.matcher(text);
        if (labelled.find()) {
            return level(labelled.group(1), dimension, true).map(l -> new Score(l.code(), rationale));
        }
        Optional<RatingScale.Level> bare = level(text, dimension, false);
        if (bare.isEmpty()) {
            bare = level(text.lines().findFirst().orElse(""), dimension, false);
        }
        return bare.map(l -> new Score(l.code(), rationale));
    }

    /** The score of a JSON answer; {@code null} when the text is not JSON with a value field. */
    private static Optional<Score> fromJson(String json, RatingScale.Dimension dimension) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        String reason = null;
        for (String field : REASON_FIELDS) {
            JsonNode v = node.get(field);
            if (v != null && v.isValueNode() && !v.asText().isBlank()) {
                reason = v.asText().strip();
                break;
            }
        }
        for (String field : VALUE_FIELDS) {
            JsonNode v = node.get(field);
            if (v != null && v.isValueNode()) {
                String why = reason;
                return level(v.asText(), dimension, true).map(l -> new Score(l.code(), why));
            }
        }
        return null;
    }

    /**
     * The level a value names: exactly a code or label (ignoring surrounding quotes, emphasis and final
     * punctuation) or, when {@code leading}, a code or label that starts it (such as {@code 3 (Good)} or
     * {@code Good. It shows care}), provided the rest does not start with another level's label.
     */
    static Optional<RatingScale.Level> level(String value, RatingScale.Dimension dimension, boolean leading) {
        String v = trim(value);
        Optional<RatingScale.Level> exact = exact(v, dimension);
        if (exact.isPresent() || !leading) {
            return exact;
        }
        Matcher code = LEADING_CODE.matcher(v);
        if (code.matches()) {
            Optional<RatingScale.Level> byCode = exact(code.group(1), dimension);
            return byCode.filter(l -> !startsWithOtherLabel(code.group(2), l, dimension));
        }
        String lower = v.toLowerCase(Locale.ROOT);
        return dimension.levels().stream()
                .sorted(Comparator.comparingInt((RatingScale.Level l) -> l.label().length()).reversed())
                .filter(l -> {
                    String label = l.label().toLowerCase(Locale.ROOT);
                    return lower.startsWith(label) && (lower.length() == label.length()
                            || !Character.isLetterOrDigit(lower.charAt(label.length())));
                })
                .findFirst()
                .filter(l -> {
                    Matcher rest = Pattern.compile("\\d+").matcher(v.substring(l.label().length()));
                    return !rest.find() || rest.start() > 3 || rest.group().equals(Integer.toString(l.code()));
                });
    }

    private static Optional<RatingScale.Level> exact(String value, RatingScale.Dimension dimension) {
        try {
            return Optional.of(dimension.parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the text after a code starts, past punctuation, with the label of a level other than {@code level}. */
    private static boolean startsWithOtherLabel(String rest, RatingScale.Level level, RatingScale.Dimension dimension) {
        String r = rest.replaceFirst("^[\\s()\\[\\]=:/*_-]+", "").toLowerCase(Locale.ROOT);
        return dimension.levels().stream().filter(l -> l.code() != level.code())
                .anyMatch(l -> r.startsWith(l.label().toLowerCase(Locale.ROOT)))
                && !r.startsWith(level.label().toLowerCase(Locale.ROOT));
    }

    private static String trim(String value) {
        return value.strip().replaceAll("^[\\s\"'`*_]+|[\\s\"'`*_.,;!]+$", "");
    }
}
