package io.github.empathy4j.core.run;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyJournalTest {

    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve(ReplyJournal.FILE_NAME);
    }

    private RunResult runEcho(int dialogues) {
        return Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(dialogues))
                .condition(Condition.of("c", d -> Answer.of(Fixtures.answerText(d), "m"))).build().execute();
    }

    @Test
    void writesEveryFieldAndReadsItBack() throws Exception {
        Reply reply = new Reply("gpt-4", "hit:1_conv:2", "Oh no, \"that\" hurts.\nI'm sorry – truly.",
                FinishReason.LENGTH, "gpt-4-0613", Map.of("temperature", "0.7", "seed", "42"),
                new TokenUsage(120, 35), Duration.ofMillis(812), 2, Instant.parse("2024-05-01T12:00:00.123Z"),
                new BigDecimal("0.0000001275"));
        byte[] line = ReplyJournal.line(reply);
        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("{\"condition\":\"gpt-4\",\"dialogueId\":"
                + "\"hit:1_conv:2\",\"text\":\"Oh no, \\\"that\\\" hurts.\\nI'm sorry – truly.\",\"finishReason\":"
                + "\"LENGTH\",\"model\":\"gpt-4-0613\",\"parameters\":{\"seed\":\"42\",\"temperature\":\"0.7\"},"
                + "\"inputTokens\":120,\"outputTokens\":35,\"latencyMs\":812,\"attempts\":2,"
                + "\"time\":\"2024-05-01T12:00:00.123Z\",\"costUsd\":\"0.0000001275\"}\n");
        Files.write(journal(), line);

        assertThat(ReplyJournal.read(journal())).containsExactly(reply);
    }

    @Test
    void aCostIsAPlainDecimalStringOrNumberExactlyAndUnknownWhenNullOrAbsent() throws Exception {
        Files.writeString(journal(), "{\"condition\":\"c\",\"dialogueId\":\"d1\",\"text\":\"a\",\"costUsd\":null}\n"
                + "{\"condition\":\"c\",\"dialogueId\":\"d2\",\"text\":\"b\",\"costUsd\":0.1000000000000000055}\n"
                + "{\"condition\":\"c\",\"dialogueId\":\"d3\",\"text\":\"b\",\"costUsd\":\"1E-7\"}\n");

        assertThatThrownBy(() -> ReplyJournal.read(journal())).isInstanceOf(BadInputException.class)
                .hasMessageContaining(":3: column 'costUsd'");
        Files.writeString(journal(), Files.readString(journal()).lines().limit(2)
                .map(l -> l + "\n").reduce("", String::concat));
        List<Reply> replies = ReplyJournal.read(journal());
        assertThat(replies.get(0).cost()).isNull();
        assertThat(replies.get(1).cost()).isEqualTo(new BigDecimal("0.1000000000000000055")); // not a double
        assertThat(new String(ReplyJournal.line(replies.get(0)), StandardCharsets.UTF_8)).endsWith(",\"costUsd\":null}\n");
    }

    @Test
    void readsAMinimalHandWrittenLineWithDefaults() throws Exception {
        Files.writeString(journal(), "{\"condition\":\"human\",\"dialogueId\":\"d1\",\"text\":\"Hi\"}\n");

        assertThat(ReplyJournal.read(journal())).containsExactly(Reply.recorded("human", "d1", "Hi"));
    }

    @Test
    void namesTheLineAndFieldOfABadValue() throws Exception {
        Files.writeString(journal(), "{\"condition\":\"c\",\"dialogueId\":\"d1\",\"text\":\"a\"}\n"
                + "{\"condition\":\"c\",\"dialogueId\":\"d2\",\"text\":\"b\",\"finishReason\":\"DONE\"}\n");

        assertThatThrownBy(() -> ReplyJournal.read(journal())).isInstanceOf(BadInputException.class)
                .hasMessageContaining(":2: column 'finishReason': 'DONE' is not valid")
                .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(2));
    }

    @Test
    void rejectsADuplicateReply() throws Exception {
        String line = "{\"condition\":\"c\",\"dialogueId\":\"d1\",\"text\":\"a\"}\n";
        Files.writeString(journal(), line + line);

        assertThatThrownBy(() -> ReplyJournal.read(journal())).isInstanceOf(BadInputException.class)
                .hasMessageContaining(":2:").hasMessageContaining("line 1 has the same");
    }

    @Test
    void aRunRepairsATornLastLineAndAnswersItsItemAgain() throws Exception {
        runEcho(5);
        List<String> lines = Fixtures.lines(journal());
        String torn = lines.get(4).substring(0, 30);
        Files.writeString(journal(), String.join("\n", lines.subList(0, 4)) + "\n" + torn);
        assertThat(ReplyJournal.read(journal())).hasSize(4);

        RunResult resumed = runEcho(5);

        assertThat(resumed.skipped()).isEqualTo(4);
        assertThat(resumed.answered()).isEqualTo(1);
        String content = Files.readString(journal());
        assertThat(content).endsWith("\n").doesNotContain(torn + "\n").doesNotContain(torn + "{");
        assertThat(Fixtures.uniqueKeys(ReplyJournal.read(journal()))).hasSize(5);
    }

    @Test
    void aRunKeepsACompleteLastLineThatLacksItsNewline() throws Exception {
        runEcho(3);
        String content = Files.readString(journal());
        Files.writeString(journal(), content.substring(0, content.length() - 1));

        RunResult resumed = runEcho(3);

        assertThat(resumed.skipped()).isEqualTo(3);
        assertThat(Files.readString(journal())).isEqualTo(content);
    }

    @Test
    void aBadLineBeforeTheLastStopsTheRunWithItsLineNumber() throws Exception {
        runEcho(3);
        List<String> lines = Fixtures.lines(journal());
        Files.writeString(journal(), lines.get(0) + "\n" + lines.get(1).substring(0, 20) + "\n" + lines.get(2) + "\n");

        assertThatThrownBy(() -> runEcho(3)).isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(2))
                .hasMessageContaining(journal().toString() + ":2:");
        assertThat(Fixtures.lines(journal())).hasSize(3);
    }

    @Test
    void replaysTheRecordedRepliesOfACondition() {
        runEcho(4);
        Path other = dir.resolve("replayed");
        RunResult replayed = Run.builder().outputDirectory(other).dialogues(Fixtures.dialogues(4))
                .condition(Condition.of("again", Respondent.replay(journal(), "c"))).build().execute();

        assertThat(replayed.replies().toList()).extracting(Reply::text)
                .containsExactlyInAnyOrderElementsOf(Fixtures.dialogues(4).stream().map(Fixtures::answerText).toList());
        assertThat(replayed.replies().toList()).allSatisfy(r -> assertThat(r.condition()).isEqualTo("again"));
    }

    @Test
    void aReplayFailsADialogueTheFileDoesNotAnswer() {
        runEcho(2);
        List<Dialogue> more = Fixtures.dialogues(3);
        RunResult replayed = Run.builder().outputDirectory(dir.resolve("replayed")).dialogues(more)
                .condition(Condition.of("again", Respondent.replay(journal(), "c"))).build().execute();

        assertThat(replayed.answered()).isEqualTo(2);
        assertThat(replayed.failures()).singleElement().satisfies(f -> assertThat(f.error())
                .contains("'d002'").contains("condition 'c'"));
    }

    @Test
    void aReplayOfAnAbsentConditionListsThePresentOnes() {
        runEcho(1);
        assertThatThrownBy(() -> Respondent.replay(journal(), "gpt-4")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'gpt-4' is not valid").hasMessageContaining("has replies of: c");
    }
}
