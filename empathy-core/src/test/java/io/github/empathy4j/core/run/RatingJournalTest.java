package io.github.empathy4j.core.run;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatingJournalTest {

    @TempDir
    Path dir;

    private final Rating judged = new Rating("gpt-4", "d1", "openai:gpt-4o", "study", "empathy", 3, "Warm, \"kind\"", null,
            RaterSource.Kind.JUDGE, new BigDecimal("0.000412500"));
    private final Rating crowd = new Rating("human", "d1", "p17", "study", "empathy", 1, null, "b004");

    @Test
    void writesOneObjectPerLineInTheDocumentedOrderAndReadsItBack() {
        String line = new String(RatingJournal.line(judged), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo("{\"condition\":\"gpt-4\",\"dialogueId\":\"d1\",\"rater\":\"openai:gpt-4o\","
                + "\"scale\":\"study\",\"dimension\":\"empathy\",\"value\":3,\"rationale\":\"Warm, \\\"kind\\\"\","
                + "\"batch\":null,\"kind\":\"judge\",\"costUsd\":\"0.000412500\"}\n");
        Path file = dir.resolve(RatingJournal.FILE_NAME);
        assertThat(RatingJournal.append(file, List.of(judged, crowd))).isEqualTo(2);
        assertThat(RatingJournal.read(file)).containsExactly(judged, crowd);
    }

    @Test
    void appendingAgainAddsOnlyWhatIsNewAndRepairsATornLine() throws IOException {
        Path file = dir.resolve("sub").resolve(RatingJournal.FILE_NAME);
        RatingJournal.append(file, List.of(judged));
        Files.writeString(file, "{\"condition\":\"hu", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(RatingJournal.append(file, List.of(judged, crowd))).isEqualTo(1);
        assertThat(RatingJournal.append(file, List.of(crowd))).isZero();
        assertThat(RatingJournal.read(file)).containsExactly(judged, crowd);
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void rejectsDuplicatesBadValuesAndMissingFields() throws IOException {
        Path file = dir.resolve(RatingJournal.FILE_NAME);
        String line = new String(RatingJournal.line(judged), StandardCharsets.UTF_8);
        Files.writeString(file, line + line, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RatingJournal.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(":2:").hasMessageContaining("line 1 has the same");

        Files.writeString(file, line.replace("\"value\":3", "\"value\":\"Good\""), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RatingJournal.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(":1: column 'value'").hasMessageContaining("whole number");

        Files.writeString(file, line.replace("\"rater\":\"openai:gpt-4o\",", ""), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RatingJournal.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'rater' is required");

        assertThatThrownBy(() -> RatingJournal.append(file, List.of(crowd, crowd)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
    }

    @Test
    void aRatingNamesItsSourceKindAndLinesWrittenBeforeKindsExistedAreReadAsThen() throws IOException {
        Rating panel = new Rating("gpt-4", "d1", "panel-majority", "study", "empathy", 3, "majority of 3: a=3",
                null, RaterSource.Kind.PANEL);
        Path file = dir.resolve(RatingJournal.FILE_NAME);
        RatingJournal.append(file, List.of(panel));
        Files.writeString(file, String.join("\n",
                "{\"condition\":\"gpt-4\",\"dialogueId\":\"d2\",\"rater\":\"panel-majority\",\"scale\":\"study\","
                        + "\"dimension\":\"empathy\",\"value\":2,\"rationale\":\"mean of 2: a=2, b=2\",\"batch\":null}",
                "{\"condition\":\"gpt-4\",\"dialogueId\":\"d3\",\"rater\":\"p1\",\"scale\":\"study\","
                        + "\"dimension\":\"empathy\",\"value\":2,\"rationale\":null,\"batch\":\"b1\"}",
                "{\"condition\":\"gpt-4\",\"dialogueId\":\"d4\",\"rater\":\"j\",\"scale\":\"study\","
                        + "\"dimension\":\"empathy\",\"value\":2,\"rationale\":\"majority of the time, kind\",\"batch\":null}",
                ""), StandardOpenOption.APPEND);

        assertThat(RatingJournal.read(file)).extracting(Rating::kind).containsExactly(
                RaterSource.Kind.PANEL, RaterSource.Kind.PANEL,
                RaterSource.Kind.CROWD, RaterSource.Kind.JUDGE);
    }

    @Test
    void anUnknownKindOrACrowdRatingWithoutBatchIsBadInputNamingTheLine() throws IOException {
        Path file = dir.resolve(RatingJournal.FILE_NAME);
        Files.writeString(file, "{\"condition\":\"gpt-4\",\"dialogueId\":\"d1\",\"rater\":\"j\","
                + "\"scale\":\"study\",\"dimension\":\"empathy\",\"value\":2,\"batch\":null,\"kind\":\"crowd\"}\n");
        assertThatThrownBy(() -> RatingJournal.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(":1").hasMessageContaining("batch");
        Files.writeString(file, "{\"condition\":\"gpt-4\",\"dialogueId\":\"d1\",\"rater\":\"j\","
                + "\"scale\":\"study\",\"dimension\":\"empathy\",\"value\":2,\"kind\":\"robot\"}\n");
        assertThatThrownBy(() -> RatingJournal.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("robot").hasMessageContaining("judge, panel or crowd");
    }
}
