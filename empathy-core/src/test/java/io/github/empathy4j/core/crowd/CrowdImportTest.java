package io.github.empathy4j.core.crowd;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.rating.RatingScale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class CrowdImportTest {

    @TempDir
    Path dir;

    private final List<Dialogue> dialogues = CrowdFixtures.dialogues(1);
    private final CrowdStudy study = CrowdStudy.design(dialogues, CrowdFixtures.replies(dialogues),
            RatingScale.STUDY, 10, 11);

    /** Every item rated by its batch's participant {@code p-<batch>}, value by position, check answered 3. */
    private List<String> completeRows() {
        List<String> rows = new ArrayList<>();
        rows.add("participant,item,value,check1");
        for (CrowdStudy.Batch b : study.batches()) {
            for (int i = 0; i < b.items().size(); i++) {
                rows.add("p-" + b.id() + "," + b.items().get(i).id() + "," + (i % 3 + 1) + ",3");
            }
        }
        return rows;
    }

    private Path write(List<String> rows) throws IOException {
        Path file = dir.resolve("returned.csv");
        Files.write(file, rows, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void importsEveryRatingWithParticipantAndBatch() throws IOException {
        CrowdImport.Result result = CrowdImport.read(study, write(completeRows()), List.of(), ErrorPolicy.STRICT);

        assertThat(result.ratings()).hasSize(64);
        assertThat(result.report().isClean()).isTrue();
        assertThat(result.incomplete()).isEmpty();
        CrowdStudy.Batch b = study.batches().get(0);
        Rating first = result.ratings().get(0);
        assertThat(first).isEqualTo(new Rating(b.condition(), b.items().get(0).dialogueId(), "p-" + b.id(), "study",
                "empathy", 1, null, b.id()));
    }

    @Test
    void reportsEveryBadRowWithLineColumnAndValueAndKeepsTheValidRatings() throws IOException {
        List<String> rows = completeRows();
        CrowdStudy.Batch b1 = study.batches().get(0);
        CrowdStudy.Batch other = study.batches().stream().filter(b -> !b.condition().equals(b1.condition()))
                .findFirst().orElseThrow();
        rows.set(2, "p-" + b1.id() + "," + b1.items().get(1).id() + ",4,3");            // line 3: off the scale
        rows.set(3, "p-" + b1.id() + ",i-unknown,2,3");                                   // line 4: unknown item
        rows.set(4, "p-" + b1.id() + "," + b1.items().get(3).id() + ",Good,3");         // label: fine
        int switched = rows.indexOf("p-" + other.id() + "," + other.items().get(0).id() + ",1,3");
        rows.set(switched, "p-" + b1.id() + "," + other.items().get(0).id() + ",1,3");  // other condition
        rows.add("p-" + b1.id() + "," + b1.items().get(0).id() + ",1,3");               // line 66: twice
        rows.add(",x,1,3");                                                               // line 67: no participant
        rows.add("p-x,y");                                                                // line 68: short
        CrowdImport.Result result = CrowdImport.read(study, write(rows), List.of(), ErrorPolicy.LENIENT);

        assertThat(result.report().problems()).extracting(BadInputException::line, BadInputException::column,
                BadInputException::value).startsWith(
                        tuple(3L, "value", "4"),
                        tuple(4L, "item", "i-unknown"),
                        tuple(switched + 1L, "participant", "p-" + b1.id()),
                        tuple(66L, "item", b1.items().get(0).id()),
                        tuple(67L, "participant", ""),
                        tuple(68L, null, "p-x,y"));
        assertThat(result.report().problems().get(0).getMessage())
                .contains("returned.csv:3: column 'value': '4' is not valid; a level: 1 (Bad), 2 (Okay) or 3 (Good)");
        assertThat(result.report().problems().get(2).getMessage()).contains("one condition only");
        assertThat(result.report().problems().get(3).getMessage()).contains("line 2 rated it already");
        // items 2 and 3 of the first batch and the switched item are not rated: both batches are incomplete,
        // and their other ratings are kept
        assertThat(result.incomplete()).extracting(CrowdImport.IncompleteBatch::batch)
                .containsExactlyInAnyOrder(b1.id(), other.id());
        assertThat(result.incomplete()).filteredOn(gap -> gap.batch().equals(b1.id())).singleElement()
                .satisfies(gap -> {
                    assertThat(gap.rated()).isEqualTo(b1.items().size() - 2);
                    assertThat(gap.missing()).containsExactly(b1.items().get(1).id(), b1.items().get(2).id());
                });
        assertThat(result.report().problemCount()).isEqualTo(8);
        assertThat(result.ratings()).hasSize(61);
        assertThat(result.ratings()).filteredOn(r -> r.dialogueId().equals(b1.items().get(3).dialogueId())
                && r.condition().equals(b1.condition())).extracting(Rating::value).containsExactly(3);
        assertThat(result.report().skipped()).isEqualTo(6);
    }

    @Test
    void strictStopsAtTheFirstProblem() throws IOException {
        List<String> rows = completeRows();
        rows.set(5, rows.get(5).replaceFirst(",[123],", ",nine,"));
        Path file = write(rows);
        assertThatThrownBy(() -> CrowdImport.read(study, file, List.of(), ErrorPolicy.STRICT))
                .isInstanceOf(BadInputException.class).hasMessageContaining("returned.csv:6: column 'value': 'nine'")
                .hasMessageContaining("import leniently");
        assertThatThrownBy(() -> CrowdImport.read(study, write(completeRows().subList(0, 60)), List.of(), ErrorPolicy.STRICT))
                .isInstanceOf(BadInputException.class).hasMessageContaining("every item of batch");
    }

    @Test
    void aStrictImportSaysWhenABatchIsIncompleteBecauseItsParticipantWasExcluded() throws IOException {
        List<String> rows = completeRows();
        CrowdStudy.Batch b2 = study.batches().get(1);
        rows.replaceAll(r -> r.startsWith("p-" + b2.id() + ",") ? r.substring(0, r.lastIndexOf(',')) + ",2" : r);
        Path file = write(rows);

        assertThatThrownBy(() -> CrowdImport.read(study, file, List.of(AttentionCheck.parse("check1=3")),
                ErrorPolicy.STRICT)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": expected every item of batch " + b2.id())
                .hasMessageContaining("participant p-" + b2.id() + " rated " + b2.items().size() + " of them but was"
                        + " excluded by the attention check check1=3")
                .hasMessageNotContaining("column 'item'");
    }

    @Test
    void aParticipantRatesOneBatchOnlyEvenOfTheSameCondition() throws IOException {
        List<String> rows = completeRows();
        CrowdStudy.Batch first = study.batches().get(0);
        CrowdStudy.Batch sibling = study.batches().stream().filter(b -> b != first
                && b.condition().equals(first.condition())).findFirst().orElseThrow();
        rows.replaceAll(r -> r.startsWith("p-" + sibling.id() + ",") ? r.replace("p-" + sibling.id() + ",",
                "p-" + first.id() + ",") : r);
        Path file = write(rows);

        assertThatThrownBy(() -> CrowdImport.read(study, file, List.of(), ErrorPolicy.STRICT))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("column 'participant': 'p-" + first.id() + "'")
                .hasMessageContaining("each participant rates one batch only, but this item is of batch "
                        + sibling.id() + " and line 2 has their rating of batch " + first.id());
    }

    @Test
    void excludesParticipantsWhoFailAnAttentionCheckAndListsThem() throws IOException {
        List<String> rows = completeRows();
        CrowdStudy.Batch b2 = study.batches().get(1);
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).startsWith("p-" + b2.id() + ",")) {
                rows.set(i, rows.get(i).substring(0, rows.get(i).lastIndexOf(',')) + ",2");
            }
        }
        CrowdImport.Result result = CrowdImport.read(study, write(rows), List.of(AttentionCheck.parse("check1=3|4")),
                ErrorPolicy.LENIENT);

        assertThat(result.excluded()).singleElement().satisfies(e -> {
            assertThat(e.participant()).isEqualTo("p-" + b2.id());
            assertThat(e.answers()).containsExactly("2");
            assertThat(e.rows()).isEqualTo(b2.items().size());
        });
        assertThat(result.ratings()).hasSize(64 - b2.items().size()).noneMatch(r -> r.rater().equals("p-" + b2.id()));
        assertThat(result.incomplete()).extracting(CrowdImport.IncompleteBatch::batch).containsExactly(b2.id());
        assertThat(result.report().summary()).contains("Participant p-" + b2.id() + " was excluded by attention check");
    }

    @Test
    void missingColumnsAndBadRulesAreReportedClearly() throws IOException {
        Path file = write(List.of("who,item,value", "a,b,1"));
        assertThatThrownBy(() -> CrowdImport.read(study, file, List.of(), ErrorPolicy.LENIENT))
                .isInstanceOf(BadInputException.class).hasMessageContaining(":1: column 'participant'")
                .hasMessageContaining("the header has: who, item, value");
        Path ok = write(completeRows());
        assertThatThrownBy(() -> CrowdImport.read(study, ok, List.of(AttentionCheck.parse("check2=1")),
                ErrorPolicy.LENIENT)).hasMessageContaining("column 'check2'");
        assertThatThrownBy(() -> AttentionCheck.parse("check1")).hasMessageContaining("column=value");
    }
}
