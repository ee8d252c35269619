package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Turn;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads the raw EmpatheticDialogues files ({@code train.csv}, {@code valid.csv}, {@code test.csv} of
 * Rashkin et al., 2019) into dialogues to answer.
 *
 * <p>The file has the header {@code conv_id,utterance_idx,context,prompt,speaker_idx,utterance,selfeval,tags}
 * and one utterance per line. Fields are not quoted: each line is split on commas, a comma inside text is
 * written {@code _comma_} (turned back into a comma in {@code prompt} and {@code utterance}), and a double
 * quote is an ordinary character. Lines with extra trailing fields are tolerated (the extra fields are
 * ignored and counted in the report's notes). Utterances are grouped by {@code conv_id} and ordered by
 * {@code utterance_idx}, which must run 1, 2, 3, ... within a conversation; odd utterances are the
 * speaker's, even ones the listener's. {@code context} is the emotion and {@code prompt} the situation;
 * both must be the same on every line of a conversation. {@code speaker_idx}, {@code selfeval} and
 * {@code tags} are not carried into the dialogues.
 *
 * <p>The cut (see {@link Options}): by default, as in the 2024 study, each conversation gives one dialogue
 * whose turn to answer is the speaker's first utterance and whose human reply is the listener's first
 * reply; its id is the {@code conv_id}. Answering at a later listener turn <i>k</i> (the
 * {@code utterance_idx} of that listener turn) gives a dialogue whose turns are utterances 1 to <i>k</i>-1
 * and whose human reply is utterance <i>k</i>; its id is {@code conv_id#turn=k}, for example
 * {@code hit:3_conv:6#turn=4} (see {@link #dialogueId(String, int)}). Conversations too short for the cut
 * give no dialogue; the report's notes count them.
 */
public final class EmpatheticDialogues {

    /** The columns of the corpus' header, in order. */
    public static final List<String> COLUMNS = List.of("conv_id", "utterance_idx", "context", "prompt",
            "speaker_idx", "utterance", "selfeval", "tags");

    private static final List<String> REQUIRED = List.of("conv_id", "utterance_idx", "context", "prompt",
            "utterance");
    private static final String COMMA = "_comma_";

    private EmpatheticDialogues() {
    }

    /**
     * How to cut conversations into dialogues and what to do with bad rows.
     *
     * @param listenerTurn the {@code utterance_idx} of the listener turn to answer: even, at least 2; 2 is
     *        the study's cut (answer the speaker's first utterance)
     * @param eachListenerTurn also give one dialogue for every later listener turn of each conversation
     * @param errorPolicy what to do with a bad row
     */
    public record Options(int listenerTurn, boolean eachListenerTurn, ErrorPolicy errorPolicy) {

        /** The study's cut, failing at the first bad row. */
        public static final Options DEFAULT = new Options(2, false, ErrorPolicy.STRICT);

        public Options {
            if (listenerTurn < 2 || listenerTurn % 2 != 0) {
                throw new IllegalArgumentException("listenerTurn must be an even utterance_idx of at least 2"
                        + " (listener turns are 2, 4, 6, ...), was " + listenerTurn);
            }
            Objects.requireNonNull(errorPolicy, "errorPolicy");
        }

        /** A copy answering at this listener turn. */
        public Options withListenerTurn(int turn) {
            return new Options(turn, eachListenerTurn, errorPolicy);
        }

        /** A copy that gives one dialogue per listener turn from {@link #listenerTurn()} on, or only one. */
        public Options withEachListenerTurn(boolean each) {
            return new Options(listenerTurn, each, errorPolicy);
        }

        /** A copy with this error policy. */
        public Options withErrorPolicy(ErrorPolicy policy) {
            return new Options(listenerTurn, eachListenerTurn, policy);
        }
    }

    /**
     * The id of the dialogue answering at a listener turn: the {@code conv_id} itself for the study's cut
     * (turn 2), else {@code conv_id#turn=k}.
     */
    public static String dialogueId(String convId, int listenerTurn) {
        Objects.requireNonNull(convId, "convId");
        return listenerTurn == 2 ? convId : convId + "#turn=" + listenerTurn;
    }

    /**
     * Reads a file with the study's cut, failing at the first bad row.
     *
     * @throws BadInputException at the first bad row, naming line, column, value and what was expected
     */
    public static DialogueSet read(Path file) {
        return read(file, Options.DEFAULT).value();
    }

    /**
     * Reads a file with the given cut and error policy. Streams the file line by line and keeps the text
     * of only the utterances the cut uses.
     *
     * @throws BadInputException for a bad row under {@link ErrorPolicy#STRICT}; for an empty file, a
     *         header without the needed columns or invalid UTF-8 under either policy
     * @throws io.github.empathy4j.core.EmpathyException naming the file when it cannot be read
     */
    public static ReadResult<DialogueSet> read(Path file, Options options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        String source = file.toString();
        Problems problems = new Problems(source, options.errorPolicy());
        Map<String, Conversation> conversations = new LinkedHashMap<>();
        long records = 0;
        long wideLines = 0;
        int width;
        // Only the utterances a dialogue may use keep their text; later ones are kept for the order check.
        int keepTextUpTo = options.eachListenerTurn() ? Integer.MAX_VALUE : options.listenerTurn();
        try (BufferedReader in = Sources.open(file)) {
            String header = in.readLine();
            if (header == null) {
                throw Sources.empty(file, "the EmpatheticDialogues header " + String.join(",", COLUMNS));
            }
            List<String> names = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
            width = names.size();
            int[] at = columns(source, names);
            long lineNo = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                records++;
                String[] fields = line.split(",", -1);
                if (fields.length < width) {
                    problems.reject(lineNo, null, line, String.format(Locale.ROOT,
                            "expected %d comma-separated fields as in the header (a comma inside text is written"
                                    + " _comma_), found %d", width, fields.length));
                    continue;
                }
                if (fields.length > width) {
                    wideLines++;
                }
                readUtterance(source, lineNo, fields, at, keepTextUpTo, conversations, problems);
            }
        } catch (IOException e) {
            throw Sources.failure(file, e);
        }
        if (wideLines > 0) {
            problems.note(String.format(Locale.ROOT, "%s had more than %d fields; the extra trailing fields were"
                    + " ignored.", Problems.count(wideLines, "line"), width));
        }
        List<Dialogue> dialogues = cut(source, conversations, options, problems);
        return new ReadResult<>(DialogueSet.of(dialogues), problems.report(records));
    }

    private static int[] columns(String source, List<String> names) {
        int[] at = new int[REQUIRED.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            at[i] = names.indexOf(REQUIRED.get(i));
            if (at[i] < 0) {
                missing.add(REQUIRED.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(source, 1, null, null, "expected an EmpatheticDialogues header with the"
                    + " columns " + String.join(", ", REQUIRED) + ", but " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " missing; found: " + String.join(", ", names));
        }
        return at;
    }

    private static void readUtterance(String source, long line, String[] fields, int[] at, int keepTextUpTo,
            Map<String, Conversation> conversations, Problems problems) {
        String convId = fields[at[0]];
        if (convId.isBlank()) {
            problems.reject(line, "conv_id", convId, "expected a conversation id such as hit:0_conv:1");
            return;
        }
        String indexText = fields[at[1]];
        int index;
        try {
            index = Integer.parseInt(indexText.strip());
        } catch (NumberFormatException e) {
            index = 0;
        }
        if (index < 1) {
            problems.reject(line, "utterance_idx", indexText,
                    "expected a whole number from 1 (the conversation's first utterance)");
            return;
        }
        String label = fields[at[2]];
        Emotion emotion;
        try {
            emotion = Emotion.parse(label);
        } catch (IllegalArgumentException e) {
            problems.reject(line, "context", label, expectedEmotion(e));
            return;
        }
        String situation = fields[at[3]].replace(COMMA, ",");
        String text = fields[at[4]].replace(COMMA, ",");
        if (text.isBlank()) {
            problems.reject(line, "utterance", text, "expected the utterance's text");
            return;
        }
        Conversation c = conversations.get(convId);
        if (c == null) {
            c = new Conversation(convId, emotion, situation, line);
            conversations.put(convId, c);
        } else if (c.emotion != emotion) {
            problems.reject(line, "context", label, "expected '" + c.emotion.label()
                    + "', the emotion of conversation '" + convId + "' on line " + c.firstLine);
            return;
        } else if (!c.situation.equals(situation)) {
            problems.reject(line, "prompt", situation, "expected the situation of conversation '" + convId
                    + "' on line " + c.firstLine + ": " + c.situation);
            return;
        }
        c.utterances.add(new Utterance(index, index <= keepTextUpTo ? text : null));
    }

    private static List<Dialogue> cut(String source, Map<String, Conversation> conversations, Options options,
            Problems problems) {
        List<Dialogue> dialogues = new ArrayList<>();
        long shortConversations = 0;
        long shortRows = 0;
        for (Conversation c : conversations.values()) {
            List<Utterance> u = c.utterances;
            u.sort(Comparator.comparingInt(Utterance::index));
            boolean contiguous = true;
            for (int i = 0; i < u.size() && contiguous; i++) {
                contiguous = u.get(i).index() == i + 1;
            }
            if (!contiguous) {
                String found = u.stream().map(x -> Integer.toString(x.index())).collect(Collectors.joining(", "));
                problems.reject(new BadInputException(source, c.firstLine, "utterance_idx", found,
                        "expected utterance_idx 1, 2, 3, ... without gaps or repeats in conversation '" + c.id
                                + "'"), u.size());
                continue;
            }
            if (u.size() < options.listenerTurn()) {
                shortConversations++;
                shortRows += u.size();
                continue;
            }
            for (int k = options.listenerTurn(); k <= u.size(); k += 2) {
                List<Turn> turns = new ArrayList<>(k - 1);
                for (int i = 0; i < k - 1; i++) {
                    String text = u.get(i).text();
                    turns.add(i % 2 == 0 ? Turn.speaker(text) : Turn.listener(text));
                }
                dialogues.add(new Dialogue(dialogueId(c.id, k), c.emotion, c.situation, turns, u.get(k - 1).text()));
                if (!options.eachListenerTurn()) {
                    break;
                }
            }
        }
        if (shortConversations > 0) {
            problems.note(String.format(Locale.ROOT, "%s (%s) ended before listener turn %d and gave no dialogue.",
                    Problems.count(shortConversations, "conversation"), Problems.count(shortRows, "row"),
                    options.listenerTurn()));
        }
        return dialogues;
    }

    /** The "expected" text for a label {@link Emotion#parse(String)} rejected, keeping its suggestion. */
    static String expectedEmotion(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        int suggestion = message.indexOf("did you mean");
        return "expected one of the 32 EmpatheticDialogues emotions"
                + (suggestion < 0 ? "" : "; " + message.substring(suggestion));
    }

    private static final class Conversation {
        final String id;
        final Emotion emotion;
        final String situation;
        final long firstLine;
        final List<Utterance> utterances = new ArrayList<>(8);

        Conversation(String id, Emotion emotion, String situation, long firstLine) {
            this.id = id;
            this.emotion = emotion;
            this.situation = situation;
            this.firstLine = firstLine;
        }
    }

    /** One utterance; its text is null when the cut does not use it. */
    private record Utterance(int index, String text) {
    }
}
