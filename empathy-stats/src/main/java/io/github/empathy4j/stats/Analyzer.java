package io.github.empathy4j.stats;

import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Valence;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Computes a {@link StudyAnalysis} from ratings or counts. */
final class Analyzer {

    private final AnalysisOptions options;
    private final RatingScale.Dimension dimension;
    private final boolean[] success;
    private final List<String> conditions;
    private final double[] codes;

    private Analyzer(AnalysisOptions options, List<String> conditions) {
        this.options = options;
        this.dimension = options.analysedDimension();
        this.conditions = conditions;
        this.codes = dimension.levels().stream().mapToDouble(RatingScale.Level::code).toArray();
        this.success = new boolean[dimension.levels().size()];
        for (int code : options.successLevels()) {
            success[dimension.indexOf(code)] = true;
        }
    }

    /**
     * One group's input: per condition (baseline first) the level counts (a row is {@code null} when unknown),
     * successes and totals; from ratings also the packed per-dialogue ratings of {@link Bootstrap}.
     */
    private record GroupInput(String name, Integer dialogues, long[][] levels, long[] successes, long[] totals,
            long[] packed) {

        boolean fromRatings() {
            return packed != null;
        }
    }

    static StudyAnalysis fromRatings(List<Rating> ratings, Function<String, Emotion> emotionOf,
            AnalysisOptions options) {
        RatingScale.Dimension dimension = options.analysedDimension();
        Map<String, Integer> appearance = new LinkedHashMap<>();
        Map<String, Integer> dialogueIndex = new HashMap<>();
        List<Emotion> emotionOfDialogue = new ArrayList<>();
        int size = ratings.size();
        int[] condition = new int[size];
        int[] dialogue = new int[size];
        int[] level = new int[size];
        int used = 0;
        for (int i = 0; i < size; i++) {
            Rating r = Objects.requireNonNull(ratings.get(i), "rating");
            if (!r.scale().equals(options.scale().id())) {
                throw new IllegalArgumentException(describe(r) + " is on scale '" + r.scale() + "', expected '"
                        + options.scale().id() + "'");
            }
            if (!r.dimension().equals(options.dimension())) {
                continue;
            }
            if (!dimension.contains(r.value())) {
                throw new IllegalArgumentException(describe(r) + " has value " + r.value() + "; expected "
                        + dimension.describe());
            }
            Integer d = dialogueIndex.get(r.dialogueId());
            if (d == null) {
                Emotion emotion = emotionOf.apply(r.dialogueId());
                if (emotion == null) {
                    throw new IllegalArgumentException("no emotion is known for dialogue '" + r.dialogueId()
                            + "' (" + describe(r) + ")");
                }
                d = emotionOfDialogue.size();
                dialogueIndex.put(r.dialogueId(), d);
                emotionOfDialogue.add(emotion);
            }
            condition[used] = appearance.computeIfAbsent(r.condition(), c -> appearance.size());
            dialogue[used] = d;
            level[used] = dimension.indexOf(r.value());
            used++;
        }
        if (used == 0) {
            throw new IllegalArgumentException("no ratings on scale '" + options.scale().id() + "', dimension '"
                    + options.dimension() + "'");
        }
        List<String> conditions = order(appearance.keySet(), options.baseline());
        int[] position = new int[conditions.size()];
        appearance.forEach((name, index) -> position[index] = conditions.indexOf(name));
        Analyzer analyzer = new Analyzer(options, conditions);

        int k = conditions.size();
        int levels = dimension.levels().size();
        int dialogues = emotionOfDialogue.size();
        long[] packed = new long[dialogues * k];
        long[][][] byEmotion = new long[Emotion.values().length][k][levels];
        for (int i = 0; i < used; i++) {
            int c = position[condition[i]];
            packed[dialogue[i] * k + c] += Bootstrap.pack(analyzer.success[level[i]]);
            byEmotion[emotionOfDialogue.get(dialogue[i]).ordinal()][c][level[i]]++;
        }
        List<Integer> all = new ArrayList<>();
        Map<Valence, List<Integer>> valenceDialogues = new LinkedHashMap<>();
        Map<Emotion, List<Integer>> emotionDialogues = new LinkedHashMap<>();
        for (Valence v : Valence.values()) {
            valenceDialogues.put(v, new ArrayList<>());
        }
        for (Emotion e : Emotion.values()) {
            emotionDialogues.put(e, new ArrayList<>());
        }
        for (int d = 0; d < dialogues; d++) {
            Emotion e = emotionOfDialogue.get(d);
            all.add(d);
            valenceDialogues.get(e.valence()).add(d);
            emotionDialogues.get(e).add(d);
        }
        GroupInput overall = analyzer.ratingsGroup("overall", all, sum(byEmotion, Arrays.asList(Emotion.values())),
                packed);
        List<GroupInput> valences = new ArrayList<>();
        valenceDialogues.forEach((v, ds) -> {
            if (!ds.isEmpty()) {
                valences.add(analyzer.ratingsGroup(v.label(), ds, sum(byEmotion, Emotion.of(v)), packed));
            }
        });
        List<GroupInput> emotions = new ArrayList<>();
        emotionDialogues.forEach((e, ds) -> {
            if (!ds.isEmpty()) {
                emotions.add(analyzer.ratingsGroup(e.label(), ds, byEmotion[e.ordinal()], packed));
            }
        });
        return analyzer.analyse(overall, valences, emotions);
    }

    private static String describe(Rating r) {
        return "rating of condition '" + r.condition() + "', dialogue '" + r.dialogueId() + "' by '" + r.rater()
                + "'";
    }

    private static long[][] sum(long[][][] byEmotion, List<Emotion> emotions) {
        long[][] total = new long[byEmotion[0].length][byEmotion[0][0].length];
        for (Emotion e : emotions) {
            for (int c = 0; c < total.length; c++) {
                for (int l = 0; l < total[c].length; l++) {
                    total[c][l] += byEmotion[e.ordinal()][c][l];
                }
            }
        }
        return total;
    }

    private GroupInput ratingsGroup(String name, List<Integer> dialogues, long[][] levels, long[] packed) {
        int k = conditions.size();
        long[] successes = new long[k];
        long[] totals = new long[k];
        for (int c = 0; c < k; c++) {
            for (int l = 0; l < levels[c].length; l++) {
                totals[c] += levels[c][l];
                successes[c] += success[l] ? levels[c][l] : 0;
            }
            if (totals[c] == 0) {
                throw new IllegalArgumentException("group '" + name + "': condition '" + conditions.get(c)
                        + "' has no ratings (" + dialogues.size() + " dialogues in the group)");
            }
        }
        long[] groupPacked = new long[dialogues.size() * k];
        for (int i = 0; i < dialogues.size(); i++) {
            System.arraycopy(packed, dialogues.get(i) * k, groupPacked, i * k, k);
        }
        return new GroupInput(name, dialogues.size(), levels, successes, totals, groupPacked);
    }

    static StudyAnalysis fromCounts(StudyCounts counts, AnalysisOptions options) {
        Analyzer analyzer = new Analyzer(options, order(counts.overall().keySet(), options.baseline()));
        GroupInput overall = analyzer.countsGroup("overall", counts.overall());
        List<GroupInput> valences = new ArrayList<>();
        for (Valence v : Valence.values()) {
            if (counts.valences().containsKey(v)) {
                valences.add(analyzer.countsGroup(v.label(), counts.valences().get(v)));
            }
        }
        List<GroupInput> emotions = new ArrayList<>();
        for (Emotion e : Emotion.values()) {
            if (counts.emotions().containsKey(e)) {
                emotions.add(analyzer.countsGroup(e.label(), counts.emotions().get(e)));
            }
        }
        return analyzer.analyse(overall, valences, emotions);
    }

    private GroupInput countsGroup(String name, Map<String, Counts> counts) {
        if (!counts.keySet().equals(new HashSet<>(conditions))) {
            throw new IllegalArgumentException("group '" + name + "' has conditions " + counts.keySet()
                    + ", expected " + conditions);
        }
        int k = conditions.size();
        int levels = dimension.levels().size();
        long[][] levelCounts = new long[k][];
        long[] successes = new long[k];
        long[] totals = new long[k];
        for (int c = 0; c < k; c++) {
            String where = "group '" + name + "', condition '" + conditions.get(c) + "': ";
            Counts x = counts.get(conditions.get(c));
            if (x.levels() != null) {
                if (x.levels().size() != levels) {
                    throw new IllegalArgumentException(where + x.levels().size() + " level counts " + x.levels()
                            + ", expected " + levels + " for " + dimension.describe());
                }
                levelCounts[c] = new long[levels];
                for (int l = 0; l < levels; l++) {
                    long n = x.levels().get(l);
                    if (n < 0) {
                        RatingScale.Level level = dimension.levels().get(l);
                        throw new IllegalArgumentException(where + "count " + n + " of level " + level.code() + " ("
                                + level.label() + ") is negative");
                    }
                    levelCounts[c][l] = n;
                    successes[c] += success[l] ? n : 0;
                }
            } else if (x.successes() < 0 || x.successes() > x.total()) {
                throw new IllegalArgumentException(where + "successes " + x.successes() + " outside [0, "
                        + x.total() + "]");
            } else {
                successes[c] = x.successes();
            }
            totals[c] = x.total();
            if (totals[c] <= 0) {
                throw new IllegalArgumentException(where + "no ratings (total " + totals[c] + ")");
            }
        }
        return new GroupInput(name, null, levelCounts, successes, totals, null);
    }

    private static List<String> order(Collection<String> names, String baseline) {
        if (!names.contains(baseline)) {
            throw new IllegalArgumentException("baseline '" + baseline + "' is not among the conditions " + names);
        }
        if (names.size() < 2) {
            throw new IllegalArgumentException("need at least two conditions to compare, got " + names);
        }
        List<String> ordered = new ArrayList<>();
        ordered.add(baseline);
        names.stream().filter(n -> !n.equals(baseline)).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    private StudyAnalysis analyse(GroupInput overall, List<GroupInput> valences, List<GroupInput> emotions) {
        boolean bootstrap = overall.fromRatings() && options.bootstrapResamples() > 0;
        SplittableRandom root = new SplittableRandom(options.seed());
        GroupAnalysis overallResult = group(overall, bootstrap ? root.split() : null);
        List<GroupAnalysis> valenceResults = new ArrayList<>();
        for (GroupInput g : valences) {
            valenceResults.add(group(g, bootstrap ? root.split() : null));
        }
        List<GroupAnalysis> emotionResults = new ArrayList<>();
        for (GroupInput g : emotions) {
            emotionResults.add(group(g, bootstrap ? root.split() : null));
        }
        return new StudyAnalysis(options.scale().id(), options.dimension(), dimension.levels(),
                options.successLevels(), options.baseline(), conditions, options.confidenceLevel(),
                bootstrap ? options.bootstrapResamples() : 0, options.seed(), overallResult,
                Families.correct(valenceResults), Families.correct(emotionResults));
    }

    private GroupAnalysis group(GroupInput g, SplittableRandom random) {
        int k = conditions.size();
        double confidence = options.confidenceLevel();
        List<ConditionSummary> summaries = new ArrayList<>(k);
        double[] share = new double[k];
        for (int c = 0; c < k; c++) {
            share[c] = (double) g.successes[c] / g.totals[c];
            summaries.add(new ConditionSummary(conditions.get(c), g.totals[c],
                    g.levels[c] == null ? null : Arrays.stream(g.levels[c]).boxed().toList(), g.successes[c],
                    share[c], Interval.wilson(g.successes[c], g.totals[c], confidence)));
        }
        Interval[][] intervals = random == null ? null
                : Bootstrap.intervals(g.packed, k, options.bootstrapResamples(), confidence, random);
        List<Comparison> comparisons = new ArrayList<>(k - 1);
        for (int c = 1; c < k; c++) {
            long[][] table = {{g.successes[c], g.totals[c] - g.successes[c]},
                {g.successes[0], g.totals[0] - g.successes[0]}};
            boolean levelsKnown = g.levels[c] != null && g.levels[0] != null;
            long[][] levelTable = levelsKnown ? new long[][] {g.levels[c], g.levels[0]} : null;
            comparisons.add(new Comparison(conditions.get(c), conditions.get(0), share[c] - share[0],
                    intervals == null ? null : intervals[c][0], share[c] / share[0] - 1,
                    intervals == null ? null : intervals[c][1], ContingencyTests.yates(table),
                    ContingencyTests.cramersV(table),
                    ContingencyTests.smallExpected(table) ? ContingencyTests.fisher(table) : null,
                    levelsKnown ? ContingencyTests.chiSquare(levelTable) : null,
                    levelsKnown ? ContingencyTests.cramersV(levelTable) : null,
                    g.fromRatings() ? RankTests.mannWhitney(Ranks.ofCounts(codes, g.levels[c], g.levels[0])) : null));
        }
        boolean allLevels = Arrays.stream(g.levels).allMatch(Objects::nonNull);
        Ranks all = g.fromRatings() ? Ranks.ofCounts(codes, g.levels) : null;
        Omnibus omnibus = new Omnibus(allLevels ? ContingencyTests.chiSquare(g.levels) : null,
                allLevels ? ContingencyTests.cramersV(g.levels) : null,
                all == null ? null : RankTests.kruskalWallis(all),
                all == null ? null : RankTests.dunn(conditions, all));
        return new GroupAnalysis(g.name, g.dialogues, summaries, comparisons, omnibus);
    }
}
