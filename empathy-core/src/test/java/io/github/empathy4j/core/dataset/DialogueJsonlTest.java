package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class DialogueJsonlTest {

    @TempDir
    Path dir;

    static final DialogueSet SAMPLE = DialogueSet.of(
            Dialogue.opening("hit:1_conv:2", Emotion.AFRAID, "A storm, at night", "The wind was \"so\" loud",
                    "That sounds scary."),
            new Dialogue("multi#turn=4", Emotion.JOYFUL, "", List.of(Turn.speaker("Ich bin so glücklich 😊"),
                    Turn.listener("Warum?\nErzähl!"), Turn.speaker("Tab\there, backslash \\ and \u2028")), "Schön!"),
            Dialogue.opening("no-reply", Emotion.SAD, "日本語の状況", "誰もいない", null));

    @Test
    void writesAndReadsBackLosslessly() throws IOException {
        Path file = dir.resolve("dialogues.jsonl");

        DialogueJsonl.write(file, SAMPLE);
        DialogueSet read = DialogueJsonl.read(file);

        assertThat(read).isEqualTo(SAMPLE);
        assertThat(read.dialogues()).extracting(Dialogue::humanReply).containsExactly("That sounds scary.", "Schön!", null);
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(3);
    }

    @Test
    void writesTheDocumentedFormat() throws IOException {
        Path file = dir.resolve("one.jsonl");

        DialogueJsonl.write(file, DialogueSet.of(SAMPLE.dialogues().get(0), SAMPLE.dialogues().get(2)));

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"hit:1_conv:2\",\"emotion\":\"afraid\",\"situation\":\"A storm, at night\",\"turns\":"
                        + "[{\"role\":\"speaker\",\"text\":\"The wind was \\\"so\\\" loud\"}],"
                        + "\"humanReply\":\"That sounds scary.\"}\n"
                        + "{\"id\":\"no-reply\",\"emotion\":\"sad\",\"situation\":\"日本語の状況\",\"turns\":"
                        + "[{\"role\":\"speaker\",\"text\":\"誰もいない\"}]}\n");
    }

    @Test
    void acceptsAnyFieldOrderNullReplyCaseByteOrderMarkCrlfAndBlankLines() {
        Path file = Fixtures.write(dir, "d.jsonl", "\uFEFF"
                + "{\"turns\":[{\"text\":\"hi\",\"role\":\"speaker\"}],\"situation\":\"s\",\"emotion\":\"Lonely\","
                + "\"humanReply\":null,\"id\":\"a\"}\r\n\r\n"
                + "{\"id\":\"b\",\"emotion\":\"proud\",\"situation\":\"\",\"turns\":[{\"role\":\"speaker\",\"text\":\"x\"}]}\r\n");

        assertThat(DialogueJsonl.read(file).dialogues()).containsExactly(
                Dialogue.opening("a", Emotion.LONELY, "s", "hi", null),
                Dialogue.opening("b", Emotion.PROUD, "", "x", null));
    }

    @Test
    void readsAnEmptyFileAsAnEmptySet() {
        Path file = dir.resolve("empty.jsonl");

        DialogueJsonl.write(file, DialogueSet.of());

        assertThat(DialogueJsonl.read(file).isEmpty()).isTrue();
    }

    @Test
    void reportsEachBadLineWithItsLineAndField() {
        String good = "{\"id\":\"a\",\"emotion\":\"sad\",\"situation\":\"s\",\"turns\":[{\"role\":\"speaker\",\"text\":\"t\"}]}";
        Path file = Fixtures.write(dir, "bad.jsonl", String.join("\n",
                good,
                "{\"id\":\"b\",\"emotion\":\"sad\"",
                good.replace("\"sad\"", "\"sadd\"").replace("\"a\"", "\"c\""),
                good.replace("\"a\"", "\"d\"").replace("\"situation\":\"s\",", ""),
                good.replace("\"a\"", "\"e\"").replace("\"speaker\"", "\"narrator\""),
                good.replace("\"a\"", "\"f\"").replace("\"speaker\"", "\"listener\""),
                good.replace("\"a\"", "\"g\"").replace("}]}", "}],\"mood\":1}"),
                good.replace("\"a\"", "\"h\"").replace("[{\"role\":\"speaker\",\"text\":\"t\"}]", "[]"),
                good.replace("\"a\"", "\"i\"").replace("\"s\"", "3"),
                "[1, 2]",
                good));

        ReadResult<DialogueSet> result = DialogueJsonl.read(file, ErrorPolicy.LENIENT);

        assertThat(result.value().ids()).containsExactly("a");
        assertThat(result.report().problems()).extracting(BadInputException::line, BadInputException::column)
                .containsExactly(tuple(2L, null), tuple(3L, "emotion"), tuple(4L, "situation"),
                        tuple(5L, "turns[0].role"), tuple(6L, "turns"), tuple(7L, "mood"), tuple(8L, "turns"),
                        tuple(9L, "situation"), tuple(10L, null), tuple(11L, "id"));
        List<String> messages = result.report().problems().stream().map(BadInputException::getMessage).toList();
        assertThat(messages.get(0)).contains("expected one JSON object on the line");
        assertThat(messages.get(1)).contains("did you mean 'sad'?");
        assertThat(messages.get(2)).contains("the field is missing");
        assertThat(messages.get(4)).contains("last turn to be the speaker's");
        assertThat(messages.get(5)).contains("unknown field; expected only emotion, humanReply, id, situation, turns");
        assertThat(messages.get(9)).contains("line 1 has it too");
        assertThat(result.report().skipped()).isEqualTo(10);
        assertThat(result.report().records()).isEqualTo(11);
        assertThatThrownBy(() -> DialogueJsonl.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.jsonl:2: ").hasMessageContaining("ErrorPolicy.LENIENT");
    }

    @Test
    void reportsTheLineOfInvalidUtf8() {
        byte[] good = "{\"id\":\"a\"}\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[good.length + 3];
        System.arraycopy(good, 0, content, 0, good.length);
        content[good.length] = '"';
        content[good.length + 1] = (byte) 0xC3;
        content[good.length + 2] = '"';
        Path file = Fixtures.write(dir, "bad.jsonl", content);

        assertThatThrownBy(() -> DialogueJsonl.read(file, ErrorPolicy.LENIENT))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.value()).isEqualTo("0xC3");
                });
    }

    @Test
    void wrapsReadAndWriteFailuresWithTheFileName() {
        Path file = dir.resolve("missing-folder").resolve("d.jsonl");

        assertThatThrownBy(() -> DialogueJsonl.write(file, SAMPLE)).isExactlyInstanceOf(EmpathyException.class)
                .hasMessageStartingWith("cannot write " + file);
        assertThatThrownBy(() -> DialogueJsonl.read(file)).isExactlyInstanceOf(EmpathyException.class)
                .hasMessage("cannot read " + file + ": no such file");
    }
}
