package io.github.empathy4j.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.empathy4j.core.rating.RatingScale;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class PublishedResultsTest {

    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    @Test
    void everyPublishedChiSquareAndRelativeIncreaseIsReproducedFromTheCounts() {
        StudyAnalysis analysis = StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study());
        int checked = 0;
        for (PublishedResults.Figure f : PublishedResults.figures()) {
            GroupAnalysis group = analysis.group(f.group());
            assertThat(group.condition(f.condition()).successes()).isEqualTo(f.good());
            if (f.chiSquare() != null) {
                assertThat(round(group.comparison(f.condition()).yates().statistic(), 2))
                        .as("%s %s", f.condition(), f.group()).isEqualTo(f.chiSquare());
                checked++;
            }
            if (f.relativeIncreasePercent() != null) {
                assertThat(round(100 * group.comparison(f.condition()).relativeIncrease(), 1))
                        .as("%s relative increase", f.condition()).isEqualTo(f.relativeIncreasePercent());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(16);
    }

    @Test
    void countsAloneGiveTheCountBasedPartsAndLeaveTheRestAbsent() {
        StudyAnalysis analysis = StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study());
        assertThat(analysis.conditions()).containsExactlyElementsOf(PublishedResults.CONDITIONS);
        assertThat(analysis.bootstrapResamples()).isZero();
        assertThat(analysis.emotions()).isEmpty();
        assertThat(analysis.valences()).extracting(g -> g.group().label()).containsExactly("positive", "negative");
        Comparison gpt4 = analysis.overall().comparison(PublishedResults.GPT_4);
        assertThat(gpt4.levels()).isNotNull();
        assertThat(gpt4.cramersV()).isNotNull();
        assertThat(gpt4.mannWhitney()).isNull();
        assertThat(gpt4.shareDifferenceInterval()).isNull();
        assertThat(gpt4.relativeIncreaseInterval()).isNull();
        assertThat(gpt4.fisher()).isNull();
        // only Good counts are published for the other LLMs: no 2x3 table, no omnibus k x 3
        assertThat(analysis.overall().comparison(PublishedResults.LLAMA_2).levels()).isNull();
        assertThat(analysis.overall().condition(PublishedResults.LLAMA_2).counts()).isNull();
        assertThat(analysis.overall().omnibus().chiSquare()).isNull();
        assertThat(analysis.overall().omnibus().kruskalWallis()).isNull();
        assertThat(analysis.overall().omnibus().dunn()).isNull();
        assertThat(analysis.overall().dialogues()).isNull();
        // the valence family has two members
        assertThat(analysis.valence(io.github.empathy4j.core.Valence.POSITIVE).comparison(PublishedResults.GPT_4)
                .yates().p().familySize()).isEqualTo(2);
        assertThat(analysis.scale()).isEqualTo(RatingScale.STUDY.id());
    }
}
