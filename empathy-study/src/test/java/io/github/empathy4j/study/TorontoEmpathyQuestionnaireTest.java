package io.github.empathy4j.study;

import io.github.empathy4j.core.dataset.ReleaseDataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TorontoEmpathyQuestionnaireTest {

    @Test
    void theScoreCountsForwardItemsFromNeverAndReversedItemsFromAlways() {
        // By the published key (Spreng et al. 2009): items 2, 4, 7, 10, 11, 12, 14, 15 reversed, 0..4 each.
        assertThat(TorontoEmpathyQuestionnaire.score(Collections.nCopies(16, -2))).isEqualTo(32); // 8 reversed x 4
        assertThat(TorontoEmpathyQuestionnaire.score(Collections.nCopies(16, 2))).isEqualTo(32); // 8 forward x 4
        assertThat(TorontoEmpathyQuestionnaire.score(Collections.nCopies(16, 0))).isEqualTo(32); // 16 x 2
        List<Integer> most = new ArrayList<>();
        List<Integer> least = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            boolean reversed = TorontoEmpathyQuestionnaire.REVERSED.contains(i);
            most.add(reversed ? -2 : 2);
            least.add(reversed ? 2 : -2);
        }
        assertThat(TorontoEmpathyQuestionnaire.score(most)).isEqualTo(64);
        assertThat(TorontoEmpathyQuestionnaire.score(least)).isZero();
        assertThat(TorontoEmpathyQuestionnaire.ITEMS).hasSize(16);
        assertThat(TorontoEmpathyQuestionnaire.ITEMS.get(1)).contains("misfortunes do not disturb me");
        assertThat(TorontoEmpathyQuestionnaire.ITEMS.get(14)).contains("silly for people to cry out of happiness");
    }

    @Test
    void everyAnnotatorsScoreInTheReleaseIsTheirAnswersScored() {
        // The release records each rater's 16 answers (-2..2) and, independently, their total.
        String folder = System.getProperty("empathy.shared.data");
        Path csv = folder == null ? null : Path.of(folder, "welivita-pu-2024", "dataset_and_ratings.csv");
        assumeTrue(csv != null && Files.exists(csv), "shared data folder absent");
        List<ReleaseDataset.Annotator> annotators = ReleaseDataset.read(csv).annotators();
        assertThat(annotators).hasSizeGreaterThan(500);
        for (ReleaseDataset.Annotator a : annotators) {
            assertThat(TorontoEmpathyQuestionnaire.score(a.teqAnswers())).as(a.id()).isEqualTo(a.teqTotal());
        }
    }

    @Test
    void answersOffTheScaleOrOfTheWrongCountAreRefused() {
        assertThatThrownBy(() -> TorontoEmpathyQuestionnaire.score(Collections.nCopies(15, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 15");
        List<Integer> bad = new ArrayList<>(Collections.nCopies(16, 0));
        bad.set(3, 3);
        assertThatThrownBy(() -> TorontoEmpathyQuestionnaire.score(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answer 4")
                .hasMessageContaining("was 3");
    }
}
