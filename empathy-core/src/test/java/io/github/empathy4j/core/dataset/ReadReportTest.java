package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadReportTest {

    @Test
    void summarisesACleanReadWithItsNotes() {
        ReadReport report = new ReadReport("train.csv", 2000, 0, 0, List.of(), List.of("3 lines had extra fields."));

        assertThat(report.isClean()).isTrue();
        assertThat(report.summary()).isEqualTo("train.csv: 2,000 records read, none skipped. 3 lines had extra fields.");
    }

    @Test
    void summarisesEveryProblemWhenThereAreFewerThanFive() {
        BadInputException problem = new BadInputException("d.csv", 3, "emotion", "sadd", "expected an emotion");
        ReadReport report = new ReadReport("d.csv", 1, 1, 1, List.of(problem), List.of());

        assertThat(report.summary()).isEqualTo("d.csv: 1 record read, 1 skipped because of 1 problem:"
                + " 1) d.csv:3: column 'emotion': 'sadd' is not valid; expected an emotion.");
    }

    @Test
    void rejectsAnInconsistentReport() {
        assertThatThrownBy(() -> new ReadReport("d.csv", 1, 2, 2, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 records, 2 skipped");
    }
}
