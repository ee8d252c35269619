package io.github.empathy4j.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    private final Table table = new Table("Scores", List.of("name", "group", "score"),
            List.of(List.of("ann", "a<b", "12.5%"), List.of("bartholomew", "c", "-3")), "a note");

    @Test
    void textPadsColumnsAndRightAlignsNumbers() {
        assertThat(table.toText()).isEqualTo("""
                Scores
                name         group  score
                -----------  -----  -----
                ann          a<b    12.5%
                bartholomew  c         -3
                a note
                """);
    }

    @Test
    void markdownAlignsNumbersRightAndEscapesPipes() {
        Table piped = new Table("T", List.of("a|b", "n"), List.of(List.of("x|y", "1")), "");

        assertThat(piped.toMarkdown()).isEqualTo("### T\n\n| a\\|b | n |\n| --- | ---: |\n| x\\|y | 1 |\n");
        assertThat(table.toMarkdown()).contains("| --- | --- | ---: |", "\na note\n");
    }

    @Test
    void htmlEscapesAndMarksNumbers() {
        assertThat(table.toHtml()).contains("<h3>Scores</h3>", "<td>a&lt;b</td>", "<td class=\"n\">12.5%</td>",
                "<th class=\"n\">score</th>", "<p class=\"note\">a note</p>");
    }

    @Test
    void longNotesAreWrapped() {
        Table noted = table.withNote("word ".repeat(50).strip());

        assertThat(noted.toText().lines().skip(5)).hasSize(3).allMatch(l -> l.length() <= 100);
    }

    @Test
    void aColumnCanBeAdded() {
        Table wider = table.withColumn("rank", List.of("1", "2"));

        assertThat(wider.headers()).containsExactly("name", "group", "score", "rank");
        assertThat(wider.rows().get(1)).containsExactly("bartholomew", "c", "-3", "2");
        assertThatThrownBy(() -> table.withColumn("rank", List.of("1")))
                .hasMessageContaining("column 'rank' has 1 cells; the table 'Scores' has 2 rows");
    }

    @Test
    void rowsMustFitTheHeaders() {
        assertThatThrownBy(() -> new Table("T", List.of("a", "b"), List.of(List.of("1")), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 1 cells");
    }
}
