package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Rater-aware estimates for the overall comparison of every condition with the baseline, from the individual
 * ratings of the analysed source (not the per-reply aggregate the tests use): ratings by the same rater, or of the
 * same dialogue, are not independent, and these estimates say how much that widens the intervals.
 *
 * <ul>
 *   <li>Logistic regression of success on condition ({@link ClusteredLogit}) with the model-based standard errors
 *       (ratings independent), the cluster-robust ones by rater, and the two-way ones by rater and dialogue. Where
 *       the ratings carry no rater identity (an LLM judge or a panel: one rater, not a sample of raters) the
 *       one-way clustering is by dialogue and there is no two-way estimate; {@link #notes()} says so.</li>
 *   <li>The cluster bootstrap of each condition's share of success, resampling raters within conditions
 *       ({@link ClusterBootstrap}), with the analysis' resamples and seed; only with rater identity and a
 *       bootstrap.</li>
 *   <li>The cumulative link mixed model of the levels on condition with random intercepts for rater and dialogue
 *       ({@link CumulativeLinkMixedModel}), only when asked ({@link AnalysisOptions#withMixedModel}) and with rater
 *       identity.</li>
 * </ul>
 * An estimate that cannot be computed (a condition with all or no ratings a success, a rater in two conditions for
 * the bootstrap, a fit that does not converge) is {@code null} with the reason in {@link #notes()}. Empty replies
 * and refusals counted at the lowest level ({@link UnansweredPolicy#LOWEST}) enter as ratings at the lowest level,
 * each its own rater; left out otherwise.
 *
 * <p>JSON fields: {@code unit}, {@code clusteredBy} ({@code rater} or {@code dialogue}), {@code conditions},
 * {@code ratings}, {@code clusters}, {@code dialogues}, {@code modelBased}, {@code clustered}, {@code twoWay} (lists
 * of {@link LogitEffect}, one per non-baseline condition in the order of {@code conditions}, whose
 * {@code condition} is the index into it), {@code clusterBootstrap} ({@link ClusterShares}),
 * {@code mixedModel} ({@link CumulativeLinkMixedModel}), {@code notes}; absent estimates are {@code null}.
 *
 * @param unit what the estimates are of, such as {@code the individual ratings of crowd (1 per reply), not the
 *     per-reply aggregate}
 * @param clusteredBy {@code rater} when the ratings carry rater identity, else {@code dialogue}
 * @param conditions the conditions, baseline first (index 0)
 * @param ratings the number of ratings used
 * @param clusters the number of clusters of the one-way clustering (raters or dialogues)
 * @param dialogues the number of dialogues
 * @param modelBased the effects with model-based standard errors, or {@code null}
 * @param clustered the effects with one-way cluster-robust standard errors, or {@code null}
 * @param twoWay the effects with two-way (rater and dialogue) cluster-robust standard errors, or {@code null}
 * @param clusterBootstrap the shares and their differences with cluster bootstrap intervals, or {@code null}
 * @param mixedModel the cumulative link mixed model, or {@code null}
 * @param notes why an estimate is absent, and what the clustering is
 */
public record RaterAware(String unit, String clusteredBy, List<String> conditions, long ratings, int clusters,
        int dialogues, List<LogitEffect> modelBased, List<LogitEffect> clustered, List<LogitEffect> twoWay,
        ClusterShares clusterBootstrap, CumulativeLinkMixedModel mixedModel, List<String> notes) {

    /** {@link #clusteredBy()} with rater identity. */
    public static final String RATER = "rater";
    /** {@link #clusteredBy()} without rater identity. */
    public static final String DIALOGUE = "dialogue";

    public RaterAware {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(clusteredBy, "clusteredBy");
        conditions = List.copyOf(conditions);
        modelBased = modelBased == null ? null : List.copyOf(modelBased);
        clustered = clustered == null ? null : List.copyOf(clustered);
        twoWay = twoWay == null ? null : List.copyOf(twoWay);
        notes = List.copyOf(notes);
    }

    /**
     * The one-way clustered effect of a condition.
     *
     * @throws IllegalArgumentException naming the conditions when there is no such non-baseline condition, or the
     *     reason when the estimate is absent
     */
    public LogitEffect clusteredEffect(String condition) {
        return effect(clustered, condition);
    }

    /** The model-based effect of a condition; see {@link #clusteredEffect}. */
    public LogitEffect modelBasedEffect(String condition) {
        return effect(modelBased, condition);
    }

    private LogitEffect effect(List<LogitEffect> effects, String condition) {
        int c = conditions.indexOf(condition);
        if (c < 1) {
            throw new IllegalArgumentException("no compared condition '" + condition + "'; they are: "
                    + String.join(", ", conditions.subList(1, conditions.size())));
        }
        if (effects == null) {
            throw new IllegalArgumentException("no logistic regression: " + String.join("; ", notes));
        }
        return effects.get(c - 1);
    }

    /**
     * The individual ratings of the analysed source, one per index.
     *
     * @param condition the condition's index into the analysis' conditions
     * @param level the level's index, lowest first
     * @param success 1 for a success, else 0
     * @param rater the rater's id (meaningful with rater identity)
     * @param dialogue the dialogue's id
     */
    record Ratings(int[] condition, int[] level, int[] success, String[] rater, String[] dialogue) {
    }

    /** The estimates; see the type's description. */
    static RaterAware of(Ratings r, boolean raterIdentity, String unit, List<String> conditions,
            AnalysisOptions options) {
        List<String> notes = new ArrayList<>();
        double confidence = options.confidenceLevel();
        int[] rater = ids(r.rater());
        int[] dialogue = ids(r.dialogue());
        int[] cluster = raterIdentity ? rater : dialogue;
        String numbering = IntStream.range(0, conditions.size()).mapToObj(c -> c + " " + conditions.get(c))
                .collect(Collectors.joining(", "));
        if (!raterIdentity) {
            notes.add("the ratings carry no rater identity (one judge, not a sample of raters): clustered by"
                    + " dialogue; no two-way estimate, cluster bootstrap or mixed model");
        }
        List<LogitEffect> modelBased = attempt(notes, "logistic regression", numbering,
                () -> ClusteredLogit.modelBased(r.condition(), r.success(), confidence));
        List<LogitEffect> clustered = modelBased == null ? null : attempt(notes, "clustered standard errors",
                numbering, () -> ClusteredLogit.clustered(r.condition(), r.success(), cluster, confidence));
        List<LogitEffect> twoWay = modelBased == null || !raterIdentity ? null : attempt(notes,
                "two-way standard errors", numbering,
                () -> ClusteredLogit.twoWay(r.condition(), r.success(), rater, dialogue, confidence));
        ClusterShares bootstrap = null;
        String crossed = raterIdentity ? crossedRater(r, conditions) : null;
        if (crossed != null && options.bootstrapResamples() > 0) {
            notes.add("cluster bootstrap not computed: " + crossed + "; it resamples raters within conditions");
        } else if (raterIdentity && options.bootstrapResamples() > 0) {
            bootstrap = attempt(notes, "cluster bootstrap", numbering, () -> ClusterBootstrap.shares(r.condition(),
                    r.success(), rater, options.bootstrapResamples(), confidence, options.seed()));
        }
        CumulativeLinkMixedModel mixed = null;
        if (options.mixedModel() && raterIdentity) {
            try {
                mixed = CumulativeLinkMixedModel.fit(r.level(), r.condition(), rater, dialogue, confidence);
            } catch (IllegalArgumentException | NonConvergenceException e) {
                notes.add("mixed model not fitted: " + e.getMessage() + " (conditions numbered " + numbering + ")");
            }
        }
        return new RaterAware(unit, raterIdentity ? RATER : DIALOGUE, conditions, r.condition().length,
                distinct(cluster), distinct(dialogue), modelBased, clustered, twoWay, bootstrap, mixed, notes);
    }

    private static <T> T attempt(List<String> notes, String what, String numbering, Supplier<T> estimate) {
        try {
            return estimate.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            notes.add(what + " not computed: " + e.getMessage() + " (conditions numbered " + numbering + ")");
            return null;
        }
    }

    /** The first rater who rated two conditions, such as {@code rater 'p7' rated human and gpt-4}; else null. */
    private static String crossedRater(Ratings r, List<String> conditions) {
        Map<String, Integer> conditionOf = new HashMap<>();
        for (int i = 0; i < r.rater().length; i++) {
            int c = r.condition()[i];
            Integer first = conditionOf.putIfAbsent(r.rater()[i], c);
            if (first != null && first != c) {
                return "rater '" + r.rater()[i] + "' rated " + conditions.get(first) + " and " + conditions.get(c);
            }
        }
        return null;
    }

    /** Dense int ids, in order of first appearance. */
    private static int[] ids(String[] names) {
        Map<String, Integer> index = new HashMap<>();
        int[] ids = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            ids[i] = index.computeIfAbsent(names[i], n -> index.size());
        }
        return ids;
    }

    private static int distinct(int[] ids) {
        return (int) IntStream.of(ids).distinct().count();
    }

    /** A unit phrase, such as {@code the individual ratings of crowd (up to 3 per reply), not the per-reply ...}. */
    static String unit(String source, int mostPerReply) {
        return String.format(Locale.ROOT, "the individual ratings of %s (%s per reply), not the per-reply aggregate",
                source, mostPerReply > 1 ? "up to " + mostPerReply : "1");
    }
}
