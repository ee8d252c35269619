package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Synthetic test data; nothing here is copied from a real corpus. */
final class Fixtures {

    static final String ED_HEADER = "conv_id,utterance_idx,context,prompt,speaker_idx,utterance,selfeval,tags";

    private Fixtures() {
    }

    static Path write(Path dir, String name, String content) {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One raw EmpatheticDialogues line; text is written as given (callers put _comma_ themselves). */
    static String edLine(String convId, int index, String emotion, String prompt, String utterance) {
        return convId + "," + index + "," + emotion + "," + prompt + "," + (index % 2 == 1 ? 11 : 12) + ","
                + utterance + ",5|5|5_2|2|5,";
    }

    /** An ED file: header plus lines, each ended by a line feed. */
    static String edFile(String... lines) {
        return ED_HEADER + "\n" + String.join("\n", lines) + "\n";
    }

    /** n single-turn dialogues per emotion, ids {@code label-i}. */
    static DialogueSet perEmotion(int n) {
        List<Dialogue> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (Emotion e : Emotion.values()) {
                list.add(Dialogue.opening(e.label() + "-" + i, e, "situation " + i, "I feel " + e.label() + " " + i,
                        "reply " + i));
            }
        }
        return DialogueSet.of(list);
    }

    /** A release row with plausible synthetic values; change fields with {@link #with}. */
    static Map<String, String> releaseRow(int part, String id, String emotion, String sentiment) {
        Map<String, String> row = new LinkedHashMap<>();
        for (String column : ReleaseDataset.COLUMNS) {
            row.put(column, "");
        }
        row.put("part_no", Integer.toString(part));
        row.put("annotator_human", "h" + part);
        row.put("annotator_chatgpt", "p" + part);
        row.put("annotator_chatgpt_empathy", "e" + part);
        row.put("dialog_id", id);
        row.put("emotion", emotion);
        row.put("sentiment", sentiment);
        row.put("plutchik", "joy");
        row.put("situation", "A synthetic situation, with a comma");
        row.put("speaker_uttr", "I said \"hello\" to them");
        row.put("response_human", "Human reply to " + id);
        row.put("response_chatgpt", "Plain model reply to " + id);
        row.put("response_chatgpt_empathy", "Empathetic model reply to " + id);
        row.put("rating_human", "1");
        row.put("rating_chatgpt", "2");
        row.put("rating_chatgpt_empathy", "3");
        String zeros = "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]";
        for (String suffix : List.of("human", "chatgpt", "chatgpt_empathy")) {
            row.put("empathy_propensity_" + suffix, "32");
            row.put("empathy_arr_" + suffix, zeros);
            row.put("miti_" + suffix, "['Affirm', 'Open Question']");
        }
        return row;
    }

    static Map<String, String> with(Map<String, String> row, String column, String value) {
        Map<String, String> copy = new LinkedHashMap<>(row);
        copy.put(column, value);
        return copy;
    }

    /** RFC 4180 CSV of the release's columns, quoting where needed. */
    static String releaseCsv(String lineEnd, List<Map<String, String>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", ReleaseDataset.COLUMNS)).append(lineEnd);
        for (Map<String, String> row : rows) {
            sb.append(row.values().stream().map(Fixtures::quote).collect(Collectors.joining(","))).append(lineEnd);
        }
        return sb.toString();
    }

    static String quote(String field) {
        boolean plain = field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return plain ? field : '"' + field.replace("\"", "\"\"") + '"';
    }
}
