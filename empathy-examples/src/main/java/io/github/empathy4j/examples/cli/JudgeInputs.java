package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.stats.JudgeDiagnostics;
import io.github.empathy4j.stats.JudgedReply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What the judge diagnostics need from a run or the release: the judged replies with their lengths and authors. */
final class JudgeInputs {

    private JudgeInputs() {
    }

    /**
     * One judge's replies: each reply it rated (several ratings of one reply become their majority), with its
     * length in words from the reply's text, its author and the crowd's ratings of it.
     *
     * @param judge the judge's ratings on the dimension
     * @param crowd the crowd's ratings on the dimension
     * @param replies the replies' texts
     * @param author each condition's author: {@code human} or a model family
     * @throws ConfigurationException naming a rating whose reply has no text
     */
    static List<JudgedReply> replies(List<Rating> judge, List<Rating> crowd, List<Reply> replies,
            Function<String, String> author, RatingScale.Dimension dimension) {
        Map<String, String> texts = new LinkedHashMap<>();
        replies.forEach(r -> texts.put(key(r.condition(), r.dialogueId()), r.text()));
        Map<String, List<Integer>> judged = new LinkedHashMap<>();
        Map<String, Rating> first = new LinkedHashMap<>();
        for (Rating r : judge) {
            judged.computeIfAbsent(key(r.condition(), r.dialogueId()), k -> new ArrayList<>()).add(r.value());
            first.putIfAbsent(key(r.condition(), r.dialogueId()), r);
        }
        Map<String, List<Integer>> crowdRatings = new LinkedHashMap<>();
        crowd.forEach(r -> crowdRatings.computeIfAbsent(key(r.condition(), r.dialogueId()), k -> new ArrayList<>())
                .add(r.value()));
        List<JudgedReply> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : judged.entrySet()) {
            Rating r = first.get(e.getKey());
            String text = texts.get(e.getKey());
            if (text == null) {
                throw new ConfigurationException("judge " + r.rater() + " rated the reply of " + r.condition() + " to "
                        + r.dialogueId() + ", but the replies have no text for it; its length is unknown");
            }
            out.add(new JudgedReply(r.dialogueId(), r.condition(), author.apply(r.condition()), words(text),
                    Combination.MAJORITY.combine(e.getValue(), dimension),
                    crowdRatings.getOrDefault(e.getKey(), List.of())));
        }
        return out;
    }

    /**
     * The diagnostics of judges against the crowd on the same replies.
     *
     * @param ratings a run's ratings: its judges' and panels' and its crowd's
     * @param extraCrowd more crowd ratings of the run's replies (the release's)
     * @param replies the run's replies, for their lengths
     * @param dimension the dimension rated
     * @param judges the judges to show, or empty for every judge and panel
     * @param author each condition's author: {@code human} or a model family
     * @param family each judge's model family
     * @return one per judge; empty when there is no crowd rating or no judge
     */
    static List<JudgeDiagnostics> diagnostics(List<Rating> ratings, List<Rating> extraCrowd, List<Reply> replies,
            RatingScale.Dimension dimension, List<String> judges, Function<String, String> author,
            Function<String, String> family, String baseline, int resamples, long seed) {
        List<Rating> onDimension = ratings.stream().filter(r -> r.dimension().equals(dimension.id())).toList();
        List<Rating> crowd = crowd(ratings, extraCrowd, dimension);
        Map<String, List<Rating>> bySource = judgeRatings(onDimension);
        if (crowd.isEmpty()) {
            return List.of();
        }
        List<JudgeDiagnostics> diagnostics = new ArrayList<>();
        for (String judge : judges.isEmpty() ? bySource.keySet() : judges) {
            diagnostics.add(JudgeDiagnostics.of(judge, family.apply(judge), replies(bySource.get(judge), crowd,
                    replies, author, dimension), baseline, dimension, CONFIDENCE, resamples, seed));
        }
        return diagnostics;
    }

    /** The crowd's ratings on the dimension: a run's ({@code ratings}) and {@code extraCrowd} (the release's). */
    static List<Rating> crowd(List<Rating> ratings, List<Rating> extraCrowd, RatingScale.Dimension dimension) {
        List<Rating> crowd = new ArrayList<>(ratings.stream().filter(r -> r.dimension().equals(dimension.id())
                && r.kind() == RaterSource.Kind.CROWD).toList());
        crowd.addAll(extraCrowd);
        return crowd;
    }

    /** The confidence level of the diagnostics' intervals. */
    static final double CONFIDENCE = 0.95;

    /** The ratings of each judge and panel (not the crowd), by source name, in order of appearance. */
    static Map<String, List<Rating>> judgeRatings(List<Rating> ratings) {
        Map<String, List<Rating>> bySource = new LinkedHashMap<>();
        ratings.stream().filter(r -> r.kind() != RaterSource.Kind.CROWD)
                .forEach(r -> bySource.computeIfAbsent(r.rater(), k -> new ArrayList<>()).add(r));
        return bySource;
    }

    /** The number of words: runs of non-whitespace characters. */
    static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    private static String key(String condition, String dialogueId) {
        return condition + '\u0000' + dialogueId;
    }
}
