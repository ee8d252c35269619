package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.github.empathy4j.core.dataset.Fixtures.edFile;
import static io.github.empathy4j.core.dataset.Fixtures.edLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EmpatheticDialoguesTest {

    @TempDir
    Path dir;

    /** Two conversations; the second's lines are out of order, one line has extra trailing fields. */
    private String twoConversations() {
        return edFile(
                edLine("hit:1_conv:2", 1, "afraid", "A storm_comma_ at night", "The wind was \"so\" loud_comma_ really"),
                edLine("hit:1_conv:2", 2, "afraid", "A storm_comma_ at night", "That sounds scary!"),
                edLine("hit:1_conv:2", 3, "afraid", "A storm_comma_ at night", "It was."),
                edLine("hit:1_conv:2", 4, "afraid", "A storm_comma_ at night", "Did the power go out?"),
                edLine("hit:5_conv:9", 2, "Proud", "My son graduated", "Congratulations!") + ",extra,fields",
                edLine("hit:5_conv:9", 1, "Proud", "My son graduated", "He finished college today"),
                edLine("hit:5_conv:9", 3, "Proud", "My son graduated", "Thank you_comma_ I cried"));
    }

    @Test
    void readsTheStudysCutByDefault() {
        Path file = Fixtures.write(dir, "train.csv", twoConversations());

        ReadResult<DialogueSet> result = EmpatheticDialogues.read(file, EmpatheticDialogues.Options.DEFAULT);

        assertThat(result.value().dialogues()).containsExactly(
                Dialogue.opening("hit:1_conv:2", Emotion.AFRAID, "A storm, at night", "The wind was \"so\" loud, really",
                        "That sounds scary!"),
                Dialogue.opening("hit:5_conv:9", Emotion.PROUD, "My son graduated", "He finished college today",
                        "Congratulations!"));
        assertThat(result.report().records()).isEqualTo(7);
        assertThat(result.report().isClean()).isTrue();
        assertThat(result.report().notes()).singleElement().asString()
                .contains("1 line had more than 8 fields");
        assertThat(EmpatheticDialogues.read(file)).isEqualTo(result.value());
    }

    @Test
    void answersAtALaterListenerTurn() {
        Path file = Fixtures.write(dir, "train.csv", twoConversations());

        ReadResult<DialogueSet> result = EmpatheticDialogues.read(file,
                EmpatheticDialogues.Options.DEFAULT.withListenerTurn(4));

        Dialogue d = result.value().dialogues().get(0);
        assertThat(result.value().size()).isEqualTo(1);
        assertThat(d.id()).isEqualTo("hit:1_conv:2#turn=4");
        assertThat(d.turns()).extracting(Turn::role, Turn::text).containsExactly(
                tuple(Turn.Role.SPEAKER, "The wind was \"so\" loud, really"),
                tuple(Turn.Role.LISTENER, "That sounds scary!"),
                tuple(Turn.Role.SPEAKER, "It was."));
        assertThat(d.humanReply()).isEqualTo("Did the power go out?");
        assertThat(result.report().notes()).anySatisfy(note -> assertThat(note)
                .contains("1 conversation (3 rows) ended before listener turn 4"));
    }

    @Test
    void givesOneDialoguePerListenerTurn() {
        Path file = Fixtures.write(dir, "train.csv", edFile(
                edLine("c1", 1, "sad", "p", "u1"), edLine("c1", 2, "sad", "p", "u2"), edLine("c1", 3, "sad", "p", "u3"),
                edLine("c1", 4, "sad", "p", "u4"), edLine("c1", 5, "sad", "p", "u5"), edLine("c1", 6, "sad", "p", "u6"),
                edLine("c1", 7, "sad", "p", "u7"), edLine("c2", 1, "sad", "p", "v1"), edLine("c2", 2, "sad", "p", "v2")));

        DialogueSet all = EmpatheticDialogues.read(file,
                EmpatheticDialogues.Options.DEFAULT.withEachListenerTurn(true)).value();
        DialogueSet fromFour = EmpatheticDialogues.read(file,
                EmpatheticDialogues.Options.DEFAULT.withListenerTurn(4).withEachListenerTurn(true)).value();

        assertThat(all.ids()).containsExactly("c1", "c1#turn=4", "c1#turn=6", "c2");
        assertThat(all.find("c1#turn=6").orElseThrow().turns()).hasSize(5);
        assertThat(all.find("c1#turn=6").orElseThrow().humanReply()).isEqualTo("u6");
        assertThat(fromFour.ids()).containsExactly("c1#turn=4", "c1#turn=6");
    }

    @Test
    void rejectsAListenerTurnThatIsNotOne() {
        assertThatThrownBy(() -> EmpatheticDialogues.Options.DEFAULT.withListenerTurn(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 3");
        assertThat(EmpatheticDialogues.dialogueId("c", 2)).isEqualTo("c");
        assertThat(EmpatheticDialogues.dialogueId("c", 8)).isEqualTo("c#turn=8");
    }

    @Test
    void acceptsAByteOrderMarkAndCrlfLineEnds() {
        Path plain = Fixtures.write(dir, "plain.csv", twoConversations());
        Path windows = Fixtures.write(dir, "windows.csv", "\uFEFF" + twoConversations().replace("\n", "\r\n"));

        assertThat(EmpatheticDialogues.read(windows)).isEqualTo(EmpatheticDialogues.read(plain));
    }

    @Test
    void reportsAnEmptyFile() {
        Path file = Fixtures.write(dir, "empty.csv", "");

        assertThatThrownBy(() -> EmpatheticDialogues.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty.csv").hasMessageContaining("the file is empty")
                .hasMessageContaining("conv_id,utterance_idx");
    }

    @Test
    void namesTheColumnsFoundWhenOneIsMissing() {
        Path file = Fixtures.write(dir, "train.csv", "conv_id,utterance_idx,context,speaker_idx,utterance\n");

        assertThatThrownBy(() -> EmpatheticDialogues.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("prompt is missing")
                .hasMessageContaining("found: conv_id, utterance_idx, context, speaker_idx, utterance");
    }

    @Test
    void reportsTheLineOfInvalidUtf8() {
        byte[] good = edFile(edLine("c1", 1, "sad", "p", "u1")).getBytes(StandardCharsets.UTF_8);
        byte[] bad = edLine("c1", 2, "sad", "p", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = new byte[good.length + bad.length];
        System.arraycopy(good, 0, content, 0, good.length);
        System.arraycopy(bad, 0, content, good.length, bad.length);
        Path file = Fixtures.write(dir, "latin1.csv", content);

        assertThatThrownBy(() -> EmpatheticDialogues.read(file)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.value()).isEqualTo("0xE9");
            assertThat(e.getMessage()).startsWith(file + ":3: ").contains("not valid UTF-8");
        });
    }

    @Test
    void failsAtTheFirstBadRowWhenStrict() {
        Path file = Fixtures.write(dir, "train.csv", edFile(
                edLine("c1", 1, "sad", "p", "u1"), edLine("c1", 2, "sad", "p", "u2"), edLine("c2", 0, "sad", "p", "v1")));

        assertThatThrownBy(() -> EmpatheticDialogues.read(file)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.source()).isEqualTo(file.toString());
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isEqualTo("utterance_idx");
            assertThat(e.value()).isEqualTo("0");
            assertThat(e.getMessage()).contains("whole number from 1").contains("ErrorPolicy.LENIENT");
        });
    }

    @Test
    void skipsAndReportsBadRowsWhenLenient() {
        Path file = Fixtures.write(dir, "train.csv", edFile(
                edLine("c1", 1, "sad", "p", "u1"),
                edLine("c1", 2, "sad", "p", "u2"),
                edLine("c2", 1, "sadd", "p", "v1"),
                "c3,1,sad,only five fields",
                edLine("c4", 1, "joyful", "p", "w1"),
                edLine("c4", 2, "sad", "p", "w2"),
                edLine("", 1, "sad", "p", "x1"),
                edLine("c5", 1, "sad", "p", "y1"),
                edLine("c5", 2, "sad", "other situation", "y2"),
                edLine("c6", 1, "sad", "p", "  ")));

        ReadResult<DialogueSet> result = EmpatheticDialogues.read(file,
                EmpatheticDialogues.Options.DEFAULT.withErrorPolicy(ErrorPolicy.LENIENT));

        assertThat(result.value().ids()).containsExactly("c1");
        ReadReport report = result.report();
        assertThat(report.records()).isEqualTo(10);
        assertThat(report.problems()).extracting(BadInputException::line, BadInputException::column,
                BadInputException::value).containsExactly(
                tuple(4L, "context", "sadd"),
                tuple(5L, null, "c3,1,sad,only five fields"),
                tuple(7L, "context", "sad"),
                tuple(8L, "conv_id", ""),
                tuple(10L, "prompt", "other situation"),
                tuple(11L, "utterance", "  "));
        assertThat(report.problems().get(0).getMessage()).contains("did you mean 'sad'?");
        assertThat(report.problems().get(1).getMessage()).contains("expected 8 comma-separated fields", "found 4");
        assertThat(report.problems().get(2).getMessage()).contains("expected 'joyful'", "on line 6");
        assertThat(report.problemCount()).isEqualTo(6);
        assertThat(report.skipped()).isEqualTo(6);
        assertThat(report.notes()).singleElement().asString()
                .contains("2 conversations (2 rows) ended before listener turn 2");
    }

    @Test
    void reportsAConversationWithAGapOnce() {
        Path file = Fixtures.write(dir, "train.csv", edFile(
                edLine("c1", 1, "sad", "p", "u1"), edLine("c1", 2, "sad", "p", "u2"), edLine("c1", 4, "sad", "p", "u4"),
                edLine("c2", 1, "sad", "p", "v1"), edLine("c2", 2, "sad", "p", "v2"), edLine("c2", 2, "sad", "p", "v2")));

        ReadResult<DialogueSet> result = EmpatheticDialogues.read(file,
                EmpatheticDialogues.Options.DEFAULT.withErrorPolicy(ErrorPolicy.LENIENT));

        assertThat(result.value().isEmpty()).isTrue();
        assertThat(result.report().problems()).extracting(BadInputException::line, BadInputException::value)
                .containsExactly(tuple(2L, "1, 2, 4"), tuple(5L, "1, 2, 2"));
        assertThat(result.report().skipped()).isEqualTo(6);
        assertThatThrownBy(() -> EmpatheticDialogues.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(":2: column 'utterance_idx': '1, 2, 4' is not valid")
                .hasMessageContaining("conversation 'c1'");
    }

    @Test
    void summaryListsTheCountAndTheFirstFiveProblems() {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            lines.add(edLine("c" + i, -i, "sad", "p", "u"));
        }
        Path file = Fixtures.write(dir, "train.csv", edFile(lines.toArray(String[]::new)));

        String summary = EmpatheticDialogues.read(file,
                EmpatheticDialogues.Options.DEFAULT.withErrorPolicy(ErrorPolicy.LENIENT)).report().summary();

        assertThat(summary).startsWith(file + ": 7 records read, 7 skipped because of 7 problems; the first 5: 1) ")
                .contains("5) " + file + ":6: column 'utterance_idx': '-5' is not valid")
                .doesNotContain("'-6'")
                .doesNotContain("\n");
    }

    @Test
    void wrapsAMissingFileWithItsName() {
        Path file = dir.resolve("nowhere.csv");

        assertThatThrownBy(() -> EmpatheticDialogues.read(file)).isExactlyInstanceOf(EmpathyException.class)
                .hasMessage("cannot read " + file + ": no such file");
    }
}
