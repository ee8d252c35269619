package io.github.empathy4j.core.dataset;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Turn;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes dialogues in empathy4j's own format: JSON Lines, UTF-8, one dialogue per line.
 *
 * <p>Each line is one JSON object with these fields, written in this order:
 * <ul>
 * <li>{@code id} (string): the dialogue's unique id;
 * <li>{@code emotion} (string): the emotion label in lower case, such as {@code afraid};
 * <li>{@code situation} (string, may be empty);
 * <li>{@code turns} (array, not empty): objects {@code {"role": "speaker"|"listener", "text": "..."}}, oldest
 *     first, the last one the speaker's;
 * <li>{@code humanReply} (string): the listener's recorded reply; the field is left out when unknown.
 * </ul>
 * For example:
 * <pre>{@code
 * {"id":"hit:1_conv:2","emotion":"afraid","situation":"A storm at night","turns":[{"role":"speaker","text":"The wind was so loud."}],"humanReply":"That sounds scary."}
 * }</pre>
 *
 * <p>Writing produces one line per dialogue, each ended by a line feed, with no spaces and
 * non-ASCII characters as UTF-8; this byte sequence is the canonical form {@link DialogueSet#contentHash()}
 * hashes. Reading accepts the fields in any order, {@code "humanReply": null}, emotion labels in any
 * case, a byte-order mark, CRLF line ends and blank lines; an unknown field, a missing field or a
 * repeated id is a bad line. An empty file is an empty set.
 */
public final class DialogueJsonl {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    private static final Set<String> FIELDS = Set.of("id", "emotion", "situation", "turns", "humanReply");
    private static final Set<String> TURN_FIELDS = Set.of("role", "text");

    private DialogueJsonl() {
    }

    /**
     * Writes the dialogues to a file, replacing it.
     *
     * @throws EmpathyException naming the file when it cannot be written
     */
    public static void write(Path file, DialogueSet dialogues) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dialogues, "dialogues");
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, dialogues.dialogues());
        } catch (IOException e) {
            throw new EmpathyException("cannot write " + file + ": " + e, e);
        }
    }

    /** The dialogues in the form {@link #write(Path, DialogueSet)} writes, in the order given. */
    public static byte[] bytes(List<Dialogue> dialogues) {
        Objects.requireNonNull(dialogues, "dialogues");
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * dialogues.size());
        try {
            write(out, dialogues);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode dialogues", e);
        }
        return out.toByteArray();
    }

    /** Writes dialogues in the canonical form to a stream, which is left open. */
    static void write(OutputStream out, List<Dialogue> dialogues) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            for (Dialogue d : dialogues) {
                g.writeStartObject();
                g.writeStringField("id", d.id());
                g.writeStringField("emotion", d.emotion().label());
                g.writeStringField("situation", d.situation());
                g.writeArrayFieldStart("turns");
                for (Turn t : d.turns()) {
                    g.writeStartObject();
                    g.writeStringField("role", t.role().name().toLowerCase(Locale.ROOT));
                    g.writeStringField("text", t.text());
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (d.humanReply() != null) {
                    g.writeStringField("humanReply", d.humanReply());
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }

    /**
     * Reads a JSONL file strictly.
     *
     * @throws BadInputException at the first bad line, naming the line, field and value
     */
    public static DialogueSet read(Path file) {
        return read(file, ErrorPolicy.STRICT).value();
    }

    /**
     * Reads a JSONL file; under {@link ErrorPolicy#LENIENT} bad lines are skipped and reported.
     *
     * @throws BadInputException for a bad line under {@link ErrorPolicy#STRICT}, or invalid UTF-8
     * @throws EmpathyException naming the file when it cannot be read
     */
    public static ReadResult<DialogueSet> read(Path file, ErrorPolicy policy) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        Problems problems = new Problems(source, policy);
        List<Dialogue> dialogues = new ArrayList<>();
        Map<String, Long> idLines = new HashMap<>();
        long records = 0;
        try (BufferedReader in = Sources.open(file)) {
            long lineNo = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                records++;
                try {
                    Dialogue d = parse(source, lineNo, line);
                    Long first = idLines.putIfAbsent(d.id(), lineNo);
                    if (first != null) {
                        problems.reject(lineNo, "id", d.id(), "expected a unique id, but line " + first + " has it too");
                    } else {
                        dialogues.add(d);
                    }
                } catch (BadInputException e) {
                    problems.reject(e, 1);
                }
            }
        } catch (IOException e) {
            throw Sources.failure(file, e);
        }
        return new ReadResult<>(DialogueSet.of(dialogues), problems.report(records));
    }

    private static Dialogue parse(String source, long line, String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source, line, null, text,
                    "expected one JSON object on the line: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject()) {
            throw new BadInputException(source, line, null, text, "expected one JSON object on the line");
        }
        checkFields(source, line, node, FIELDS, "");
        String id = string(source, line, node, "id", false);
        if (id.isEmpty()) {
            throw new BadInputException(source, line, "id", id, "expected a non-empty id");
        }
        String label = string(source, line, node, "emotion", false);
        Emotion emotion;
        try {
            emotion = Emotion.parse(label);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, line, "emotion", label, EmpatheticDialogues.expectedEmotion(e));
        }
        String situation = string(source, line, node, "situation", false);
        JsonNode turnsNode = node.get("turns");
        if (turnsNode == null || !turnsNode.isArray() || turnsNode.isEmpty()) {
            throw new BadInputException(source, line, "turns", turnsNode == null ? null : turnsNode.toString(),
                    "expected a non-empty array of {\"role\": \"speaker\"|\"listener\", \"text\": \"...\"}");
        }
        List<Turn> turns = new ArrayList<>(turnsNode.size());
        for (int i = 0; i < turnsNode.size(); i++) {
            JsonNode t = turnsNode.get(i);
            String where = "turns[" + i + "]";
            if (!t.isObject()) {
                throw new BadInputException(source, line, where, t.toString(),
                        "expected {\"role\": \"speaker\"|\"listener\", \"text\": \"...\"}");
            }
            checkFields(source, line, t, TURN_FIELDS, where + ".");
            String role = string(source, line, t, "role", false, where + ".role");
            String turnText = string(source, line, t, "text", false, where + ".text");
            switch (role) {
                case "speaker" -> turns.add(Turn.speaker(turnText));
                case "listener" -> turns.add(Turn.listener(turnText));
                default -> throw new BadInputException(source, line, where + ".role", role,
                        "expected speaker or listener");
            }
        }
        if (turns.get(turns.size() - 1).role() != Turn.Role.SPEAKER) {
            throw new BadInputException(source, line, "turns", "listener",
                    "expected the last turn to be the speaker's (the turn to answer)");
        }
        String humanReply = string(source, line, node, "humanReply", true);
        return new Dialogue(id, emotion, situation, turns, humanReply);
    }

    private static void checkFields(String source, long line, JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new BadInputException(source, line, prefix + name, null,
                        "unknown field; expected only " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String string(String source, long line, JsonNode node, String field, boolean optional) {
        return string(source, line, node, field, optional, field);
    }

    private static String string(String source, long line, JsonNode node, String field, boolean optional,
            String column) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (optional) {
                return null;
            }
            throw new BadInputException(source, line, column, null, "the field is missing; expected a string");
        }
        if (!value.isTextual()) {
            throw new BadInputException(source, line, column, value.toString(), "expected a string");
        }
        return value.textValue();
    }
}
