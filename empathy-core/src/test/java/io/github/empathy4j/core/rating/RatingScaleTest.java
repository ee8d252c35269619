package io.github.empathy4j.core.rating;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatingScaleTest {

    @Test
    void theStudysScaleIsBadOkayGood() {
        RatingScale.Dimension d = RatingScale.STUDY.single();
        assertThat(d.levels()).extracting(RatingScale.Level::code).containsExactly(1, 2, 3);
        assertThat(d.levels()).extracting(RatingScale.Level::label).containsExactly("Bad", "Okay", "Good");
        assertThat(d.question()).contains("compared with how you would have responded");
    }

    @Test
    void builtInScalesHaveTheirDimensionsAndRanges() {
        assertThat(RatingScale.LIKERT_5.single().levels()).extracting(RatingScale.Level::code).containsExactly(1, 2, 3, 4, 5);
        assertThat(RatingScale.EPITOME.dimensions()).extracting(RatingScale.Dimension::id)
                .containsExactly("emotional-reactions", "interpretations", "explorations");
        for (RatingScale.Dimension d : RatingScale.EPITOME.dimensions()) {
            assertThat(d.levels()).extracting(RatingScale.Level::label).containsExactly("None", "Weak", "Strong");
            assertThat(d.min()).isZero();
            assertThat(d.max()).isEqualTo(2);
        }
        assertThat(RatingScale.EMPATHETIC_DIALOGUES.dimensions()).extracting(RatingScale.Dimension::id)
                .containsExactly("empathy", "relevance", "fluency");
        assertThat(RatingScale.EMPATHETIC_DIALOGUES.dimension("fluency").max()).isEqualTo(5);
        assertThat(RatingScale.builtIns()).extracting(RatingScale::id)
                .containsExactly("study", "likert5", "epitome", "empathetic-dialogues");
        assertThat(RatingScale.builtIn(" EPITOME ")).isSameAs(RatingScale.EPITOME);
    }

    @Test
    void levelsParseFromCodeOrLabel() {
        RatingScale.Dimension d = RatingScale.STUDY.single();
        assertThat(d.parse(" 3 ").label()).isEqualTo("Good");
        assertThat(d.parse("okay").code()).isEqualTo(2);
        assertThat(d.level(1).label()).isEqualTo("Bad");
        assertThat(d.indexOf(3)).isEqualTo(2);
        assertThat(d.contains(0)).isFalse();
    }

    @Test
    void aValueOutsideTheScaleIsAClearError() {
        RatingScale.Dimension d = RatingScale.STUDY.single();
        assertThatThrownBy(() -> d.level(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("4 is outside dimension 'empathy'; expected 1 (Bad), 2 (Okay) or 3 (Good)");
        assertThatThrownBy(() -> d.parse("great")).hasMessageContaining("'great' is outside dimension 'empathy'");
        assertThatThrownBy(() -> RatingScale.EPITOME.single()).hasMessageContaining("has 3 dimensions");
        assertThatThrownBy(() -> RatingScale.EPITOME.dimension("warmth"))
                .hasMessageContaining("no dimension 'warmth'").hasMessageContaining("interpretations");
        assertThatThrownBy(() -> RatingScale.builtIn("nps")).hasMessageContaining("known: study, likert5");
    }

    @Test
    void malformedScalesAreRejected() {
        RatingScale.Level a = new RatingScale.Level(2, "A", "a");
        RatingScale.Level b = new RatingScale.Level(1, "B", "b");
        assertThatThrownBy(() -> new RatingScale.Dimension("x", "q", List.of(a, b)))
                .hasMessageContaining("level codes must increase, but 1 follows 2");
        assertThatThrownBy(() -> new RatingScale.Dimension("x", "q", List.of(a))).hasMessageContaining("at least two levels");
        RatingScale.Dimension x = new RatingScale.Dimension("x", "q", List.of(b, a));
        assertThatThrownBy(() -> new RatingScale("s", "S", List.of(x, x))).hasMessageContaining("dimension 'x' twice");
        assertThatThrownBy(() -> new RatingScale("s", "S", List.of())).hasMessageContaining("no dimension");
    }
}
