package io.github.empathy4j.core.prompt;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Turn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link Dialogue} into chat messages: an optional system message and a user message.
 *
 * <p>Placeholders, written in braces: {@code {situation}}, {@code {speaker_utterance}},
 * {@code {history}} (earlier turns, one per line as {@code Speaker: ...} / {@code Listener: ...}),
 * {@code {emotion}}, {@code {valence}}, {@code {average_words}} and {@code {max_words}}. Write
 * {@code {{} and {@code }}} for literal braces.
 *
 * <p>A template file is used verbatim. A file without section markers is one user message, as
 * the study's prompt is; otherwise a line {@code [system]} starts the system message and a line
 * {@code [user]} the user message:
 * <pre>
 * [system]
 * You are a kind listener. Answer in about {average_words} words.
 * [user]
 * {speaker_utterance}
 * </pre>
 *
 * <p>Instances are immutable; {@link #withWordLimits(int, int)} returns a copy.
 *
 * @param name a short name recorded with each run, such as {@code default} or the file name
 * @param system the system message template, empty for none
 * @param user the user message template
 * @param averageWords the value of {@code {average_words}}
 * @param maxWords the value of {@code {max_words}}
 */
public record PromptTemplate(String name, String system, String user, int averageWords, int maxWords) {

    /** The placeholders a template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("situation", "speaker_utterance", "history", "emotion",
            "valence", "average_words", "max_words");

    private static final Pattern TOKEN = Pattern.compile("\\{\\{|}}|\\{([^{}\\n]*)}");

    private static final String DEFAULT_SYSTEM = """
            Empathy means understanding and sharing what another person feels. It has three sides. \
            Cognitive empathy is grasping how the other person sees their situation: their thoughts and \
            point of view. Affective empathy is feeling with them, whether their feelings are pleasant or \
            painful. Compassionate empathy goes one step further: being moved to support them when they \
            need it. An empathetic reply shows the person that they were heard and understood.
            You are talking with a person who tells you about something they experienced. Reply to their \
            last message with empathy, using about {average_words} words on average and never more than \
            {max_words} words.""";

    private static final String DEFAULT_USER = """
            Situation: {situation}
            {history}Speaker: {speaker_utterance}
            Your reply:""";

    public PromptTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        if (averageWords < 1 || maxWords < averageWords) {
            throw new IllegalArgumentException("word limits need 1 <= average <= maximum, were average "
                    + averageWords + " and maximum " + maxWords);
        }
        check(name, system, 1);
        check(name, user, 1);
    }

    /**
     * The built-in template, after the study's design: a short definition of empathy (cognitive,
     * affective, compassionate), the instruction to answer empathetically in on average 28 and at
     * most 97 words, then the situation and the speaker's utterance.
     */
    public static PromptTemplate defaultTemplate() {
        return new PromptTemplate("default", DEFAULT_SYSTEM, DEFAULT_USER, 28, 97);
    }

    /** A template with a system and a user message, the study's word limits (28, 97). */
    public static PromptTemplate of(String name, String system, String user) {
        return new PromptTemplate(name, system, user, 28, 97);
    }

    /**
     * Loads a template from a UTF-8 text file (see the class comment for the format).
     *
     * @throws BadInputException when the file is missing, not UTF-8, empty, never uses {@code {speaker_utterance}}
     *         or uses an unknown placeholder
     */
    public static PromptTemplate load(Path file) {
        String source = file.toString();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new BadInputException(source, 0, null, null, "the prompt template file does not exist", e);
        } catch (CharacterCodingException e) {
            throw new BadInputException(source, 0, null, null, "the prompt template must be UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt template " + source, e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = text.replace("\r\n", "\n");
        String fileName = file.getFileName().toString();
        PromptTemplate template;
        try {
            template = parse(fileName, text);
        } catch (BadInputException e) {
            throw new BadInputException(source, e.line(), e.column(), e.value(), e.expected());
        }
        if (!template.mentions("speaker_utterance")) {
            throw new BadInputException(source, 0, null, null, (text.isBlank() ? "the file is empty; expected"
                    : "the template never uses the speaker's message; expected") + " a template with the placeholder"
                    + " {speaker_utterance} (the message to answer), and optionally " + String.join(", ",
                    PLACEHOLDERS.stream().filter(p -> !p.equals("speaker_utterance")).sorted().map(p -> "{" + p + "}")
                            .toList()));
        }
        return template;
    }

    /** Whether the system or user message uses this placeholder. */
    private boolean mentions(String placeholder) {
        for (String message : List.of(system, user)) {
            Matcher m = TOKEN.matcher(message);
            while (m.find()) {
                if (placeholder.equals(m.group(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static PromptTemplate parse(String name, String text) {
        String[] lines = text.split("\n", -1);
        boolean sectioned = false;
        for (String line : lines) {
            if (isMarker(line)) {
                sectioned = true;
                break;
            }
        }
        if (!sectioned) {
            check(name, text, 1);
            return of(name, "", text);
        }
        StringBuilder system = new StringBuilder();
        StringBuilder user = new StringBuilder();
        StringBuilder current = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (isMarker(line)) {
                current = line.strip().equalsIgnoreCase("[system]") ? system : user;
                if (current.length() > 0) {
                    throw new BadInputException(name, i + 1, null, line.strip(), "each section may appear only once");
                }
                continue;
            }
            if (current == null) {
                if (!line.isBlank()) {
                    throw new BadInputException(name, i + 1, null, line,
                            "text before the first [system] or [user] line");
                }
                continue;
            }
            current.append(line).append('\n');
        }
        if (user.isEmpty()) {
            throw new BadInputException(name, 0, null, null, "a [user] section");
        }
        return of(name, strip(system), strip(user));
    }

    private static String strip(StringBuilder section) {
        return section.toString().strip();
    }

    private static boolean isMarker(String line) {
        String t = line.strip().toLowerCase(Locale.ROOT);
        return t.equals("[system]") || t.equals("[user]");
    }

    private static void check(String name, String template, int firstLine) {
        Matcher m = TOKEN.matcher(template);
        while (m.find()) {
            String placeholder = m.group(1);
            if (placeholder != null && !PLACEHOLDERS.contains(placeholder)) {
                long line = firstLine + template.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw new BadInputException(name, line, null, m.group(),
                        "a placeholder, one of " + String.join(", ", PLACEHOLDERS.stream().sorted().toList())
                                + " (write {{ and }} for literal braces)");
            }
        }
    }

    /** A copy with other word limits. */
    public PromptTemplate withWordLimits(int average, int maximum) {
        return new PromptTemplate(name, system, user, average, maximum);
    }

    /** Renders the messages for one dialogue: the system message (when the template has one), then the user message. */
    public List<ChatMessage> render(Dialogue dialogue) {
        List<ChatMessage> messages = new ArrayList<>(2);
        if (!system.isEmpty()) {
            messages.add(new ChatMessage(ChatMessage.Role.SYSTEM, fill(system, dialogue)));
        }
        messages.add(new ChatMessage(ChatMessage.Role.USER, fill(user, dialogue)));
        return List.copyOf(messages);
    }

    /**
     * The template with its placeholders filled, read as {@link #TOKEN} reads it but scanned by hand (every call
     * renders a prompt, and the regular expression cost a tenth of a run's own work): at each position two opening
     * braces are one, two closing braces are one, and a name in braces (no brace or line break inside) is a
     * placeholder; anything else is itself.
     */
    private String fill(String template, Dialogue dialogue) {
        StringBuilder out = new StringBuilder(template.length() + 256);
        int n = template.length();
        int i = 0;
        while (i < n) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < n && template.charAt(i + 1) == '{' || c == '}' && i + 1 < n
                    && template.charAt(i + 1) == '}') {
                out.append(c);
                i += 2;
                continue;
            }
            if (c == '{') {
                int end = i + 1;
                while (end < n && "{}\n".indexOf(template.charAt(end)) < 0) {
                    end++;
                }
                if (end < n && template.charAt(end) == '}') {
                    out.append(value(template.substring(i + 1, end), dialogue));
                    i = end + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private String value(String placeholder, Dialogue dialogue) {
        return switch (placeholder) {
            case "situation" -> dialogue.situation();
            case "speaker_utterance" -> dialogue.speakerUtterance();
            case "history" -> history(dialogue);
            case "emotion" -> dialogue.emotion().label();
            case "valence" -> dialogue.valence().label();
            case "average_words" -> Integer.toString(averageWords);
            case "max_words" -> Integer.toString(maxWords);
            default -> throw new IllegalStateException("unchecked placeholder " + placeholder);
        };
    }

    private static String history(Dialogue dialogue) {
        StringBuilder sb = new StringBuilder();
        for (Turn t : dialogue.history()) {
            sb.append(t.role() == Turn.Role.SPEAKER ? "Speaker: " : "Listener: ").append(t.text()).append('\n');
        }
        return sb.toString();
    }
}
