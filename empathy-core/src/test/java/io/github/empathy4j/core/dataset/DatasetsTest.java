package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.github.empathy4j.core.dataset.Fixtures.edFile;
import static io.github.empathy4j.core.dataset.Fixtures.edLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetsTest {

    @TempDir
    Path dir;

    @Test
    void recognisesAndReadsEachFormat() {
        Path release = Fixtures.write(dir, "release.csv", "\uFEFF" + Fixtures.releaseCsv("\r\n",
                List.of(Fixtures.releaseRow(0, "r1", "sad", "negative"))));
        Path ed = Fixtures.write(dir, "train.csv", edFile(edLine("c1", 1, "sad", "p", "u1"),
                edLine("c1", 2, "sad", "p", "u2"), edLine("c2", 1, "sad", "p", "v1"), "c2,x,sad,p,1,v2,,"));
        Path jsonl = dir.resolve("d.jsonl");
        DialogueJsonl.write(jsonl, DialogueJsonlTest.SAMPLE);
        Path jsonWithOtherName = Fixtures.write(dir, "d.txt", "{\"id\":\"a\",\"emotion\":\"sad\",\"situation\":\"\","
                + "\"turns\":[{\"role\":\"speaker\",\"text\":\"t\"}]}\n");

        assertThat(Datasets.detect(release)).isEqualTo(Datasets.Format.RELEASE_CSV);
        assertThat(Datasets.detect(ed)).isEqualTo(Datasets.Format.EMPATHETIC_DIALOGUES_CSV);
        assertThat(Datasets.detect(jsonl)).isEqualTo(Datasets.Format.JSONL);
        assertThat(Datasets.detect(jsonWithOtherName)).isEqualTo(Datasets.Format.JSONL);

        assertThat(Datasets.read(release, ErrorPolicy.STRICT).value().ids()).containsExactly("r1");
        ReadResult<DialogueSet> edResult = Datasets.read(ed, ErrorPolicy.LENIENT);
        assertThat(edResult.value().ids()).containsExactly("c1");
        assertThat(edResult.report().problems()).singleElement()
                .satisfies(e -> assertThat(e.column()).isEqualTo("utterance_idx"));
        assertThat(edResult.report().notes()).singleElement().asString().startsWith("1 conversation (1 row) ended");
        assertThat(Datasets.read(jsonl, ErrorPolicy.STRICT).value()).isEqualTo(DialogueJsonlTest.SAMPLE);
        assertThat(Datasets.read(jsonWithOtherName, ErrorPolicy.STRICT).value().ids()).containsExactly("a");
    }

    @Test
    void namesTheFormatsItKnowsForAnUnknownFile() {
        Path other = Fixtures.write(dir, "other.csv", "name,score\nx,1\n");
        Path empty = Fixtures.write(dir, "empty.csv", "");

        assertThatThrownBy(() -> Datasets.read(other, ErrorPolicy.LENIENT)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("other.csv:1: 'name,score' is not valid; expected a dataset")
                .hasMessageContaining("release CSV").hasMessageContaining("EmpatheticDialogues CSV")
                .hasMessageContaining(".jsonl");
        assertThatThrownBy(() -> Datasets.read(empty, ErrorPolicy.LENIENT)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("the file is empty");
        assertThat(Datasets.read(Fixtures.write(dir, "empty.jsonl", ""), ErrorPolicy.STRICT).value().isEmpty())
                .isTrue();
    }
}
