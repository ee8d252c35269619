package io.github.empathy4j.stats;

import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.Valence;
import io.github.empathy4j.core.rating.RatingScale;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;

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
     * successes, totals and unanswered replies (empty, refused); from ratings also the packed per-dialogue ratings
     * of {@link Bootstrap} and each dialogue's level index per condition ({@code -1} where none), dialogue-major.
     */
    private record GroupInput(Group group, Integer dialogues, long[][] levels, long[] successes, long[] totals,
            long[][] unanswered, long[] packed, int[] levelOf) {

        boolean fromRatings() {
            return packed != null;
        }
    }

    /** One reply's ratings by its source (the level codes), or its outcome when it had nothing to rate. */
    private static final class RatedReply {
        final String condition;
        final String dialogueId;
        final List<Integer> values = new ArrayList<>();
        final List<String> raters = new ArrayList<>();
        Reply.Outcome unanswered;

        RatedReply(String condition, String dialogueId) {
            this.condition = condition;
            this.dialogueId = dialogueId;
        }
    }

    static StudyAnalysis fromRatings(List<Rating> ratings, List<UnansweredReply> unanswered,
            Function<String, Emotion> emotionOf, AnalysisOptions options) {
        RatingScale.Dimension dimension = options.analysedDimension();
        Map<String, String> pinned = options.conditionRaters();
        Map<String, Long> sourceCounts = new TreeMap<>();
        Map<String, RaterSource> sources = new HashMap<>();
        Map<String, RaterSource> every = new HashMap<>();
        List<Rating> used = new ArrayList<>();
        List<RaterSource> usedSources = new ArrayList<>();
        for (Rating r : ratings) {
            Objects.requireNonNull(r, "rating");
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
            RaterSource source = RaterSource.of(r);
            if (!pinned.containsKey(r.condition())) {
                sourceCounts.merge(source.name(), 1L, Long::sum);
                RaterSource known = sources.putIfAbsent(source.name(), source);
                if (known != null && known.kind() != source.kind()) {
                    throw new IllegalArgumentException("rater '" + source.name() + "' is both a " + known.kindName()
                            + " and a " + source.kindName() + " (" + describe(r) + ")");
                }
            }
            every.putIfAbsent(source.name(), source);
            used.add(r);
            usedSources.add(source);
        }
        String chosen = chooseSource(sourceCounts, sources, options.rater().orElse(null));
        Map<String, Map<String, RatedReply>> replies = new LinkedHashMap<>();
        Map<String, String> sourceOfCondition = new LinkedHashMap<>();
        for (int i = 0; i < used.size(); i++) {
            Rating r = used.get(i);
            String wanted = pinned.getOrDefault(r.condition(), chosen);
            if (!usedSources.get(i).name().equals(wanted)) {
                continue;
            }
            sourceOfCondition.put(r.condition(), wanted);
            RatedReply reply = replies.computeIfAbsent(r.condition(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(r.dialogueId(), d -> new RatedReply(r.condition(), d));
            reply.values.add(r.value());
            reply.raters.add(r.rater());
        }
        for (String condition : pinned.keySet()) {
            if (!replies.containsKey(condition)) {
                throw new IllegalArgumentException("condition '" + condition + "' has no rating by rater source '"
                        + pinned.get(condition) + "'");
            }
        }
        for (UnansweredReply u : unanswered) {
            Objects.requireNonNull(u, "unanswered reply");
            if (pinned.containsKey(u.condition()) || chosen == null) {
                continue;
            }
            sourceOfCondition.putIfAbsent(u.condition(), chosen);
            RatedReply reply = replies.computeIfAbsent(u.condition(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(u.dialogueId(), d -> new RatedReply(u.condition(), d));
            reply.unanswered = u.outcome();
        }
        Map<String, Long> ratingsBySource = new LinkedHashMap<>();
        Map<String, Long> repliesBySource = new LinkedHashMap<>();
        Map<String, Integer> mostBySource = new LinkedHashMap<>();
        for (Map<String, RatedReply> byDialogue : replies.values()) {
            for (RatedReply reply : byDialogue.values()) {
                if (reply.unanswered != null) {
                    continue;
                }
                String source = sourceOfCondition.get(reply.condition);
                ratingsBySource.merge(source, (long) reply.values.size(), Long::sum);
                repliesBySource.merge(source, 1L, Long::sum);
                mostBySource.merge(source, reply.values.size(), Math::max);
            }
        }
        if (replies.isEmpty()) {
            throw new IllegalArgumentException("no ratings on scale '" + options.scale().id() + "', dimension '"
                    + options.dimension() + "'");
        }

        List<String> conditions = order(replies.keySet(), options.baseline());
        Analyzer analyzer = new Analyzer(options, conditions);
        int k = conditions.size();
        int levels = dimension.levels().size();
        Map<String, Integer> dialogueIndex = new HashMap<>();
        List<Emotion> emotionOfDialogue = new ArrayList<>();
        List<long[]> packedRows = new ArrayList<>();
        List<int[]> levelRows = new ArrayList<>();
        long[][][] byEmotion = new long[Emotion.values().length][k][levels];
        long[][][] unansweredByEmotion = new long[Emotion.values().length][k][2];
        for (int c = 0; c < k; c++) {
            for (RatedReply reply : replies.get(conditions.get(c)).values()) {
                Integer d = dialogueIndex.get(reply.dialogueId);
                if (d == null) {
                    Emotion emotion = emotionOf.apply(reply.dialogueId);
                    if (emotion == null) {
                        throw new IllegalArgumentException("no emotion is known for dialogue '" + reply.dialogueId
                                + "' (reply of condition '" + reply.condition + "')");
                    }
                    d = emotionOfDialogue.size();
                    dialogueIndex.put(reply.dialogueId, d);
                    emotionOfDialogue.add(emotion);
                    packedRows.add(new long[k]);
                    int[] none = new int[k];
                    Arrays.fill(none, -1);
                    levelRows.add(none);
                }
                int e = emotionOfDialogue.get(d).ordinal();
                int level;
                if (reply.unanswered != null) {
                    unansweredByEmotion[e][c][reply.unanswered == Reply.Outcome.EMPTY ? 0
                            : 1]++;
                    if (options.unanswered() == UnansweredPolicy.EXCLUDE) {
                        continue;
                    }
                    level = 0;
                } else {
                    level = dimension.indexOf(options.perReply().combine(reply.values, dimension));
                }
                packedRows.get(d)[c] += Bootstrap.pack(analyzer.success[level]);
                levelRows.get(d)[c] = level;
                byEmotion[e][c][level]++;
            }
        }
        int dialogues = emotionOfDialogue.size();
        long[] packed = new long[dialogues * k];
        int[] levelOf = new int[dialogues * k];
        for (int d = 0; d < dialogues; d++) {
            System.arraycopy(packedRows.get(d), 0, packed, d * k, k);
            System.arraycopy(levelRows.get(d), 0, levelOf, d * k, k);
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
        List<Emotion> everyEmotion = Arrays.asList(Emotion.values());
        GroupInput overall = analyzer.ratingsGroup(Group.overall(), all, sum(byEmotion, everyEmotion),
                sum(unansweredByEmotion, everyEmotion), packed, levelOf);
        List<GroupInput> valences = new ArrayList<>();
        valenceDialogues.forEach((v, ds) -> {
            if (!ds.isEmpty()) {
                valences.add(analyzer.ratingsGroup(Group.of(v), ds, sum(byEmotion, Emotion.of(v)),
                        sum(unansweredByEmotion, Emotion.of(v)), packed, levelOf));
            }
        });
        List<GroupInput> emotions = new ArrayList<>();
        emotionDialogues.forEach((e, ds) -> {
            if (!ds.isEmpty()) {
                emotions.add(analyzer.ratingsGroup(Group.of(e), ds, byEmotion[e.ordinal()],
                        unansweredByEmotion[e.ordinal()], packed, levelOf));
            }
        });
        List<RaterSummary> raters = new ArrayList<>();
        new LinkedHashSet<>(sourceOfCondition.values()).forEach(name -> {
            RaterSource source = every.get(name);
            int most = mostBySource.getOrDefault(name, 0);
            raters.add(new RaterSummary(name, source.kindName(), source.describe(),
                    conditions.stream().filter(c -> name.equals(sourceOfCondition.get(c))).toList(),
                    ratingsBySource.getOrDefault(name, 0L), repliesBySource.getOrDefault(name, 0L), most,
                    most > 1 ? options.perReply().name().toLowerCase(Locale.ROOT) : SINGLE));
        });
        boolean raterIdentity = sourceOfCondition.values().stream()
                .allMatch(name -> every.get(name).kind() == RaterSource.Kind.CROWD);
        String unit = RaterAware.unit(String.join(" and ", new LinkedHashSet<>(sourceOfCondition.values())),
                mostBySource.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        RaterAware raterAware = RaterAware.of(analyzer.individualRatings(replies), raterIdentity, unit, conditions,
                options);
        return analyzer.analyse(overall, valences, emotions, raters, raterAware);
    }

    /**
     * Every rating of the analysed replies, and each unanswered reply counted at the lowest level as a rating by a
     * rater of its own.
     */
    private RaterAware.Ratings individualRatings(Map<String, Map<String, RatedReply>> replies) {
        List<int[]> rows = new ArrayList<>();
        List<String> raterIds = new ArrayList<>();
        List<String> dialogueIds = new ArrayList<>();
        for (int c = 0; c < conditions.size(); c++) {
            for (RatedReply reply : replies.get(conditions.get(c)).values()) {
                if (reply.unanswered != null) {
                    if (options.unanswered() == UnansweredPolicy.LOWEST) {
                        rows.add(new int[] {c, 0, success[0] ? 1 : 0});
                        raterIds.add("unanswered " + reply.condition + " " + reply.dialogueId);
                        dialogueIds.add(reply.dialogueId);
                    }
                    continue;
                }
                for (int i = 0; i < reply.values.size(); i++) {
                    int level = dimension.indexOf(reply.values.get(i));
                    rows.add(new int[] {c, level, success[level] ? 1 : 0});
                    raterIds.add(reply.raters.get(i));
                    dialogueIds.add(reply.dialogueId);
                }
            }
        }
        int n = rows.size();
        return new RaterAware.Ratings(rows.stream().mapToInt(row -> row[0]).toArray(),
                rows.stream().mapToInt(row -> row[1]).toArray(), rows.stream().mapToInt(row -> row[2]).toArray(),
                raterIds.toArray(new String[n]), dialogueIds.toArray(new String[n]));
    }

    /** How a reply's single rating is used: as it is. */
    private static final String SINGLE = "single";

    /**
     * The source analysed for the conditions without a source of their own: the chosen one (a judge's spec as given
     * names the only judge with that provider, model and options, defaults added), else the only one, else the only
     * panel.
     *
     * @throws RaterChoiceException listing the sources when the chosen one has no rating or the choice is open
     */
    private static String chooseSource(Map<String, Long> counts, Map<String, RaterSource> sources, String chosen) {
        if (chosen != null) {
            if (counts.containsKey(chosen)) {
                return chosen;
            }
            List<String> withParameters = counts.keySet().stream().filter(name -> sameSpec(chosen, name)).toList();
            if (withParameters.size() != 1) {
                throw new RaterChoiceException("no rating is by rater source '" + chosen + "'", chosen, counts);
            }
            return withParameters.get(0);
        }
        if (counts.size() <= 1) {
            return counts.isEmpty() ? null : counts.keySet().iterator().next();
        }
        List<String> panels = counts.keySet().stream()
                .filter(name -> sources.get(name).kind() == RaterSource.Kind.PANEL).toList();
        if (panels.size() == 1) {
            return panels.get(0);
        }
        throw new RaterChoiceException("the ratings come from " + counts.size() + " rater sources"
                + (panels.isEmpty() ? "" : ", " + panels.size() + " of them panels,") + " and an analysis is of one;"
                + " choose one with AnalysisOptions.withRater", null, counts);
    }

    /**
     * Whether a judge's spec as the user gave it names a rater: the same {@code provider:model} and every option
     * given among the rater's (which adds the defaults, such as {@code seed=42&temperature=0}), URL-decoded.
     */
    private static boolean sameSpec(String given, String rater) {
        Map<String, String> givenOptions = new HashMap<>();
        Map<String, String> raterOptions = new HashMap<>();
        String givenBase = parseSpec(given, givenOptions);
        return givenBase.equals(parseSpec(rater, raterOptions))
                && raterOptions.entrySet().containsAll(givenOptions.entrySet());
    }

    /** The spec's {@code provider:model}, its options put into {@code options}, all URL-decoded. */
    private static String parseSpec(String spec, Map<String, String> options) {
        int query = spec.indexOf('?');
        if (query >= 0) {
            for (String option : spec.substring(query + 1).split("&")) {
                int equals = option.indexOf('=');
                options.put(decode(equals < 0 ? option : option.substring(0, equals)),
                        equals < 0 ? "" : decode(option.substring(equals + 1)));
            }
        }
        return decode(query < 0 ? spec : spec.substring(0, query));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
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

    private GroupInput ratingsGroup(Group group, List<Integer> dialogues, long[][] levels, long[][] unanswered,
            long[] packed, int[] levelOf) {
        int k = conditions.size();
        long[] successes = new long[k];
        long[] totals = new long[k];
        for (int c = 0; c < k; c++) {
            for (int l = 0; l < levels[c].length; l++) {
                totals[c] += levels[c][l];
                successes[c] += success[l] ? levels[c][l] : 0;
            }
        }
        long[] groupPacked = new long[dialogues.size() * k];
        int[] groupLevels = new int[dialogues.size() * k];
        for (int i = 0; i < dialogues.size(); i++) {
            System.arraycopy(packed, dialogues.get(i) * k, groupPacked, i * k, k);
            System.arraycopy(levelOf, dialogues.get(i) * k, groupLevels, i * k, k);
        }
        return new GroupInput(group, dialogues.size(), levels, successes, totals, unanswered, groupPacked,
                groupLevels);
    }

    static StudyAnalysis fromCounts(StudyCounts counts, AnalysisOptions options) {
        Analyzer analyzer = new Analyzer(options, order(counts.overall().keySet(), options.baseline()));
        GroupInput overall = analyzer.countsGroup(Group.overall(), counts.overall());
        List<GroupInput> valences = new ArrayList<>();
        for (Valence v : Valence.values()) {
            if (counts.valences().containsKey(v)) {
                valences.add(analyzer.countsGroup(Group.of(v), counts.valences().get(v)));
            }
        }
        List<GroupInput> emotions = new ArrayList<>();
        for (Emotion e : Emotion.values()) {
            if (counts.emotions().containsKey(e)) {
                emotions.add(analyzer.countsGroup(Group.of(e), counts.emotions().get(e)));
            }
        }
        return analyzer.analyse(overall, valences, emotions, List.of(), null);
    }

    private GroupInput countsGroup(Group group, Map<String, Counts> counts) {
        if (!counts.keySet().equals(new HashSet<>(conditions))) {
            throw new IllegalArgumentException("group '" + group.label() + "' has conditions " + counts.keySet()
                    + ", expected " + conditions);
        }
        int k = conditions.size();
        int levels = dimension.levels().size();
        long[][] levelCounts = new long[k][];
        long[] successes = new long[k];
        long[] totals = new long[k];
        for (int c = 0; c < k; c++) {
            String where = "group '" + group.label() + "', condition '" + conditions.get(c) + "': ";
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
            if (totals[c] < 0) {
                throw new IllegalArgumentException(where + "negative total " + totals[c]);
            }
        }
        return new GroupInput(group, null, levelCounts, successes, totals, new long[k][2], null, null);
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

    private StudyAnalysis analyse(GroupInput overall, List<GroupInput> valences, List<GroupInput> emotions,
            List<RaterSummary> raters, RaterAware raterAware) {
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
                bootstrap ? options.bootstrapResamples() : 0, options.seed(),
                Families.correct(List.of(overallResult), conditions).get(0),
                Families.correct(valenceResults, conditions), Families.correct(emotionResults, conditions), raters,
                options.perReply().name().toLowerCase(Locale.ROOT), options.unanswered().id(),
                Optional.ofNullable(raterAware), options.margin());
    }

    private GroupAnalysis group(GroupInput g, SplittableRandom random) {
        int k = conditions.size();
        double confidence = options.confidenceLevel();
        List<ConditionSummary> summaries = new ArrayList<>(k);
        double[] share = new double[k];
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            share[c] = g.totals[c] == 0 ? Double.NaN : (double) g.successes[c] / g.totals[c];
            if (g.totals[c] == 0) {
                missing.add("condition '" + conditions.get(c) + "' has no ratings");
            }
            summaries.add(new ConditionSummary(conditions.get(c), g.totals[c],
                    g.levels[c] == null ? null : Arrays.stream(g.levels[c]).boxed().toList(), g.successes[c],
                    share[c], g.totals[c] == 0 ? new Interval(Double.NaN, Double.NaN)
                            : Interval.wilson(g.successes[c], g.totals[c], confidence),
                    g.unanswered[c][0], g.unanswered[c][1]));
        }
        if (!missing.isEmpty()) {
            return untestable(g, summaries, String.join("; ", missing));
        }
        try {
            return tested(g, summaries, share, random);
        } catch (IllegalArgumentException e) {
            return untestable(g, summaries, e.getMessage());
        }
    }

    private static GroupAnalysis untestable(GroupInput g, List<ConditionSummary> summaries, String reason) {
        return new GroupAnalysis(g.group, g.dialogues, summaries, List.of(),
                new Omnibus(null, null, null, null, null, null, null),
                Optional.of(reason));
    }

    private GroupAnalysis tested(GroupInput g, List<ConditionSummary> summaries, double[] share,
            SplittableRandom random) {
        int k = conditions.size();
        double confidence = options.confidenceLevel();
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
                    ContingencyTests.cramersV(table), ContingencyTests.fisher(table),
                    levelsKnown ? ContingencyTests.chiSquare(levelTable) : null,
                    levelsKnown ? ContingencyTests.cramersV(levelTable) : null,
                    g.fromRatings() ? RankTests.mannWhitney(Ranks.ofCounts(codes, g.levels[c], g.levels[0])) : null,
                    g.fromRatings() ? paired(g, c) : null, effects(g, c, table, levelTable),
                    Power.of(g.successes[c], g.totals[c], g.successes[0], g.totals[0], 1 - confidence),
                    options.margin().isPresent() ? Equivalence.of(g.successes[c], g.totals[c], g.successes[0],
                            g.totals[0], options.margin().getAsDouble(), 1 - confidence) : null));
        }
        boolean allLevels = Arrays.stream(g.levels).allMatch(Objects::nonNull);
        Ranks all = g.fromRatings() ? Ranks.ofCounts(codes, g.levels) : null;
        String pairs = "dunn pairs of conditions, " + g.group.label();
        int[] complete = g.fromRatings() ? pairedDialogues(g, null) : null;
        int[] every = IntStream.range(0, k).toArray();
        Omnibus omnibus = new Omnibus(allLevels ? ContingencyTests.chiSquare(g.levels) : null,
                allLevels ? ContingencyTests.cramersV(g.levels) : null,
                all == null ? null : RankTests.kruskalWallis(all),
                all == null ? null : RankTests.dunn(conditions, all).stream().map(d -> new DunnPair(d.first(),
                        d.second(), d.meanRankDifference(), d.z(), d.p().named(pairs))).toList(),
                complete == null ? null : complete.length,
                complete == null ? null : complete.length == 0 ? TestResult.undefined()
                        : PairedTests.cochranQ(successes(g, complete, every)),
                complete == null ? null : complete.length == 0 ? TestResult.undefined()
                        : PairedTests.friedman(levelCodes(g, complete, every)));
        return new GroupAnalysis(g.group, g.dialogues, summaries, comparisons, omnibus, Optional.empty());
    }

    /**
     * The group's dialogues (indices within it) rated under condition {@code c} and the baseline, or under every
     * condition when {@code c} is {@code null}.
     */
    private int[] pairedDialogues(GroupInput g, Integer c) {
        int k = conditions.size();
        return IntStream.range(0, g.dialogues).filter(d -> c == null
                ? IntStream.range(0, k).allMatch(j -> g.levelOf[d * k + j] >= 0)
                : g.levelOf[d * k + c] >= 0 && g.levelOf[d * k] >= 0).toArray();
    }

    /** Per condition given (indices), its success on each of the dialogues, all rated under it. */
    private boolean[][] successes(GroupInput g, int[] dialogues, int... which) {
        int k = conditions.size();
        boolean[][] result = new boolean[which.length][dialogues.length];
        for (int j = 0; j < which.length; j++) {
            for (int i = 0; i < dialogues.length; i++) {
                result[j][i] = success[g.levelOf[dialogues[i] * k + which[j]]];
            }
        }
        return result;
    }

    /** Per condition given (indices), its level code on each of the dialogues, all rated under it. */
    private double[][] levelCodes(GroupInput g, int[] dialogues, int... which) {
        int k = conditions.size();
        double[][] result = new double[which.length][dialogues.length];
        for (int j = 0; j < which.length; j++) {
            for (int i = 0; i < dialogues.length; i++) {
                result[j][i] = codes[g.levelOf[dialogues[i] * k + which[j]]];
            }
        }
        return result;
    }

    /** The paired tests of condition {@code c} against the baseline on the dialogues rated under both. */
    private PairedComparison paired(GroupInput g, int c) {
        int[] both = pairedDialogues(g, c);
        boolean[][] good = successes(g, both, c, 0);
        double[][] level = levelCodes(g, both, c, 0);
        long conditionOnly = 0;
        long baselineOnly = 0;
        for (int i = 0; i < both.length; i++) {
            conditionOnly += good[0][i] && !good[1][i] ? 1 : 0;
            baselineOnly += good[1][i] && !good[0][i] ? 1 : 0;
        }
        if (both.length == 0) {
            return new PairedComparison(0, 0, 0, TestResult.undefined(), TestResult.undefined(),
                    TestResult.undefined());
        }
        return new PairedComparison(both.length, conditionOnly, baselineOnly,
                PairedTests.mcNemar(conditionOnly, baselineOnly, true),
                PairedTests.wilcoxonSignedRank(level[0], level[1]), PairedTests.stuartMaxwell(level[0], level[1]));
    }

    /**
     * The effect sizes of condition {@code c} against the baseline; phi's and Cramér's V's intervals (milliseconds
     * each) only overall and by valence.
     */
    private Effects effects(GroupInput g, int c, long[][] table, long[][] levelTable) {
        double confidence = options.confidenceLevel();
        boolean intervals = !(g.group instanceof Group.OfEmotion);
        return new Effects(
                EffectSizes.riskDifference(g.successes[c], g.totals[c], g.successes[0], g.totals[0], confidence),
                EffectSizes.riskRatio(g.successes[c], g.totals[c], g.successes[0], g.totals[0], confidence),
                EffectSizes.oddsRatio(g.successes[c], g.totals[c], g.successes[0], g.totals[0], confidence),
                levelTable == null ? null : EffectSizes.cliffsDelta(levelTable[0], levelTable[1], confidence),
                intervals ? EffectSizes.cramersV(table, confidence) : null,
                intervals && levelTable != null ? EffectSizes.cramersV(levelTable, confidence) : null);
    }
}
