package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's {@code responses.jsonl}: one {@link Reply} as a JSON object per line, UTF-8, appended and
 * flushed as each reply arrives, never rewritten.
 *
 * <p>Fields, in this order: {@code condition}, {@code dialogueId}, {@code text}, {@code finishReason}
 * ({@code STOP}, {@code LENGTH}, {@code CONTENT_FILTER} or {@code OTHER}), {@code model},
 * {@code parameters} (an object of strings), {@code inputTokens}, {@code outputTokens},
 * {@code latencyMs} (whole milliseconds), {@code attempts}, {@code time} (ISO-8601 instant in UTC,
 * such as {@code 2024-05-01T12:00:00.123Z}) and {@code costUsd} (what the call cost in US dollars, exactly, as a
 * plain decimal string such as {@code "0.0001275"}; {@code "0"} for a reply from the response cache or the human
 * reference; {@code null} when the price or the usage is unknown, see {@link Pricing}). Only the first three are
 * required when reading, so a hand-written file of replies to {@link Respondent#replay replay} may leave the rest
 * out: they default to {@code STOP}, the condition's name, no parameters, zero tokens, zero latency, one
 * attempt, the epoch and an unknown cost (a number is read as well as a string). Unknown fields are ignored.
 *
 * <p>A file holds at most one reply per condition and dialogue.
 */
public final class ReplyJournal {

    /** The journal's file name inside a run's folder. */
    public static final String FILE_NAME = RunDirectory.RESPONSES;

    private static final Logger LOG = LoggerFactory.getLogger(ReplyJournal.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** The journal's format for {@link JsonLines}. */
    static final JsonLines.Format<Reply> FORMAT = new JsonLines.Format<>("reply", ReplyJournal::parse,
            r -> key(r.condition(), r.dialogueId()), "one reply per condition and dialogue");

    /** The journal as the engine writes it. */
    static final Journal.Kind<Reply> KIND = new Journal.Kind<>(FILE_NAME, FORMAT, ReplyJournal::line, LOG);

    private ReplyJournal() {
    }

    /**
     * Reads every reply of a journal, in file order. A torn last line (left by a process killed
     * while writing) is ignored with a warning; the file is not changed.
     *
     * @throws BadInputException when the file is missing, a line that is not the last is not valid
     *         JSON, a field is invalid, or a condition and dialogue appear twice (with the line number)
     */
    public static List<Reply> read(Path file) {
        return JsonLines.read(file, FORMAT, LOG);
    }

    /** What identifies a reply in the journal. */
    static String key(String condition, String dialogueId) {
        return condition + '\u0000' + dialogueId;
    }

    /** One reply as a JSON line, newline included. */
    static byte[] line(Reply reply) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 2 * reply.text().length());
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("condition", reply.condition());
            g.writeStringField("dialogueId", reply.dialogueId());
            g.writeStringField("text", reply.text());
            g.writeStringField("finishReason", reply.finishReason().name());
            g.writeStringField("model", reply.model());
            g.writeObjectFieldStart("parameters");
            for (Map.Entry<String, String> p : new TreeMap<>(reply.parameters()).entrySet()) {
                g.writeStringField(p.getKey(), p.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("inputTokens", reply.usage().inputTokens());
            g.writeNumberField("outputTokens", reply.usage().outputTokens());
            g.writeNumberField("latencyMs", reply.latency().toMillis());
            g.writeNumberField("attempts", reply.attempts());
            g.writeStringField("time", reply.time().toString());
            g.writeStringField("costUsd", reply.cost() == null ? null : reply.cost().toPlainString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reply as JSON", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Parses one line; {@code source} and {@code line} name it in errors. */
    static Reply parse(byte[] json, String source, long line) throws JsonProcessingException {
        JsonLines.Fields f = JsonLines.object(json, source, line, "reply");
        String condition = f.text("condition", null);
        String finish = f.text("finishReason", FinishReason.STOP.name());
        FinishReason finishReason;
        try {
            finishReason = FinishReason.valueOf(finish.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, line, "finishReason", finish,
                    "one of " + Arrays.toString(FinishReason.values()));
        }
        String time = f.text("time", Instant.EPOCH.toString());
        Instant instant;
        try {
            instant = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new BadInputException(source, line, "time", time, "an ISO-8601 instant such as 2024-05-01T12:00:00Z");
        }
        return new Reply(condition, f.text("dialogueId", null), f.text("text", null), finishReason,
                f.text("model", condition), f.strings("parameters"), new TokenUsage(f.count("inputTokens", 0),
                        f.count("outputTokens", 0)), Duration.ofMillis(f.count("latencyMs", 0)),
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, f.count("attempts", 1))), instant, f.dollars("costUsd"));
    }
}
