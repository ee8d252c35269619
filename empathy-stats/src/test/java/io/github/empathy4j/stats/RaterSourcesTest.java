package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One rater source per analysis, the reply as the unit, untestable groups, named families with Fisher across the
 * whole family, and the policy for empty replies and refusals. Expected counts come from the data built here.
 */
class RaterSourcesTest {

    private static final AnalysisOptions OPTIONS = AnalysisOptions.study().withBootstrap(0, 1);

    /** Ratings of {@code condition} by {@code rater} for dialogues {@code emotion-0, emotion-1, ...}. */
    private static void rate(List<Rating> into, String condition, Emotion emotion, String rater, String batch,
            String rationale, int... values) {
        for (int i = 0; i < values.length; i++) {
            into.add(new Rating(condition, emotion.label() + "-" + i, rater, "study", "empathy", values[i], rationale,
                    batch, batch != null ? RaterSource.Kind.CROWD
                            : rater.startsWith("panel-") ? RaterSource.Kind.PANEL : RaterSource.Kind.JUDGE));
        }
    }

    private static Emotion emotionOf(String dialogueId) {
        return Emotion.parse(dialogueId.substring(0, dialogueId.indexOf('-')));
    }

    /** Three judges and their panel's majority rate 4 dialogues of human and model m. */
    private static List<Rating> panel() {
        List<Rating> ratings = new ArrayList<>();
        for (String judge : List.of("openai:gpt-4o", "gemini:gemini-1.5-pro", "mistral:mistral-large-latest")) {
            rate(ratings, "human", Emotion.AFRAID, judge, null, "fine", 2, 2, 2, 2);
            rate(ratings, "m", Emotion.AFRAID, judge, null, "warm", 3, 3, 3, 2);
        }
        String combined = "majority of 3: openai:gpt-4o=2, gemini:gemini-1.5-pro=2, mistral:mistral-large-latest=2";
        rate(ratings, "human", Emotion.AFRAID, "panel-majority", null, combined, 2, 2, 1, 2);
        rate(ratings, "m", Emotion.AFRAID, "panel-majority", null, combined, 3, 3, 3, 3);
        return ratings;
    }

    @Test
    void theRaterSourceComesFromTheRatingsKindAndRater() {
        assertThat(RaterSource.of(new Rating("h", "d", "p17", "study", "empathy", 2, null, "b3")))
                .isEqualTo(new RaterSource(RaterSource.Kind.CROWD, "crowd"));
        assertThat(RaterSource.of(new Rating("h", "d", "panel-mean", "study", "empathy", 2, "mean of 2: a=1, b=3",
                null, RaterSource.Kind.PANEL))).isEqualTo(new RaterSource(RaterSource.Kind.PANEL, "panel-mean"));
        assertThat(RaterSource.of(new Rating("h", "d", "openai:gpt-4o", "study", "empathy", 2,
                "The majority of people would feel heard.", null)))
                .isEqualTo(new RaterSource(RaterSource.Kind.JUDGE, "openai:gpt-4o"));
    }

    @Test
    void threeJudgesAndTheirPanelGiveOneRatingPerReplyByDefault() {
        StudyAnalysis analysis = StudyAnalysis.of(panel(), RaterSourcesTest::emotionOf, OPTIONS);

        assertThat(analysis.overall().condition("human").n()).isEqualTo(4);
        assertThat(analysis.overall().condition("human").counts()).containsExactly(1L, 3L, 0L);
        assertThat(analysis.overall().condition("m").counts()).containsExactly(0L, 0L, 4L);
        assertThat(analysis.raters()).containsExactly(new RaterSummary("panel-majority", "panel",
                "judge panel panel-majority (combined rating)", List.of("human", "m"), 8, 8, 1, "single"));

        StudyAnalysis one = StudyAnalysis.of(panel(), RaterSourcesTest::emotionOf, OPTIONS.withRater("openai:gpt-4o"));
        assertThat(one.overall().condition("m").counts()).containsExactly(0L, 1L, 3L);
        assertThat(one.raters().get(0).description()).isEqualTo("LLM judge openai:gpt-4o");
        // a judge's spec names its ratings under the spec with parameters, as ChatModelJudge writes them
        List<Rating> withParameters = panel().stream().map(r -> r.rater().equals("openai:gpt-4o") ? new Rating(
                r.condition(), r.dialogueId(), "openai:gpt-4o?seed=42&temperature=0", r.scale(), r.dimension(),
                r.value(), r.rationale(), r.batch()) : r).toList();
        assertThat(StudyAnalysis.of(withParameters, RaterSourcesTest::emotionOf, OPTIONS.withRater("openai:gpt-4o"))
                .raters().get(0).source()).isEqualTo("openai:gpt-4o?seed=42&temperature=0");
    }

    @Test
    void severalSourcesWithoutAPanelMustBeChosen() {
        List<Rating> ratings = new ArrayList<>();
        rate(ratings, "human", Emotion.AFRAID, "openai:gpt-4o", null, null, 2, 2, 3);
        rate(ratings, "m", Emotion.AFRAID, "openai:gpt-4o", null, null, 3, 3, 3);
        rate(ratings, "human", Emotion.AFRAID, "p1", "b1", null, 1, 2, 2);
        rate(ratings, "m", Emotion.AFRAID, "p2", "b2", null, 2, 3, 3);
        rate(ratings, "m", Emotion.AFRAID, "p3", "b3", null, 3, 3);

        assertThatThrownBy(() -> StudyAnalysis.of(ratings, RaterSourcesTest::emotionOf, OPTIONS))
                .isInstanceOf(RaterChoiceException.class)
                .hasMessage("the ratings come from 2 rater sources and an analysis is of one; choose one with"
                        + " AnalysisOptions.withRater; the rater"
                        + " sources are: crowd (8 ratings), openai:gpt-4o (6 ratings)")
                .satisfies(e -> assertThat(((RaterChoiceException) e).sources())
                        .isEqualTo(Map.of("crowd", 8L, "openai:gpt-4o", 6L)));
        assertThatThrownBy(() -> StudyAnalysis.of(ratings, RaterSourcesTest::emotionOf, OPTIONS.withRater("gpt-4")))
                .isInstanceOf(RaterChoiceException.class).hasMessageStartingWith("no rating is by rater source 'gpt-4';");

        StudyAnalysis crowd = StudyAnalysis.of(ratings, RaterSourcesTest::emotionOf, OPTIONS.withRater("crowd"));
        // m: afraid-0 rated 2 and 3 (a tie: the lower median, 2), afraid-1 3 and 3, afraid-2 3
        assertThat(crowd.overall().condition("m").counts()).containsExactly(0L, 1L, 2L);
        assertThat(crowd.overall().condition("m").n()).isEqualTo(3);
        assertThat(crowd.raters().get(0)).isEqualTo(new RaterSummary("crowd", "crowd",
                "the crowd (all participants together)", List.of("human", "m"), 8, 6, 2, "majority"));
    }

    @Test
    void aConditionMayComeFromItsOwnSource() {
        List<Rating> ratings = new ArrayList<>();
        rate(ratings, "human", Emotion.AFRAID, "openai:gpt-4o", null, null, 2, 2, 3);
        rate(ratings, "m", Emotion.AFRAID, "openai:gpt-4o", null, null, 3, 3, 3);
        rate(ratings, "release:gpt-4", Emotion.AFRAID, "a17", "12", null, 3, 1, 3);

        StudyAnalysis analysis = StudyAnalysis.of(ratings, RaterSourcesTest::emotionOf,
                OPTIONS.withConditionRater("release:gpt-4", "crowd"));

        assertThat(analysis.conditions()).containsExactly("human", "m", "release:gpt-4");
        assertThat(analysis.raters()).extracting(RaterSummary::source, RaterSummary::conditions).containsExactly(
                org.assertj.core.groups.Tuple.tuple("openai:gpt-4o", List.of("human", "m")),
                org.assertj.core.groups.Tuple.tuple("crowd", List.of("release:gpt-4")));
        assertThat(analysis.overall().condition("release:gpt-4").counts()).containsExactly(1L, 0L, 2L);
        assertThatThrownBy(() -> StudyAnalysis.of(ratings, RaterSourcesTest::emotionOf,
                OPTIONS.withConditionRater("release:gpt-4", "crowd").withConditionRater("release:human", "crowd")))
                .hasMessage("condition 'release:human' has no rating by rater source 'crowd'");
    }

    /** afraid: 20 dialogues, joyful and proud 4 each; Good 5/15 (afraid), 1/3 (joyful), 0/4 (proud) of human/m. */
    private static List<Rating> families() {
        List<Rating> ratings = new ArrayList<>();
        int[] afraidHuman = new int[20];
        int[] afraidM = new int[20];
        for (int i = 0; i < 20; i++) {
            afraidHuman[i] = i < 5 ? 3 : 2;
            afraidM[i] = i < 15 ? 3 : 1;
        }
        rate(ratings, "human", Emotion.AFRAID, "j", null, null, afraidHuman);
        rate(ratings, "m", Emotion.AFRAID, "j", null, null, afraidM);
        rate(ratings, "human", Emotion.JOYFUL, "j", null, null, 3, 2, 2, 1);
        rate(ratings, "m", Emotion.JOYFUL, "j", null, null, 3, 3, 3, 2);
        rate(ratings, "human", Emotion.PROUD, "j", null, null, 2, 2, 1, 1);
        rate(ratings, "m", Emotion.PROUD, "j", null, null, 3, 3, 3, 3);
        return ratings;
    }

    @Test
    void fishersFamilyIsEveryGroupOfTheKindAndEveryPValueNamesItsFamily() {
        StudyAnalysis analysis = StudyAnalysis.of(families(), RaterSourcesTest::emotionOf, OPTIONS);

        // afraid {{15,5},{5,15}}: every expected count is 10, so no Fisher shown; it still counts in the family.
        // R: p <- c(fisher.test(matrix(c(15,5,5,15),2,byrow=TRUE))$p.value,
        //           fisher.test(matrix(c(3,1,1,3),2,byrow=TRUE))$p.value, fisher.test(matrix(c(4,0,0,4),2,byrow=TRUE))$p.value)
        //    -> 0.0038475273083775274 0.4857142857142858205 0.0285714285714285809
        //    p.adjust(p, "holm") -> 0.011542581925132581 0.485714285714285821 0.057142857142857162
        assertThat(analysis.emotion(Emotion.AFRAID).comparison("m").fisher()).isNull();
        PValues joyful = analysis.emotion(Emotion.JOYFUL).comparison("m").fisher().p();
        PValues proud = analysis.emotion(Emotion.PROUD).comparison("m").fisher().p();
        near(joyful.raw(), 0.4857142857142858205);
        near(joyful.holm(), 0.485714285714285821);
        near(proud.raw(), 0.0285714285714285809);
        near(proud.holm(), 0.057142857142857162);
        assertThat(proud.familySize()).isEqualTo(3);
        assertThat(proud.family()).isEqualTo("emotions, fisher, m vs human");
        PValues yates = analysis.emotion(Emotion.AFRAID).comparison("m").yates().p();
        assertThat(yates.family()).isEqualTo("emotions, yates, m vs human");
        assertThat(analysis.overall().comparison("m").yates().p().family()).isEqualTo("overall, yates, m vs human");
        assertThat(analysis.overall().comparison("m").yates().p().familySize()).isEqualTo(1);
        assertThat(analysis.valence(io.github.empathy4j.core.Valence.POSITIVE).omnibus().chiSquare().p().family())
                .isEqualTo("valences, chiSquare across conditions");
        assertThat(analysis.overall().omnibus().dunn().get(0).p().family())
                .isEqualTo("dunn pairs of conditions, overall");
    }

    @Test
    void aGroupWhereAConditionHasNoRatingIsUntestableAndTheOthersAreComputed() throws Exception {
        List<Rating> ratings = families().stream()
                .filter(r -> !(r.condition().equals("m") && r.dialogueId().startsWith("proud"))).toList();

        StudyAnalysis analysis = StudyAnalysis.of(ratings, RaterSourcesTest::emotionOf, OPTIONS);

        GroupAnalysis proud = analysis.emotion(Emotion.PROUD);
        assertThat(proud.untestable()).contains("condition 'm' has no ratings");
        assertThat(proud.comparisons()).isEmpty();
        assertThat(proud.condition("human").counts()).containsExactly(2L, 2L, 0L);
        assertThat(proud.condition("m").n()).isZero();
        assertThat(proud.condition("m").share()).isNaN();
        assertThat(analysis.untestableGroups()).containsExactly(proud);
        assertThatThrownBy(() -> proud.comparison("m")).hasMessage("group 'proud' is untestable: condition 'm' has"
                + " no ratings");
        // the family is the two tested emotions. R: y <- c(chisq.test(matrix(c(15,5,5,15),2,byrow=TRUE))$p.value,
        //   chisq.test(matrix(c(4,0,0,4),2,byrow=TRUE))$p.value)... with joyful {{3,1},{1,3}}:
        //   p.adjust(c(0.0044265258579198295, 0.4795001221869534813), "holm") -> 0.0088530517158396591, 0.4795...
        PValues afraid = analysis.emotion(Emotion.AFRAID).comparison("m").yates().p();
        near(afraid.raw(), 0.0044265258579198295);
        near(afraid.holm(), 0.0088530517158396591);
        assertThat(afraid.familySize()).isEqualTo(2);
        assertThat(analysis.overall().untestable()).isEmpty();
        // positive = joyful + proud: m has joyful's four ratings, so it is tested
        assertThat(analysis.valence(io.github.empathy4j.core.Valence.POSITIVE).untestable()).isEmpty();

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(analysis));
        JsonNode proudJson = json.get("emotions").get(2);
        assertThat(proudJson.get("group").asText()).isEqualTo("proud");
        assertThat(proudJson.get("untestable").asText()).isEqualTo("condition 'm' has no ratings");
        assertThat(json.get("overall").get("untestable").isNull()).isTrue();
        assertThat(json.get("raters").get(0).get("source").asText()).isEqualTo("j");
        assertThat(json.get("perReply").asText()).isEqualTo("majority");
        assertThat(json.get("unanswered").asText()).isEqualTo("lowest");
        assertThat(json.get("overall").get("comparisons").get(0).get("yates").get("p").get("family").asText())
                .isEqualTo("overall, yates, m vs human");
    }

    @Test
    void emptyRepliesAndRefusalsAreCountedAndTreatedAsThePolicySays() {
        List<Rating> ratings = new ArrayList<>();
        rate(ratings, "human", Emotion.AFRAID, "j", null, null, 2, 2, 3, 3);
        rate(ratings, "m", Emotion.AFRAID, "j", null, null, 3, 3, 3, 3);
        // afraid-2 of m was refused and afraid-3 empty; a rating of afraid-3 (an old judge rated the blank) is not used
        List<UnansweredReply> unanswered = List.of(new UnansweredReply("m", "afraid-2", Reply.Outcome.REFUSED),
                new UnansweredReply("m", "afraid-3", Reply.Outcome.EMPTY),
                new UnansweredReply("m", "afraid-4", Reply.Outcome.EMPTY));

        StudyAnalysis lowest = StudyAnalysis.of(ratings, unanswered, RaterSourcesTest::emotionOf, OPTIONS);
        ConditionSummary m = lowest.overall().condition("m");
        assertThat(m.n()).isEqualTo(5);
        assertThat(m.counts()).containsExactly(3L, 0L, 2L);
        assertThat(m.refused()).isEqualTo(1);
        assertThat(m.empty()).isEqualTo(2);
        assertThat(lowest.overall().condition("human").refused()).isZero();
        assertThat(lowest.unanswered()).isEqualTo("lowest");

        StudyAnalysis excluded = StudyAnalysis.of(ratings, unanswered, RaterSourcesTest::emotionOf,
                OPTIONS.withUnanswered(UnansweredPolicy.EXCLUDE));
        ConditionSummary mExcluded = excluded.overall().condition("m");
        assertThat(mExcluded.n()).isEqualTo(2);
        assertThat(mExcluded.counts()).containsExactly(0L, 0L, 2L);
        assertThat(mExcluded.empty()).isEqualTo(2);
        assertThat(excluded.unanswered()).isEqualTo("exclude");
        assertThatThrownBy(() -> new UnansweredReply("m", "d", Reply.Outcome.ANSWERED))
                .hasMessageContaining("was answered");
    }
}
