package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Valence;
import io.github.empathy4j.core.rating.Combination;
import io.github.empathy4j.core.rating.RatingScale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole analysis on a small data set whose reference values come from R (script in the comments): three
 * conditions, three emotions (afraid: negative; joyful, proud: positive), eight dialogues each.
 */
class StudyAnalysisTest {

    // R data:
    // d <- list(afraid=list(human=c(1,2,2,3,1,2,3,2), a=c(2,3,3,3,2,2,3,3), b=c(1,1,2,3,2,2,2,3)),
    //           joyful=list(human=c(2,2,3,3,1,3,2,2), a=c(3,3,3,2,3,3,2,3), b=c(2,3,2,2,3,1,2,2)),
    //           proud =list(human=c(1,1,2,2,3,2,1,2), a=c(2,3,3,3,3,2,2,3), b=c(2,2,2,3,1,2,3,3)))
    private static final Map<Emotion, int[][]> DATA = new LinkedHashMap<>();

    static {
        DATA.put(Emotion.AFRAID, new int[][] {{1, 2, 2, 3, 1, 2, 3, 2}, {2, 3, 3, 3, 2, 2, 3, 3}, {1, 1, 2, 3, 2, 2, 2, 3}});
        DATA.put(Emotion.JOYFUL, new int[][] {{2, 2, 3, 3, 1, 3, 2, 2}, {3, 3, 3, 2, 3, 3, 2, 3}, {2, 3, 2, 2, 3, 1, 2, 2}});
        DATA.put(Emotion.PROUD, new int[][] {{1, 1, 2, 2, 3, 2, 1, 2}, {2, 3, 3, 3, 3, 2, 2, 3}, {2, 2, 2, 3, 1, 2, 3, 3}});
    }

    private static final String[] CONDITIONS = {"human", "a", "b"};

    static List<Rating> ratings() {
        List<Rating> ratings = new ArrayList<>();
        // non-baseline first, to check that the baseline is put first
        for (int c : new int[] {1, 0, 2}) {
            DATA.forEach((emotion, values) -> {
                for (int i = 0; i < values[c].length; i++) {
                    ratings.add(new Rating(CONDITIONS[c], emotion.label() + "-" + i, "judge", "study", "empathy",
                            values[c][i], null, null));
                }
            });
        }
        return ratings;
    }

    static Emotion emotionOf(String dialogueId) {
        return Emotion.parse(dialogueId.substring(0, dialogueId.indexOf('-')));
    }

    private static final AnalysisOptions NO_BOOTSTRAP = AnalysisOptions.study().withBaseline("human").withBootstrap(0, 1);

    @Test
    void overallComparisonMatchesR() {
        StudyAnalysis analysis = StudyAnalysis.of(ratings(), StudyAnalysisTest::emotionOf, NO_BOOTSTRAP);
        assertThat(analysis.conditions()).containsExactly("human", "a", "b");
        GroupAnalysis overall = analysis.overall();
        assertThat(overall.dialogues()).isEqualTo(24);
        assertThat(overall.condition("human").counts()).containsExactly(6L, 12L, 6L);
        assertThat(overall.condition("a").counts()).containsExactly(0L, 8L, 16L);
        Comparison a = overall.comparison("a");
        near(a.shareDifference(), 16 / 24.0 - 6 / 24.0);
        near(a.relativeIncrease(), 16 / 6.0 - 1);
        // R (see class comment): t2 <- matrix(c(16, 8, 6, 18), 2, byrow=TRUE)
        // chisq.test(t2, correct=TRUE) -> 6.7972027972027966, p 0.0091300803627076457
        near(a.yates().statistic(), 6.7972027972027966);
        near(a.yates().p().raw(), 0.0091300803627076457);
        // sqrt(chisq.test(t2, correct=FALSE)$statistic / 48) -> 0.41812100500354538
        near(a.phi(), 0.41812100500354538);
        // every expected count is at least 5: no Fisher test (R: fisher.test(t2)$p.value would be 0.0084147321911615062)
        assertThat(a.fisher()).isNull();
        // chisq.test(rbind(c(0,8,16), c(6,12,6))) -> 11.345454545454546, df 2, p 0.0034384748181587542, V 0.4861724348043977
        near(a.levels().statistic(), 11.345454545454546);
        assertThat(a.levels().df()).isEqualTo(2);
        near(a.levels().p().raw(), 0.0034384748181587542);
        near(a.cramersV(), 0.4861724348043977);
        // wilcox.test(a, human, correct=TRUE) -> W 432, p 0.0011611591411780197
        near(a.mannWhitney().statistic(), 432);
        near(a.mannWhitney().p().raw(), 0.0011611591411780197);
        // b: chisq.test(..., correct=TRUE) -> 0, p 1; wilcox.test -> W 315, p 0.54869662646435313
        near(overall.comparison("b").yates().p().raw(), 1);
        near(overall.comparison("b").mannWhitney().p().raw(), 0.54869662646435313);
    }

    @Test
    void omnibusMatchesR() {
        Omnibus omnibus = StudyAnalysis.of(ratings(), StudyAnalysisTest::emotionOf, NO_BOOTSTRAP).overall().omnibus();
        // R: chisq.test(rbind(tab(human), tab(a), tab(b))) -> 13.148589341692791, df 4, p 0.010572125233422065,
        //    V 0.30217486362402801; kruskal.test(list(human, a, b)) -> 12.573101608735525, df 2, p 0.0018611684224526235
        near(omnibus.chiSquare().statistic(), 13.148589341692791);
        assertThat(omnibus.chiSquare().df()).isEqualTo(4);
        near(omnibus.chiSquare().p().raw(), 0.010572125233422065);
        near(omnibus.cramersV(), 0.30217486362402801);
        near(omnibus.kruskalWallis().statistic(), 12.573101608735525);
        near(omnibus.kruskalWallis().p().raw(), 0.0018611684224526235);
        assertThat(omnibus.dunn()).hasSize(3);
        assertThat(omnibus.dunn().get(0).first()).isEqualTo("human");
        assertThat(omnibus.dunn().get(0).p().familySize()).isEqualTo(3);
    }

    @Test
    void valenceAndEmotionGroupsWithTheirFamilies() {
        StudyAnalysis analysis = StudyAnalysis.of(ratings(), StudyAnalysisTest::emotionOf, NO_BOOTSTRAP);
        assertThat(analysis.valences()).extracting(g -> g.group().label()).containsExactly("positive", "negative");
        assertThat(analysis.emotions()).extracting(g -> g.group().label()).containsExactly("afraid", "joyful", "proud");
        // R: positive = joyful + proud: wilcox.test(a, human) -> W 194, p 0.0066957767892994579
        GroupAnalysis positive = analysis.valence(Valence.POSITIVE);
        assertThat(positive.dialogues()).isEqualTo(16);
        near(positive.comparison("a").mannWhitney().statistic(), 194);
        near(positive.comparison("a").mannWhitney().p().raw(), 0.0066957767892994579);
        near(positive.omnibus().kruskalWallis().statistic(), 8.624198717948719);
        // R: negative (afraid): b and human have the same counts: chisq 0, df 2, p 1, V 0
        Comparison b = analysis.valence(Valence.NEGATIVE).comparison("b");
        near(b.levels().statistic(), 0);
        near(b.levels().p().raw(), 1);
        near(b.cramersV(), 0);
        // R: yates p of a vs human per emotion -> 0.31349994558358812 0.31349994558358812 0.12133525035848296
        //    p.adjust(.., "holm") -> 0.62699989116717625 0.62699989116717625 0.36400575107544886
        //    p.adjust(.., "BH") -> 0.31349994558358812 x3; p.adjust(.., "bonferroni") -> 0.94049983675076443 x2, 0.36400575107544886
        double[][] expected = {{0.31349994558358812, 0.62699989116717625, 0.31349994558358812, 0.94049983675076443},
            {0.31349994558358812, 0.62699989116717625, 0.31349994558358812, 0.94049983675076443},
            {0.12133525035848296, 0.36400575107544886, 0.31349994558358812, 0.36400575107544886}};
        for (int e = 0; e < 3; e++) {
            PValues p = analysis.emotions().get(e).comparison("a").yates().p();
            near(p.raw(), expected[e][0]);
            near(p.holm(), expected[e][1]);
            near(p.benjaminiHochberg(), expected[e][2]);
            near(p.bonferroni(), expected[e][3]);
            assertThat(p.familySize()).isEqualTo(3);
        }
        // proud: wilcox.test(a, human) -> W 52.5, p 0.023540058261177971; small table: Fisher 0.11888111888111896
        Comparison proud = analysis.emotion(Emotion.PROUD).comparison("a");
        near(proud.mannWhitney().p().raw(), 0.023540058261177971);
        near(proud.fisher().p().raw(), 0.11888111888111896);
        // Fisher was needed in all three emotions for a: R p.adjust(c(0.31468531468531485, 0.31468531468531485,
        //   0.11888111888111896), "holm")[3] -> 0.35664335664335689
        assertThat(proud.fisher().p().familySize()).isEqualTo(3);
        near(proud.fisher().p().holm(), 0.35664335664335689);
        near(analysis.emotion(Emotion.PROUD).omnibus().kruskalWallis().statistic(), 5.7868589743589745);
    }

    @Test
    void bootstrapIntervalsAreSeededAndCoverThePointEstimates() {
        AnalysisOptions options = AnalysisOptions.study().withBootstrap(2000, 99);
        StudyAnalysis first = StudyAnalysis.of(ratings(), StudyAnalysisTest::emotionOf, options);
        StudyAnalysis second = StudyAnalysis.of(ratings(), StudyAnalysisTest::emotionOf, options);
        assertThat(first).isEqualTo(second);
        assertThat(first.bootstrapResamples()).isEqualTo(2000);
        for (GroupAnalysis g : List.of(first.overall(), first.emotion(Emotion.AFRAID))) {
            for (Comparison c : g.comparisons()) {
                assertThat(c.shareDifferenceInterval().contains(c.shareDifference())).as(g.group().label()).isTrue();
                assertThat(c.relativeIncreaseInterval().contains(c.relativeIncrease())).as(g.group().label()).isTrue();
            }
        }
        StudyAnalysis otherSeed = StudyAnalysis.of(ratings(), StudyAnalysisTest::emotionOf, options.withBootstrap(2000, 100));
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void successLevelsAreConfigurableAndOtherDimensionsSkipped() {
        List<Rating> ratings = new ArrayList<>(ratings());
        ratings.add(new Rating("human", "afraid-0", "x", "study", "other-dimension", 99, null, null));
        RatingScale twoDimensions = new RatingScale("study", "two", List.of(RatingScale.STUDY.single(),
                new RatingScale.Dimension("other-dimension", "?", List.of(new RatingScale.Level(1, "no", "-"),
                        new RatingScale.Level(99, "yes", "-")))));
        AnalysisOptions options = AnalysisOptions.of(twoDimensions, "human").withBootstrap(0, 1).withSuccessLevels(2, 3);
        GroupAnalysis overall = StudyAnalysis.of(ratings, StudyAnalysisTest::emotionOf, options).overall();
        assertThat(overall.condition("human").successes()).isEqualTo(18);
        assertThat(overall.condition("human").n()).isEqualTo(24);
        assertThat(overall.condition("a").successes()).isEqualTo(24);
    }

    @Test
    void aCrowdsSeveralRatingsOfOneReplyBecomeOne() {
        // each reply rated by the crowd twice: once with the judge's value, once one level lower (floor 1);
        // majority of {v, v - 1} is a tie, going to the lower median: v - 1 (Combination's rule)
        List<Rating> crowd = new ArrayList<>();
        for (Rating r : ratings()) {
            crowd.add(new Rating(r.condition(), r.dialogueId(), "p1", r.scale(), r.dimension(), r.value(), null, "b1"));
            crowd.add(new Rating(r.condition(), r.dialogueId(), "p2", r.scale(), r.dimension(),
                    Math.max(1, r.value() - 1), null, "b2"));
        }
        StudyAnalysis analysis = StudyAnalysis.of(crowd, StudyAnalysisTest::emotionOf,
                AnalysisOptions.study().withBootstrap(0, 1));
        ConditionSummary human = analysis.overall().condition("human");
        // human's values (class comment): 6 x 1, 12 x 2, 6 x 3 -> v - 1 floored at 1: 18 x 1, 6 x 2
        assertThat(human.n()).isEqualTo(24);
        assertThat(human.counts()).containsExactly(18L, 6L, 0L);
        assertThat(analysis.raters()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo("crowd");
            assertThat(r.ratings()).isEqualTo(144);
            assertThat(r.replies()).isEqualTo(72);
            assertThat(r.maxRatingsPerReply()).isEqualTo(2);
            assertThat(r.perReply()).isEqualTo("majority");
        });
        // mean of {v, v - 1} is v - 0.5, halfway: the lower level, v - 1, as with the majority
        StudyAnalysis mean = StudyAnalysis.of(crowd, StudyAnalysisTest::emotionOf,
                AnalysisOptions.study().withBootstrap(0, 1).withPerReply(Combination.MEAN));
        assertThat(mean.overall().condition("human").counts()).containsExactly(18L, 6L, 0L);
        assertThat(mean.raters().get(0).perReply()).isEqualTo("mean");
        assertThat(mean.perReply()).isEqualTo("mean");
    }

    @Test
    void writesStableJson() throws Exception {
        StudyAnalysis analysis = StudyAnalysis.of(ratings(), StudyAnalysisTest::emotionOf,
                AnalysisOptions.study().withBootstrap(500, 3));
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(analysis));
        assertThat(json.get("baseline").asText()).isEqualTo("human");
        assertThat(json.get("levels").get(2).get("label").asText()).isEqualTo("Good");
        assertThat(json.get("successLevels").get(0).asInt()).isEqualTo(3);
        JsonNode overall = json.get("overall");
        assertThat(overall.get("group").asText()).isEqualTo("overall");
        assertThat(overall.get("conditions").get(0).get("condition").asText()).isEqualTo("human");
        assertThat(overall.get("conditions").get(0).get("counts").get(1).asLong()).isEqualTo(12);
        assertThat(overall.get("conditions").get(0).get("shareInterval").has("lower")).isTrue();
        JsonNode a = overall.get("comparisons").get(0);
        assertThat(a.get("condition").asText()).isEqualTo("a");
        near(a.get("yates").get("statistic").asDouble(), 6.7972027972027966);
        assertThat(a.get("yates").get("df").asInt()).isEqualTo(1);
        near(a.get("yates").get("p").get("raw").asDouble(), 0.0091300803627076457);
        assertThat(a.get("yates").get("p").has("holm")).isTrue();
        assertThat(a.get("relativeIncreaseInterval").get("upper").isNumber()).isTrue();
        for (String field : List.of("shareDifference", "shareDifferenceInterval", "relativeIncrease", "phi", "fisher",
                "levels", "cramersV", "mannWhitney", "baseline")) {
            assertThat(a.has(field)).as(field).isTrue();
        }
        assertThat(overall.get("omnibus").get("kruskalWallis").get("statistic").asDouble()).isPositive();
        assertThat(overall.get("omnibus").get("dunn").get(0).get("meanRankDifference").isNumber()).isTrue();
        assertThat(json.get("emotions").get(0).get("group").asText()).isEqualTo("afraid");
        assertThat(json.get("valences").get(1).get("group").asText()).isEqualTo("negative");

        JsonNode counts = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(
                StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study())));
        JsonNode llama = counts.get("overall").get("comparisons").get(1);
        assertThat(llama.get("mannWhitney").isNull()).isTrue();
        assertThat(llama.get("levels").isNull()).isTrue();
        assertThat(counts.get("overall").get("dialogues").isNull()).isTrue();
    }

    @Test
    void badRatingsNameTheRatingAndValue() {
        List<Rating> outside = new ArrayList<>(ratings());
        outside.add(new Rating("a", "afraid-1", "r9", "study", "empathy", 4, null, null));
        assertThatThrownBy(() -> StudyAnalysis.of(outside, StudyAnalysisTest::emotionOf, NO_BOOTSTRAP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("condition 'a', dialogue 'afraid-1'").hasMessageContaining("value 4")
                .hasMessageContaining("1 (Bad), 2 (Okay) or 3 (Good)");
        List<Rating> otherScale = List.of(new Rating("a", "afraid-1", "r", "likert5", "empathy", 4, null, null));
        assertThatThrownBy(() -> StudyAnalysis.of(otherScale, StudyAnalysisTest::emotionOf, NO_BOOTSTRAP))
                .hasMessageContaining("scale 'likert5', expected 'study'");
        Map<String, Emotion> known = new HashMap<>();
        assertThatThrownBy(() -> StudyAnalysis.of(ratings(), known::get, NO_BOOTSTRAP))
                .hasMessageContaining("no emotion is known for dialogue 'afraid-0'");
        assertThatThrownBy(() -> StudyAnalysis.of(ratings(), StudyAnalysisTest::emotionOf, NO_BOOTSTRAP.withBaseline("gpt-4")))
                .hasMessageContaining("baseline 'gpt-4' is not among the conditions [a, human, b]");
        List<Rating> oneCondition = ratings().stream().filter(r -> r.condition().equals("human")).toList();
        assertThatThrownBy(() -> StudyAnalysis.of(oneCondition, StudyAnalysisTest::emotionOf, NO_BOOTSTRAP))
                .hasMessageContaining("at least two conditions");
        assertThatThrownBy(() -> StudyAnalysis.of(List.of(), StudyAnalysisTest::emotionOf, NO_BOOTSTRAP))
                .hasMessageContaining("no ratings");
    }

    @Test
    void badCountsNameTheGroupConditionAndValue() {
        AnalysisOptions options = AnalysisOptions.study();
        Map<String, Counts> negative = new LinkedHashMap<>();
        negative.put("human", Counts.of(3, -1, 5));
        negative.put("gpt-4", Counts.of(1, 2, 3));
        assertThatThrownBy(() -> StudyAnalysis.ofCounts(StudyCounts.of(negative), options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 'overall', condition 'human': count -1 of level 2 (Okay) is negative");
        Map<String, Counts> wrongSize = Map.of("human", Counts.of(3, 5), "gpt-4", Counts.of(1, 2, 3));
        assertThatThrownBy(() -> StudyAnalysis.ofCounts(StudyCounts.of(wrongSize), options))
                .hasMessageContaining("condition 'human': 2 level counts [3, 5], expected 3");
        Map<String, Counts> tooMany = Map.of("human", Counts.ofSuccesses(12, 10), "gpt-4", Counts.of(1, 2, 3));
        assertThatThrownBy(() -> StudyAnalysis.ofCounts(StudyCounts.of(tooMany), options))
                .hasMessageContaining("successes 12 outside [0, 10]");
        Map<String, Counts> fine = Map.of("human", Counts.of(1, 2, 3), "gpt-4", Counts.of(1, 2, 3));
        StudyCounts mismatched = new StudyCounts(fine, Map.of(Valence.POSITIVE, Map.of("human", Counts.of(1, 1, 1))),
                Map.of());
        assertThatThrownBy(() -> StudyAnalysis.ofCounts(mismatched, options))
                .hasMessageContaining("group 'positive' has conditions [human]");
        assertThatThrownBy(() -> Counts.of(1, 2).levels().add(3L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> AnalysisOptions.study().withSuccessLevels(1, 2, 3))
                .hasMessageContaining("not all of the levels");
        assertThatThrownBy(() -> AnalysisOptions.study().withSuccessLevels(7)).hasMessageContaining("7 is outside");
    }

    @Test
    void tinyGroupsAreAnalysedWithoutFailing() throws Exception {
        // n = 1 per condition: every test is defined or NaN, never an exception
        List<Rating> ratings = List.of(new Rating("human", "afraid-0", "r", "study", "empathy", 1, null, null),
                new Rating("a", "afraid-0", "r", "study", "empathy", 3, null, null));
        StudyAnalysis analysis = StudyAnalysis.of(ratings, StudyAnalysisTest::emotionOf,
                AnalysisOptions.study().withBaseline("human").withBootstrap(200, 1));
        Comparison a = analysis.overall().comparison("a");
        // R: wilcox.test(3, 1) -> W 1, p 1; fisher.test(matrix(c(1,0,0,1),2))$p.value -> 1
        near(a.mannWhitney().statistic(), 1);
        near(a.mannWhitney().p().raw(), 1);
        near(a.fisher().p().raw(), 1);
        assertThat(a.relativeIncrease()).isInfinite();
        assertThat(analysis.overall().omnibus().kruskalWallis().df()).isEqualTo(1);
        // non-finite numbers are written as strings, so the JSON stays valid
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(analysis));
        assertThat(json.at("/overall/comparisons/0/relativeIncrease").asText()).isEqualTo("Infinity");
    }
}
