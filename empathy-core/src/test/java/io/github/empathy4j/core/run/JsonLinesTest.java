package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** The journals' buffered line reader: long lines, CRLF, a torn last line, a bad line in the middle. */
class JsonLinesTest {

    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve(ReplyJournal.FILE_NAME);
    }

    private static String line(String dialogueId, String text) {
        return new String(ReplyJournal.line(Reply.recorded("c", dialogueId, text)), StandardCharsets.UTF_8);
    }

    @Test
    void theLineReaderSplitsAtNewlinesAcrossItsBufferAndSaysWhereEachLineStarts() throws Exception {
        String longLine = "x".repeat(200_000);
        String content = "a\n\n" + longLine + "\r\n" + "é\n" + "last";
        JsonLines.Lines lines = new JsonLines.Lines(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        List<String> read = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<Boolean> terminated = new ArrayList<>();
        byte[] bytes;
        while ((bytes = lines.next()) != null) {
            read.add(new String(bytes, StandardCharsets.UTF_8));
            starts.add(lines.start());
            terminated.add(lines.terminated());
        }
        assertThat(read).containsExactly("a", "", longLine + "\r", "é", "last");
        assertThat(starts).containsExactly(0L, 2L, 3L, 3L + 200_002, 3L + 200_002 + 3);
        assertThat(terminated).containsExactly(true, true, true, true, false);
        assertThat(new JsonLines.Lines(new ByteArrayInputStream("a\n".getBytes(StandardCharsets.UTF_8))).next())
                .containsExactly('a');
        JsonLines.Lines oneLine = new JsonLines.Lines(new ByteArrayInputStream("a\n".getBytes(StandardCharsets.UTF_8)));
        oneLine.next();
        assertThat(oneLine.next()).as("a final newline starts no line").isNull();
    }

    @Test
    void readsRepliesLongerThanTheBufferAndCrlfLines() throws Exception {
        String longText = "I hear you. ".repeat(30_000);
        Files.writeString(journal(), line("d1", longText).replace("\n", "\r\n") + line("d2", "short")
                + line("d3", longText));

        assertThat(ReplyJournal.read(journal())).extracting(Reply::dialogueId, Reply::text)
                .containsExactly(tuple("d1", longText),
                        tuple("d2", "short"),
                        tuple("d3", longText));
    }

    /** A torn last line after lines longer than the buffer is cut at its first byte, CRLF lines counted whole. */
    @Test
    void aTornLastLineIsCutAtItsStartAfterLongAndCrlfLines() throws Exception {
        String kept = line("d1", "x".repeat(150_000)).replace("\n", "\r\n") + line("d2", "y".repeat(70_000));
        String torn = line("d3", "z").substring(0, 25);
        Files.writeString(journal(), kept + torn);

        List<Reply> seen = new ArrayList<>();
        try (AppendOnlyFile file = AppendOnlyFile.open(journal())) {
            JsonLines.Scan scan = JsonLines.reopen(file, journal(), ReplyJournal.FORMAT,
                    LoggerFactory.getLogger(getClass()), seen::add);
            assertThat(scan.entries()).isEqualTo(2);
            assertThat(scan.keys()).containsExactlyInAnyOrder("c\u0000d1", "c\u0000d2");
        }
        assertThat(seen).extracting(Reply::dialogueId).containsExactly("d1", "d2");
        assertThat(Files.readString(journal())).isEqualTo(kept);
    }

    @Test
    void aBadLineInTheMiddleStopsWithItsFileLineAndTheRepairHint() throws Exception {
        String bad = line("d2", "b").substring(0, 20);
        Files.writeString(journal(), line("d1", "a") + bad + "\n" + line("d3", "c"));
        JsonProcessingException jackson = catchThrowableOfType(JsonProcessingException.class,
                () -> ReplyJournal.JSON.readTree(bad));

        assertThatThrownBy(() -> ReplyJournal.read(journal())).isInstanceOf(BadInputException.class)
                .hasMessage(journal() + ":2: a reply as one JSON object per line: " + jackson.getOriginalMessage()
                        + ". To move the bad lines of the run folder aside and keep the rest, run: empathy repair "
                        + dir);
    }

    @Test
    void blankLinesAndAMissingFinalNewlineAreFine() throws Exception {
        String content = line("d1", "a") + "\n  \r\n" + line("d2", "b").strip();
        Files.writeString(journal(), content);

        try (AppendOnlyFile file = AppendOnlyFile.open(journal())) {
            JsonLines.reopen(file, journal(), ReplyJournal.FORMAT, LoggerFactory.getLogger(getClass()), r -> { });
        }
        assertThat(Files.readString(journal())).isEqualTo(content + "\n");
    }
}
