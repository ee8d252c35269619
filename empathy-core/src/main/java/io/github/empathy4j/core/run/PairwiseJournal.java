package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.empathy4j.core.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A run's {@code pairwise.jsonl}: one {@link PairwiseJudgement} as a JSON object per line, UTF-8, appended and
 * flushed as each verdict arrives, never rewritten; written by {@link PairwiseRun}.
 *
 * <p>Fields, in this order: {@code dialogueId}, {@code conditionA} (shown first) and {@code conditionB},
 * {@code judge}, {@code verdict} ({@code A}, {@code B} or {@code tie}), {@code reason}, {@code judgeFamily},
 * {@code authorA} and {@code authorB} ({@code human} or a model family), {@code wordsA} and {@code wordsB} (the
 * replies' lengths before truncation), {@code maxWords} (0: not truncated) and {@code costUsd}: what the judge's
 * call cost in US dollars, exactly, as a plain decimal string, as in {@link RatingJournal} ({@code "0"} when taken
 * from the response cache; {@code null} when unknown, absent in files written before verdicts had a cost). Unknown
 * fields are ignored. For example:
 * <pre>{@code
 * {"dialogueId":"hit:1_conv:2","conditionA":"human","conditionB":"gpt-4","judge":"openai:gpt-4o?seed=42&temperature=0","verdict":"B","reason":"B names the fear.","judgeFamily":"openai","authorA":"human","authorB":"openai","wordsA":14,"wordsB":61,"maxWords":0,"costUsd":"0.0009775"}
 * }</pre>
 *
 * <p>A file holds at most one verdict per dialogue, condition shown first, condition shown second and judge.
 */
public final class PairwiseJournal {

    /** The journal's file name inside a run's folder. */
    public static final String FILE_NAME = RunDirectory.PAIRWISE;

    private static final Logger LOG = LoggerFactory.getLogger(PairwiseJournal.class);

    /** The journal's format for {@link JsonLines}. */
    static final JsonLines.Format<PairwiseJudgement> FORMAT = new JsonLines.Format<>("pairwise verdict",
            PairwiseJournal::parse, PairwiseJournal::key,
            "one verdict per dialogue, condition shown first, condition shown second and judge");

    /** The journal as the engine writes it. */
    static final Journal.Kind<PairwiseJudgement> KIND = new Journal.Kind<>(FILE_NAME, FORMAT, PairwiseJournal::line,
            LOG);

    private PairwiseJournal() {
    }

    /**
     * Reads every verdict of a journal, in file order. A torn last line (left by a process killed while writing)
     * is ignored with a warning; the file is not changed.
     *
     * @throws BadInputException when the file is missing, a line that is not the last is not valid JSON, a field is
     *         invalid, or a verdict appears twice (with the line number)
     */
    public static List<PairwiseJudgement> read(Path file) {
        Objects.requireNonNull(file, "file");
        return JsonLines.read(file, FORMAT, LOG);
    }

    /** What identifies a verdict in the journal. */
    static String key(PairwiseJudgement j) {
        return key(j.dialogueId(), j.conditionA(), j.conditionB(), j.judge());
    }

    static String key(String dialogueId, String conditionA, String conditionB, String judge) {
        return dialogueId + '\u0000' + conditionA + '\u0000' + conditionB + '\u0000' + judge;
    }

    /** One verdict as a JSON line, newline included. */
    static byte[] line(PairwiseJudgement j) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = ReplyJournal.JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("dialogueId", j.dialogueId());
            g.writeStringField("conditionA", j.conditionA());
            g.writeStringField("conditionB", j.conditionB());
            g.writeStringField("judge", j.judge());
            g.writeStringField("verdict", j.choice() == Preference.Choice.TIE ? "tie" : j.choice().name());
            g.writeStringField("reason", j.reason());
            g.writeStringField("judgeFamily", j.judgeFamily());
            g.writeStringField("authorA", j.authorA());
            g.writeStringField("authorB", j.authorB());
            g.writeNumberField("wordsA", j.wordsA());
            g.writeNumberField("wordsB", j.wordsB());
            g.writeNumberField("maxWords", j.maxWords());
            g.writeStringField("costUsd", j.cost() == null ? null : j.cost().toPlainString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a pairwise verdict as JSON", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Parses one line; {@code source} and {@code line} name it in errors. */
    static PairwiseJudgement parse(byte[] json, String source, long line) throws JsonProcessingException {
        JsonLines.Fields f = JsonLines.object(json, source, line, "pairwise verdict");
        String verdict = f.text("verdict", null);
        Preference.Choice choice = switch (verdict.toUpperCase(Locale.ROOT)) {
            case "A" -> Preference.Choice.A;
            case "B" -> Preference.Choice.B;
            case "TIE" -> Preference.Choice.TIE;
            default -> throw new BadInputException(source, line, "verdict", verdict, "A, B or tie");
        };
        String a = f.text("conditionA", null);
        String b = f.text("conditionB", null);
        if (a.equals(b)) {
            throw new BadInputException(source, line, "conditionB", b, "a condition other than conditionA");
        }
        return new PairwiseJudgement(f.text("dialogueId", null), a, b, f.text("judge", null), choice,
                f.optionalText("reason"), f.optionalText("judgeFamily"), f.optionalText("authorA"),
                f.optionalText("authorB"), (int) Math.min(f.count("wordsA", 0), Integer.MAX_VALUE),
                (int) Math.min(f.count("wordsB", 0), Integer.MAX_VALUE),
                (int) Math.min(f.count("maxWords", 0), Integer.MAX_VALUE), f.dollars("costUsd"));
    }
}
