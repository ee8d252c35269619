package io.github.empathy4j.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmotionTest {

    /** The study's grouping, as listed in ../shared/data/README.md. */
    private static final List<String> POSITIVE = List.of("anticipating", "caring", "confident", "content", "excited",
            "faithful", "grateful", "hopeful", "impressed", "joyful", "prepared", "proud", "surprised", "trusting");
    private static final List<String> NEGATIVE = List.of("afraid", "angry", "annoyed", "anxious", "apprehensive",
            "ashamed", "devastated", "disappointed", "disgusted", "embarrassed", "furious", "guilty", "jealous",
            "lonely", "nostalgic", "sad", "sentimental", "terrified");

    @Test
    void thirtyTwoLabelsWithTheStudysValences() {
        assertThat(Emotion.values()).hasSize(32);
        assertThat(Emotion.of(Valence.POSITIVE)).extracting(Emotion::label).containsExactlyElementsOf(POSITIVE);
        assertThat(Emotion.of(Valence.NEGATIVE)).extracting(Emotion::label).containsExactlyElementsOf(NEGATIVE);
    }

    @Test
    void labelsAreLowerCaseAsInTheData() {
        assertThat(Arrays.stream(Emotion.values()).map(Emotion::label)).allMatch(l -> l.equals(l.toLowerCase()));
        assertThat(Emotion.APPREHENSIVE.label()).isEqualTo("apprehensive");
    }

    @Test
    void parsingIgnoresCaseAndSurroundingBlanks() {
        assertThat(Emotion.parse("  Terrified\t")).isEqualTo(Emotion.TERRIFIED);
        assertThat(Emotion.parse("JOYFUL")).isEqualTo(Emotion.JOYFUL);
        for (Emotion e : Emotion.values()) {
            assertThat(Emotion.parse(e.label())).isEqualTo(e);
        }
    }

    @Test
    void anUnknownLabelNamesTheNearestOne() {
        assertThatThrownBy(() -> Emotion.parse("aprehensive"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'aprehensive'")
                .hasMessageContaining("did you mean 'apprehensive'?");
        assertThatThrownBy(() -> Emotion.parse("greatful")).hasMessageContaining("'grateful'");
        assertThatThrownBy(() -> Emotion.parse("")).hasMessageContaining("not one of the 32");
    }

    @Test
    void valenceParsesAndRejects() {
        assertThat(Valence.parse(" Positive ")).isEqualTo(Valence.POSITIVE);
        assertThat(Valence.NEGATIVE.label()).isEqualTo("negative");
        assertThatThrownBy(() -> Valence.parse("neutral")).hasMessageContaining("'neutral'")
                .hasMessageContaining("positive or negative");
    }
}
