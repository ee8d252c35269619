package io.github.empathy4j.core.rating;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CombinationTest {

    private final RatingScale.Dimension study = RatingScale.STUDY.single();
    private final RatingScale.Dimension epitome = RatingScale.EPITOME.dimensions().get(0);

    @Test
    void majorityTakesTheMostFrequentLevel() {
        assertThat(Combination.MAJORITY.combine(List.of(3, 1, 3), study)).isEqualTo(3);
        assertThat(Combination.MAJORITY.combine(List.of(2), study)).isEqualTo(2);
        assertThat(Combination.MAJORITY.combine(List.of(0, 0, 2), epitome)).isZero();
    }

    @Test
    void majorityTiesGoToTheTiedLevelNearestTheLowerMedianThenToTheLowerOne() {
        assertThat(Combination.MAJORITY.combine(List.of(1, 2, 3), study)).isEqualTo(2);
        assertThat(Combination.MAJORITY.combine(List.of(3, 1), study)).isEqualTo(1);
        assertThat(Combination.MAJORITY.combine(List.of(1, 1, 2, 3, 3), study)).isEqualTo(1);
        assertThat(Combination.MAJORITY.combine(List.of(3, 3, 2, 2, 1), study)).isEqualTo(2);
    }

    @Test
    void meanRoundsToTheNearestLevelAndHalfwayDown() {
        assertThat(Combination.MEAN.combine(List.of(2, 3, 3), study)).isEqualTo(3);
        assertThat(Combination.MEAN.combine(List.of(1, 2), study)).isEqualTo(1);
        assertThat(Combination.MEAN.combine(List.of(1, 3), study)).isEqualTo(2);
        assertThat(Combination.MEAN.combine(List.of(1, 1, 3), study)).isEqualTo(2);
    }

    @Test
    void refusesNoValueAndValuesOffTheScale() {
        assertThatThrownBy(() -> Combination.MEAN.combine(List.of(), study)).hasMessageContaining("no value");
        assertThatThrownBy(() -> Combination.MAJORITY.combine(List.of(1, 4), study))
                .hasMessageContaining("4 is outside dimension 'empathy'");
    }
}
