package io.github.empathy4j.core.crowd;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.CsvTable;
import io.github.empathy4j.core.rating.RatingScale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrowdStudyTest {

    @TempDir
    Path dir;

    private final List<Dialogue> dialogues = CrowdFixtures.dialogues(10);
    private final List<Reply> replies = CrowdFixtures.replies(dialogues);

    @Test
    void splitsEachConditionIntoBatchesBalancedOverEmotionsWithTheSameDialoguesInEveryCondition() {
        CrowdStudy study = CrowdStudy.design(dialogues, replies, RatingScale.STUDY, 10, 7);

        assertThat(study.batches()).hasSize(64);
        assertThat(study.items()).isEqualTo(640);
        assertThat(study.conditions()).containsExactlyInAnyOrderElementsOf(CrowdFixtures.CONDITIONS);
        assertThat(study.batches()).allSatisfy(b -> assertThat(b.items()).hasSize(10));
        assertThat(study.batches().get(0).id()).isEqualTo("b001");
        assertThat(study.batches().get(63).id()).isEqualTo("b064");
        Map<String, Emotion> emotion = dialogues.stream().collect(Collectors.toMap(Dialogue::id, Dialogue::emotion));
        // 10 dialogues per emotion dealt over 32 groups: no batch has an emotion twice
        assertThat(study.batches()).allSatisfy(b -> assertThat(b.items().stream()
                .map(i -> emotion.get(i.dialogueId())).distinct().count()).isEqualTo(10));
        Map<String, Set<Set<String>>> groups = new HashMap<>();
        Set<String> rated = new HashSet<>();
        for (CrowdStudy.Batch b : study.batches()) {
            groups.computeIfAbsent(b.condition(), c -> new HashSet<>())
                    .add(b.items().stream().map(CrowdStudy.Item::dialogueId).collect(Collectors.toSet()));
            b.items().forEach(i -> assertThat(rated.add(b.condition() + "/" + i.dialogueId())).isTrue());
        }
        assertThat(rated).hasSize(640);
        assertThat(groups.get("cond-alpha")).isEqualTo(groups.get("cond-beta"));
        Set<String> itemIds = study.batches().stream().flatMap(b -> b.items().stream()).map(CrowdStudy.Item::id)
                .collect(Collectors.toSet());
        assertThat(itemIds).hasSize(640).allMatch(id -> id.matches("i[0-9a-f]{10}"));
    }

    @Test
    void batchSizesDifferByAtMostOneAndTheSeedFixesTheDesign() {
        List<Dialogue> some = dialogues.subList(0, 64);
        List<Reply> theirs = CrowdFixtures.replies(some);
        CrowdStudy study = CrowdStudy.design(some, theirs, RatingScale.STUDY, 10, 3);
        assertThat(study.batches()).hasSize(14).allSatisfy(b -> assertThat(b.items().size()).isBetween(9, 10));

        assertThat(CrowdStudy.design(some, theirs, RatingScale.STUDY, 10, 3)).isEqualTo(study);
        assertThat(CrowdStudy.design(some, theirs, RatingScale.STUDY, 10, 4)).isNotEqualTo(study);
        // the numbering does not group a condition's batches together
        assertThat(study.batches().subList(0, 7).stream().map(CrowdStudy.Batch::condition).distinct()).hasSize(2);
    }

    @Test
    void keepsTheKeyInTheStudyFolderAndNeverOverwritesAnotherStudysKey() {
        CrowdStudy study = CrowdStudy.design(dialogues, replies, RatingScale.STUDY, 10, 7);
        study.save(dir);
        assertThat(CrowdStudy.load(dir)).isEqualTo(study);
        study.save(dir);

        CrowdStudy other = CrowdStudy.design(dialogues, replies, RatingScale.STUDY, 10, 8);
        assertThatThrownBy(() -> other.save(dir)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("key of another crowd study");
        assertThatThrownBy(() -> CrowdStudy.load(dir.resolve("nowhere")))
                .hasMessageContaining("export the batches into this study folder first");
    }

    @Test
    void thePrivateKeyIsReadableByItsOwnerOnlyAndTheExportsByEveryone() throws IOException {
        CrowdStudy study = CrowdStudy.design(dialogues, replies, RatingScale.STUDY, 10, 7);
        study.save(dir);
        study.export(dir.resolve("export"), dialogues, replies, EnumSet.allOf(CrowdStudy.Format.class));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(CrowdStudy.KEY_FILE))))
                .isEqualTo("rw-------");
        // the test runs with umask 022, under which a new file is rw-r--r--
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("export")
                .resolve(CrowdStudy.CSV_FILE)))).isEqualTo("rw-r--r--");
    }

    @Test
    void exportsBlindedBatchesWithTheQuestionAndLevelsAsCsvAndJson() throws IOException {
        CrowdStudy study = CrowdStudy.design(dialogues, replies, RatingScale.STUDY, 10, 7);
        Path export = dir.resolve("export");
        study.export(export, dialogues, replies, EnumSet.allOf(CrowdStudy.Format.class));

        CsvTable csv = CsvTable.read(export.resolve(CrowdStudy.CSV_FILE), "a header");
        assertThat(csv.header()).containsExactly("batch", "position", "item", "situation", "conversation", "reply",
                "question", "levels");
        assertThat(csv.rows()).hasSize(640);
        CsvTable.Row first = csv.rows().get(0);
        CrowdStudy.Batch b1 = study.batches().get(0);
        assertThat(first.values()).containsExactly("b001", "1", b1.items().get(0).id(), "A day, with a comma",
                "Speaker: Something happened to me.", "That sounds \"hard\",\nI am sorry.",
                RatingScale.STUDY.single().question(), "1 = Bad: Less empathetic than I would have been; dismissive "
                        + "or off the mark.; 2 = Okay: About as empathetic as I would have been.; 3 = Good: More "
                        + "empathetic than I would have been.");
        String json = Files.readString(export.resolve(CrowdStudy.JSON_FILE));
        assertThat(json).contains("\"question\"").contains("\"label\" : \"Good\"").contains(b1.items().get(0).id());
        for (String text : List.of(Files.readString(export.resolve(CrowdStudy.CSV_FILE)), json)) {
            assertThat(text).doesNotContain("cond-alpha").doesNotContain("cond-beta").doesNotContain("x0001");
        }
        assertThat(export.resolve(CrowdStudy.KEY_FILE)).doesNotExist();
    }
}
