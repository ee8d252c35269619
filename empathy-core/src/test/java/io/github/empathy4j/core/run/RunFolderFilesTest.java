package io.github.empathy4j.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.prompt.PromptTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a run leaves in its folder: the documented hash, the files' permissions, and adding a condition later. */
class RunFolderFilesTest {

    @TempDir
    Path dir;

    private static Condition model(String name, String spec, AtomicInteger calls) {
        return new Condition(name, spec, Map.of(), PromptTemplate.defaultTemplate(), d -> {
            calls.incrementAndGet();
            return Answer.of(Fixtures.answerText(d) + " from " + name, spec);
        });
    }

    @Test
    void theRecordedDialogueHashIsTheSha256OfDialoguesJsonlAsSha256sumComputesIt() throws Exception {
        List<Dialogue> dialogues = new ArrayList<>(Fixtures.dialogues(7));
        Collections.reverse(dialogues);
        Run.builder().outputDirectory(dir).dialogues(dialogues).condition(model("m", "fake:m", new AtomicInteger()))
                .build().execute();

        // what `sha256sum dialogues.jsonl` prints: SHA-256 over the file's bytes
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve("dialogues.jsonl")));
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertThat(manifest.path("dataset").path("sha256").asText()).isEqualTo(HexFormat.of().formatHex(digest));
    }

    @Test
    void theRunsFilesAreReadableByOthersAsAnyFileTheUserCreates() throws Exception {
        Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(2))
                .condition(model("m", "fake:m", new AtomicInteger())).build().execute();

        // the test runs with umask 022, under which a new file is rw-r--r--
        for (String name : List.of("run.json", "dialogues.jsonl", "responses.jsonl", "failures.jsonl")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
                    .as(name).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void aConditionAddedToARunIsAnsweredAndWhatWasAnsweredIsKept() throws Exception {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        List<Dialogue> dialogues = Fixtures.dialogues(5);
        Run.builder().outputDirectory(dir).dialogues(dialogues).condition(model("a", "fake:a", first)).build()
                .execute();

        RunResult more = Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(model("a", "fake:a", first)).condition(model("b", "fake:b", second)).build().execute();

        assertThat(first).hasValue(5);
        assertThat(second).hasValue(5);
        assertThat(more.skipped()).isEqualTo(5);
        assertThat(more.answered()).isEqualTo(5);
        List<Reply> journal = ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME));
        assertThat(journal).hasSize(10);
        assertThat(journal.stream().filter(r -> r.condition().equals("a")).map(Reply::text))
                .allSatisfy(t -> assertThat(t).endsWith("from a")).hasSize(5);
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertThat(manifest.path("conditions")).extracting(c -> c.path("name").asText()).containsExactly("a", "b");
    }

    @Test
    void anotherSpecUnderAConditionsNameOrOtherDialoguesAreStillRefused() {
        List<Dialogue> dialogues = Fixtures.dialogues(3);
        AtomicInteger calls = new AtomicInteger();
        Run.builder().outputDirectory(dir).dialogues(dialogues).condition(model("a", "fake:a", calls)).build()
                .execute();

        assertThatThrownBy(() -> Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(model("a", "fake:other", calls)).condition(model("b", "fake:b", calls)).build().execute())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("condition 'a' has another spec")
                .hasMessageContaining("'fake:a'").hasMessageContaining("'fake:other'");
        assertThatThrownBy(() -> Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(4))
                .condition(model("b", "fake:b", calls)).build().execute())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("the dialogues differ");
        assertThat(calls).hasValue(3);
    }
}
