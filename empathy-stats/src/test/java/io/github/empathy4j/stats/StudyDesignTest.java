package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.ReleaseDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The study's design in the analysis: the paired tests, the effect sizes and the rater-aware estimates, on the
 * study's release and on {@link StudyAnalysisTest}'s small judged data set. Reference values: R and statsmodels,
 * scripts and outputs in src/test/resources/study-design.
 */
class StudyDesignTest {

    private static final AnalysisOptions NO_BOOTSTRAP = AnalysisOptions.study().withBootstrap(0, 1);

    private record Release(List<Rating> ratings, Map<String, Emotion> emotions) {
    }

    private static Release release() {
        String folder = System.getProperty("empathy.shared.data");
        Path csv = folder == null ? null : Path.of(folder, "welivita-pu-2024", "dataset_and_ratings.csv");
        assumeTrue(csv != null && Files.exists(csv), "shared data folder absent");
        ReleaseDataset dataset = ReleaseDataset.read(csv);
        return new Release(dataset.ratings(), dataset.dialogues().dialogues().stream()
                .collect(Collectors.toMap(Dialogue::id, Dialogue::emotion)));
    }

    @Test
    void releasePairedTestsEffectSizesAndRaterAwareEstimates() {
        Release r = release();
        StudyAnalysis analysis = StudyAnalysis.of(r.ratings(), r.emotions()::get, NO_BOOTSTRAP.withMixedModel(true));

        // Rscript release-paired.R (release-paired.out): mcnemar.test(table(x == 3, human == 3)) and
        // wilcox.test(x, human, paired = TRUE, exact = FALSE, correct = TRUE), paired by dialogue
        PairedComparison gpt4 = analysis.overall().comparison("gpt-4").paired();
        assertThat(gpt4.pairs()).isEqualTo(2000);
        assertThat(gpt4.conditionOnly()).isEqualTo(656);
        assertThat(gpt4.baselineOnly()).isEqualTo(347);
        near(gpt4.mcNemar().statistic(), 94.580259222332998);
        near(gpt4.mcNemar().p().raw(), 2.3535376132939488e-22);
        near(gpt4.wilcoxon().statistic(), 446945.5);
        near(gpt4.wilcoxon().p().raw(), 4.2566387918760872e-30);
        assertThat(gpt4.mcNemar().p().family()).isEqualTo("overall, mcNemar, gpt-4 vs human");
        PairedComparison plain = analysis.overall().comparison("gpt-4-plain").paired();
        near(plain.mcNemar().statistic(), 78.646414342629484);
        near(plain.mcNemar().p().raw(), 7.4283442527640734e-19);
        near(plain.wilcoxon().p().raw(), 1.3458401166626801e-25);
        PairedComparison positive = analysis.group("positive").comparison("gpt-4").paired();
        PairedComparison negative = analysis.group("negative").comparison("gpt-4").paired();
        assertThat(positive.pairs() + negative.pairs()).isEqualTo(2000);
        near(positive.mcNemar().statistic(), 60.170022371364652);
        near(negative.mcNemar().statistic(), 36.77877697841727);
        near(negative.wilcoxon().p().raw(), 1.2036356809350779e-12);
        // Holm across the two valences: 2 * the smaller p, the larger p as it is
        near(positive.mcNemar().p().holm(), 2 * 8.7007299216515826e-15);
        near(negative.mcNemar().p().holm(), 1.3232291279156697e-09);
        assertThat(negative.mcNemar().p().family()).isEqualTo("valences, mcNemar, gpt-4 vs human");

        // /usr/bin/python3 release-paired.py (release-paired-py.out): statsmodels
        // SquareTable(t, shift_zeros=False).homogeneity('stuart_maxwell'); with df 2 the p-value is exactly
        // exp(-X2 / 2) (statsmodels computes 1 - cdf, which prints 0.0 here and is exact to 1e-16 only)
        near(gpt4.stuartMaxwell().statistic(), 132.03549457947386);
        assertThat(gpt4.stuartMaxwell().df()).isEqualTo(2);
        near(gpt4.stuartMaxwell().p().raw(), Math.exp(-132.03549457947386 / 2), 1e-8);
        near(negative.stuartMaxwell().statistic(), 52.06371061843642);
        near(negative.stuartMaxwell().p().raw(), Math.exp(-52.06371061843642 / 2), 1e-8);
        // cochrans_q and R friedman.test(cbind(human, gpt4, plain)) over the dialogues
        Omnibus overall = analysis.overall().omnibus();
        assertThat(overall.pairedDialogues()).isEqualTo(2000);
        near(overall.cochranQ().statistic(), 123.58227848101266);
        near(overall.cochranQ().p().raw(), 1.4603239144608702e-27);
        near(overall.friedman().statistic(), 151.32181243414121);
        near(overall.friedman().p().raw(), 1.383203037989068e-33);
        near(analysis.group("positive").omnibus().cochranQ().statistic(), 94.76333333333334);
        near(analysis.group("negative").omnibus().friedman().statistic(), 56.795000000000002);
        assertThat(overall.cochranQ().p().family()).isEqualTo("overall, cochranQ across conditions");

        // release-paired.py: confint_proportions_2indep(method='newcomb'); Table2x2(shift_zeros=False)
        Effects effects = analysis.overall().comparison("gpt-4").effects();
        near(effects.riskDifference().value(), 0.1545);
        near(effects.riskDifference().interval().lower(), 0.12401557100600388);
        near(effects.riskDifference().interval().upper(), 0.18457430835461772);
        near(effects.riskRatio().value(), 1.3133874239350911);
        near(effects.riskRatio().interval().lower(), 1.243147797397184);
        near(effects.riskRatio().interval().upper(), 1.3875956897180775);
        near(effects.oddsRatio().value(), 1.8890423374045142);
        near(effects.oddsRatio().interval().lower(), 1.663935351405964);
        near(effects.oddsRatio().interval().upper(), 2.1446031238482166);
        assertThat(effects.cliffsDelta()).isNotNull();
        near(effects.phi().value(), analysis.overall().comparison("gpt-4").phi());
        near(effects.cramersV().value(), analysis.overall().comparison("gpt-4").cramersV());
        // phi's and V's intervals only overall and by valence
        Effects afraid = analysis.group("afraid").comparison("gpt-4").effects();
        assertThat(afraid.phi()).isNull();
        assertThat(afraid.cramersV()).isNull();
        assertThat(afraid.riskDifference()).isNotNull();

        // the rater-aware estimates: the crowd's 6,000 individual ratings by 600 raters
        RaterAware aware = analysis.raterAware().orElseThrow();
        assertThat(aware.clusteredBy()).isEqualTo(RaterAware.RATER);
        assertThat(aware.ratings()).isEqualTo(6000);
        assertThat(aware.clusters()).isEqualTo(600);
        assertThat(aware.dialogues()).isEqualTo(2000);
        assertThat(aware.conditions()).containsExactly("human", "gpt-4", "gpt-4-plain");
        assertThat(aware.notes()).isEmpty();
        // Rscript ../clustered-logit/release.R: coeftest(fit, vcov. = V) for vcov(fit), vcovCL(fit, cluster = ~ rater),
        // vcovCL(fit, cluster = ~ rater + dialogue); the same values as ClusteredLogitTest
        near(aware.modelBasedEffect("gpt-4").coefficient(), 0.63607000087002896);
        near(aware.modelBasedEffect("gpt-4").standardError(), 0.064738184754907335);
        near(aware.clusteredEffect("gpt-4").standardError(), 0.08063667547677715);
        near(aware.clusteredEffect("gpt-4").p(), 3.0682671495683166e-15, 1e-8);
        near(aware.clusteredEffect("gpt-4-plain").standardError(), 0.081889944750309501);
        near(aware.twoWay().get(0).standardError(), 0.080614620754797708);
        near(aware.twoWay().get(1).standardError(), 0.081904935956957303);
        assertThat(aware.clusterBootstrap()).as("no bootstrap asked").isNull();
        // R ordinal::clmm on the release (../clmm/release.R, release.out), to 1e-4
        CumulativeLinkMixedModel mixed = aware.mixedModel();
        assertThat(mixed.effect(1).estimate()).isCloseTo(0.791251757460584, within(1e-4));
        assertThat(mixed.effect(1).standardError()).isCloseTo(0.092837753827285, within(1e-4));
        assertThat(mixed.effect(2).estimate()).isCloseTo(0.722411312015347, within(1e-4));
        assertThat(mixed.rater().groups()).isEqualTo(600);
    }

    @Test
    void releaseClusterBootstrapIsWiderThanTheNaiveInterval() {
        Release r = release();
        StudyAnalysis analysis = StudyAnalysis.of(r.ratings(), r.emotions()::get,
                AnalysisOptions.study().withBootstrap(2_000, 7));
        RaterAware aware = analysis.raterAware().orElseThrow();
        assertThat(aware.mixedModel()).as("only when asked").isNull();
        ClusterShares shares = aware.clusterBootstrap();
        assertThat(shares.resamples()).isEqualTo(2_000);
        // exact: (1295 - 986) / 2000
        near(shares.differences().get(0).estimate(), 0.1545);
        Interval clustered = shares.differences().get(0).interval();
        Interval newcombe = analysis.overall().comparison("gpt-4").effects().riskDifference().interval();
        // the rater-clustered standard error is 0.0190 against 0.0155 for independent ratings (release.R)
        assertThat(clustered.upper() - clustered.lower()).isGreaterThan(1.1 * (newcombe.upper() - newcombe.lower()));
        assertThat(clustered.contains(0.1545)).isTrue();
    }

    @Test
    void smallJudgedDataSet() {
        StudyAnalysis analysis = StudyAnalysis.of(StudyAnalysisTest.ratings(), StudyAnalysisTest::emotionOf,
                NO_BOOTSTRAP.withMixedModel(true));
        // Rscript small.R (small.out)
        PairedComparison a = analysis.overall().comparison("a").paired();
        assertThat(a.pairs()).isEqualTo(24);
        near(a.mcNemar().statistic(), 6.75);
        near(a.mcNemar().p().raw(), 0.0093747684594348776);
        near(a.wilcoxon().statistic(), 128.5);
        near(a.wilcoxon().p().raw(), 0.00075185715342726968);
        near(analysis.overall().omnibus().friedman().statistic(), 14.507936507936508);
        near(analysis.overall().omnibus().friedman().p().raw(), 0.00070736182068904124);
        assertThat(analysis.emotions().get(0).comparison("a").paired().mcNemar().p().family())
                .isEqualTo("emotions, mcNemar, a vs human");

        // one judge: no rater identity, so clustered by dialogue, nothing that needs raters
        RaterAware aware = analysis.raterAware().orElseThrow();
        assertThat(aware.clusteredBy()).isEqualTo(RaterAware.DIALOGUE);
        assertThat(aware.clusters()).isEqualTo(24);
        assertThat(aware.twoWay()).isNull();
        assertThat(aware.clusterBootstrap()).isNull();
        assertThat(aware.mixedModel()).isNull();
        assertThat(aware.notes()).singleElement().asString().contains("no rater identity", "clustered by dialogue");
        // small.R: coeftest(fit, vcov. = vcovCL(fit, cluster = ~ dialogue))
        near(aware.clusteredEffect("a").coefficient(), 1.7917594692280514);
        near(aware.clusteredEffect("a").standardError(), 0.58359207512176325);
        near(aware.clusteredEffect("a").p(), 0.0021389696296707774, 1e-8);
    }

    @Test
    void aCrowdWithAnUnansweredReply() {
        int[] human = {3, 2, 3, 1, 3, 3, 2, 2, 3, 1, 2, 3, 2};
        int[] m = {3, 3, 3, 2, 3, 3, 3, 1, 2, 3, 3, 2};
        List<Rating> ratings = new java.util.ArrayList<>();
        for (int d = 0; d < human.length; d++) {
            ratings.add(new Rating("human", "afraid-" + d, "h" + d / 4, "study", "empathy", human[d], null, "b"));
        }
        for (int d = 0; d < m.length; d++) {
            ratings.add(new Rating("m", "afraid-" + d, "m" + d / 4, "study", "empathy", m[d], null, "b"));
        }
        List<UnansweredReply> refused = List.of(new UnansweredReply("m", "afraid-12",
                io.github.empathy4j.core.Reply.Outcome.REFUSED));
        StudyAnalysis analysis = StudyAnalysis.of(ratings, refused, StudyAnalysisTest::emotionOf,
                AnalysisOptions.study().withBootstrap(100, 3));
        RaterAware aware = analysis.raterAware().orElseThrow();
        assertThat(aware.clusteredBy()).isEqualTo(RaterAware.RATER);
        assertThat(aware.ratings()).isEqualTo(26);
        assertThat(aware.clusters()).as("4 human raters, 3 of m, the refused reply's own").isEqualTo(8);
        // Rscript crowd.R (crowd.out): the refused reply a Bad rating by a rater of its own
        near(aware.modelBasedEffect("m").standardError(), 0.7965700280099729);
        near(aware.clusteredEffect("m").coefficient(), 0.62415430907299296);
        near(aware.clusteredEffect("m").standardError(), 0.41536336498986604);
        near(aware.clusteredEffect("m").p(), 0.1329240125805605, 1e-8);
        near(aware.twoWay().get(0).standardError(), 0.36463579728030593);
        assertThat(aware.clusterBootstrap().resamples()).isEqualTo(100);
        assertThat(analysis.overall().comparison("m").paired().pairs()).isEqualTo(13);

        // a rater in both conditions: no cluster bootstrap, and the reason
        List<Rating> crossed = new java.util.ArrayList<>(ratings);
        crossed.set(0, new Rating("human", "afraid-0", "m0", "study", "empathy", 3, null, "b"));
        RaterAware noBootstrap = StudyAnalysis.of(crossed, refused, StudyAnalysisTest::emotionOf,
                AnalysisOptions.study().withBootstrap(100, 3)).raterAware().orElseThrow();
        assertThat(noBootstrap.clusterBootstrap()).isNull();
        assertThat(noBootstrap.clustered()).isNotNull();
        assertThat(noBootstrap.notes()).containsExactly("cluster bootstrap not computed: rater 'm0' rated human"
                + " and m; it resamples raters within conditions");
    }

    @Test
    void pairsAreTheDialoguesRatedUnderBothConditions() {
        List<Rating> ratings = StudyAnalysisTest.ratings().stream()
                .filter(x -> !(x.condition().equals("b") && x.dialogueId().equals("afraid-7"))).toList();
        StudyAnalysis analysis = StudyAnalysis.of(ratings, StudyAnalysisTest::emotionOf, NO_BOOTSTRAP);
        assertThat(analysis.overall().comparison("a").paired().pairs()).isEqualTo(24);
        assertThat(analysis.overall().comparison("b").paired().pairs()).isEqualTo(23);
        assertThat(analysis.overall().omnibus().pairedDialogues()).isEqualTo(23);
        // small.R: friedman.test(cbind(h, a, b)[-8, ])
        near(analysis.overall().omnibus().friedman().statistic(), 13.633333333333333);
        near(analysis.overall().omnibus().friedman().p().raw(), 0.0010953660638813158);
    }

    @Test
    void powerAtTheObservedSizesAndEquivalenceWithAMargin() {
        StudyAnalysis analysis = StudyAnalysis.of(StudyAnalysisTest.ratings(), StudyAnalysisTest::emotionOf,
                NO_BOOTSTRAP.withMargin(0.2));
        assertThat(analysis.margin()).hasValue(0.2);
        // Rscript small.R: pw(p0, pa, 24, 24, 0.05, 1) and uniroot(pw(p0, p0 + d, ...) - 0.8), Yates' correction
        Power a = analysis.overall().comparison("a").power();
        near(a.alpha(), 0.05);
        near(a.power(), 0.76190596280214828);
        near(a.minimumDetectableDifference(), 0.4331199972448766, 1e-9);
        near(analysis.overall().comparison("b").power().power(), 0.029369171935846431);
        // /usr/bin/python3 small-equivalence.py: b (7 of 24) against human (6 of 24), margin 0.2, Wald
        Equivalence b = analysis.overall().comparison("b").equivalence();
        near(b.difference(), 1.0 / 24);
        near(b.lowerP(), 0.02965362308163316);
        near(b.upperP(), 0.10830449449997287);
        near(b.interval().lower(), -0.16911038377808243);
        near(b.interval().upper(), 0.2524437171114158);
        assertThat(b.nonInferior()).isTrue();
        assertThat(b.equivalent()).isFalse();
        assertThat(analysis.group("afraid").comparison("b").equivalence()).isNotNull();
        assertThat(StudyAnalysis.of(StudyAnalysisTest.ratings(), StudyAnalysisTest::emotionOf, NO_BOOTSTRAP)
                .overall().comparison("b").equivalence()).isNull();
    }

    @Test
    void jsonCarriesTheNewFields() throws Exception {
        StudyAnalysis analysis = StudyAnalysis.of(StudyAnalysisTest.ratings(), StudyAnalysisTest::emotionOf,
                NO_BOOTSTRAP);
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(analysis));
        JsonNode comparison = json.get("overall").get("comparisons").get(0);
        assertThat(comparison.get("paired").get("pairs").asInt()).isEqualTo(24);
        assertThat(comparison.get("paired").get("mcNemar").get("p").get("family").asText())
                .isEqualTo("overall, mcNemar, a vs human");
        assertThat(comparison.get("paired").has("conditionOnly")).isTrue();
        assertThat(comparison.get("paired").has("wilcoxon")).isTrue();
        assertThat(comparison.get("paired").has("stuartMaxwell")).isTrue();
        assertThat(comparison.get("effects").get("riskDifference").get("interval").has("lower")).isTrue();
        assertThat(comparison.get("effects").fieldNames()).toIterable().containsExactly("riskDifference",
                "riskRatio", "oddsRatio", "cliffsDelta", "phi", "cramersV");
        JsonNode omnibus = json.get("overall").get("omnibus");
        assertThat(omnibus.get("pairedDialogues").asInt()).isEqualTo(24);
        assertThat(omnibus.get("cochranQ").get("p").get("family").asText())
                .isEqualTo("overall, cochranQ across conditions");
        assertThat(omnibus.has("friedman")).isTrue();
        JsonNode aware = json.get("raterAware");
        assertThat(aware.get("clusteredBy").asText()).isEqualTo("dialogue");
        assertThat(aware.get("clustered").get(0).get("standardError").asDouble()).isCloseTo(0.58359207512176325,
                within(1e-9));
        assertThat(aware.get("twoWay").isNull()).isTrue();
        assertThat(aware.get("mixedModel").isNull()).isTrue();
        assertThat(json.get("margin").isNull()).isTrue();
        assertThat(comparison.get("power").fieldNames()).toIterable().containsExactly("alpha", "power",
                "wantedPower", "minimumDetectableDifference");
        assertThat(comparison.get("equivalence").isNull()).isTrue();
        JsonNode withMargin = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(StudyAnalysis.of(
                StudyAnalysisTest.ratings(), StudyAnalysisTest::emotionOf, NO_BOOTSTRAP.withMargin(0.05))));
        assertThat(withMargin.get("margin").asDouble()).isEqualTo(0.05);
        assertThat(withMargin.get("overall").get("comparisons").get(0).get("equivalence").fieldNames()).toIterable()
                .contains("difference", "standardError", "margin", "alpha", "lowerP", "upperP", "interval");

        JsonNode counts = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(
                StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study())));
        assertThat(counts.get("raterAware").isNull()).isTrue();
        assertThat(counts.get("overall").get("comparisons").get(0).get("paired").isNull()).isTrue();
        assertThat(counts.get("overall").get("omnibus").get("cochranQ").isNull()).isTrue();
        assertThat(counts.get("overall").get("comparisons").get(0).get("effects").get("riskDifference").isObject())
                .isTrue();
    }
}
