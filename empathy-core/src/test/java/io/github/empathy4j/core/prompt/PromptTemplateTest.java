package io.github.empathy4j.core.prompt;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplateTest {

    private static final Dialogue OPENING = Dialogue.opening("d1", Emotion.AFRAID, "A dog chased me.",
            "I was so scared walking home yesterday.", null);
    private static final Dialogue MULTI_TURN = new Dialogue("d2", Emotion.PROUD, "My son graduated.",
            List.of(Turn.speaker("My son graduated today!"), Turn.listener("Congratulations!"),
                    Turn.speaker("Thanks, it took him six years.")), null);

    @TempDir
    Path dir;

    @Test
    void theDefaultDefinesEmpathyAndAsksForTheStudysWordLimits() {
        List<ChatMessage> messages = PromptTemplate.defaultTemplate().render(OPENING);
        assertThat(messages).extracting(ChatMessage::role).containsExactly(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER);
        String system = messages.get(0).text();
        assertThat(system).contains("Cognitive empathy", "Affective empathy", "Compassionate empathy",
                "about 28 words", "never more than 97 words");
        assertThat(messages.get(1).text()).isEqualTo("""
                Situation: A dog chased me.
                Speaker: I was so scared walking home yesterday.
                Your reply:""");
    }

    @Test
    void historyAndWordLimitsFillTheirPlaceholders() {
        PromptTemplate t = PromptTemplate.defaultTemplate().withWordLimits(20, 50);
        List<ChatMessage> messages = t.render(MULTI_TURN);
        assertThat(messages.get(0).text()).contains("about 20 words", "never more than 50 words");
        assertThat(messages.get(1).text()).isEqualTo("""
                Situation: My son graduated.
                Speaker: My son graduated today!
                Listener: Congratulations!
                Speaker: Thanks, it took him six years.
                Your reply:""");
        assertThatThrownBy(() -> t.withWordLimits(60, 50)).hasMessageContaining("average 60 and maximum 50");
    }

    @Test
    void aFileWithoutSectionsIsOneUserMessageUsedVerbatim() throws Exception {
        Path file = write("plain.txt", "Feeling {emotion} ({valence}) {{literal}}.\nContext: {situation} \nSpeaker: {speaker_utterance} \n");
        PromptTemplate t = PromptTemplate.load(file);
        assertThat(t.name()).isEqualTo("plain.txt");
        assertThat(t.render(OPENING)).containsExactly(new ChatMessage(ChatMessage.Role.USER,
                "Feeling afraid (negative) {literal}.\nContext: A dog chased me. \nSpeaker: I was so scared walking home yesterday. \n"));
    }

    @Test
    void sectionsMakeASystemAndAUserMessage() throws Exception {
        Path file = write("two.txt", "\uFEFF[system]\r\nBe kind. At most {max_words} words.\r\n[USER]\r\n{speaker_utterance}\r\n");
        assertThat(PromptTemplate.load(file).render(OPENING)).containsExactly(
                new ChatMessage(ChatMessage.Role.SYSTEM, "Be kind. At most 97 words."),
                new ChatMessage(ChatMessage.Role.USER, "I was so scared walking home yesterday."));
    }

    @Test
    void anUnknownPlaceholderIsReportedWithFileAndLine() throws Exception {
        Path file = write("bad.txt", "[system]\nhello\n[user]\nContext: {situation}\nSpeaker: {utterance}\n");
        assertThatThrownBy(() -> PromptTemplate.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file + ":2: '{utterance}' is not valid; a placeholder, one of average_words,");
        Path unsectioned = write("bad2.txt", "one\ntwo {speaker}\n");
        assertThatThrownBy(() -> PromptTemplate.load(unsectioned)).hasMessageContaining(unsectioned + ":2:");
    }

    @Test
    void malformedFilesAreReportedNotThrownRaw() throws Exception {
        assertThatThrownBy(() -> PromptTemplate.load(dir.resolve("missing.txt"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing.txt: the prompt template file does not exist");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 {situation}".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> PromptTemplate.load(latin1)).hasMessageContaining("must be UTF-8");
        Path stray = write("stray.txt", "preamble\n[user]\n{speaker_utterance}\n");
        assertThatThrownBy(() -> PromptTemplate.load(stray)).hasMessageContaining(stray + ":1: 'preamble'");
        Path noUser = write("nouser.txt", "[system]\nhi\n");
        assertThatThrownBy(() -> PromptTemplate.load(noUser)).hasMessageContaining("a [user] section");
        Path twice = write("twice.txt", "[user]\na\n[user]\nb\n");
        assertThatThrownBy(() -> PromptTemplate.load(twice)).hasMessageContaining(twice + ":3:")
                .hasMessageContaining("only once");
    }

    @Test
    void anEmptyFileOrOneWithoutTheSpeakersMessageIsRejectedNamingThePlaceholders() throws Exception {
        Path empty = write("empty.txt", "  \n");
        assertThatThrownBy(() -> PromptTemplate.load(empty)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(empty + ": ").hasMessageContaining("the file is empty")
                .hasMessageContaining("{speaker_utterance}").hasMessageContaining("{situation}");
        Path fixed = write("fixed.txt", "[system]\nBe kind in {max_words} words.\n[user]\nSay something nice.\n");
        assertThatThrownBy(() -> PromptTemplate.load(fixed)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("never uses the speaker's message")
                .hasMessageContaining("placeholder {speaker_utterance}");
    }

    /**
     * Rendering reads a template as the placeholder expression (TOKEN) does: a pair of braces is one brace, a name
     * in braces a placeholder, anything else itself. Checked on 20,000 random templates against that expression,
     * applied here independently.
     */
    @Test
    void renderingReadsBracesAndPlaceholdersAsTheTokenExpressionDoes() {
        String[] pieces = {"{", "}", "{{", "}}", "\n", "a", " ", "{situation}", "{emotion}", "{valence}",
                "{history}", "{speaker_utterance}", "{average_words}", "{max_words}", "{ situation}", "{\n}"};
        Map<String, String> values = Map.of("situation", MULTI_TURN.situation(), "speaker_utterance",
                MULTI_TURN.speakerUtterance(), "emotion", "proud", "valence", "positive", "average_words", "28",
                "max_words", "97", "history", "Speaker: My son graduated today!\nListener: Congratulations!\n");
        Pattern token = Pattern.compile("\\{\\{|}}|\\{([^{}\\n]*)}");
        Random random = new Random(11);
        int rendered = 0;
        for (int t = 0; t < 20_000; t++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(12); k >= 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            PromptTemplate template;
            try {
                template = PromptTemplate.of("t", "", text.toString());
            } catch (BadInputException e) {
                continue; // an unknown placeholder such as "{ situation}"
            }
            Matcher m = token.matcher(text);
            StringBuilder expected = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(expected, Matcher.quoteReplacement(m.group(1) != null ? values.get(m.group(1))
                        : m.group().substring(1)));
            }
            m.appendTail(expected);
            assertThat(template.render(MULTI_TURN).get(0).text()).as(text.toString()).isEqualTo(expected.toString());
            rendered++;
        }
        assertThat(rendered).isGreaterThan(5_000);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
