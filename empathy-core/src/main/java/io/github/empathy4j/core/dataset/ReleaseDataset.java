package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.rating.RatingScale;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The public release of Welivita &amp; Pu's human-vs-GPT-4 study ({@code dataset_and_ratings.csv}): 2,000
 * dialogue openings, the replies of three conditions, one crowd rating per reply on the study's scale,
 * and the raters' Toronto Empathy Questionnaire (TEQ) answers. Nothing in the file is dropped: every
 * column is available from {@link #rows()} or {@link #annotators()}.
 *
 * <p>The file is RFC 4180 CSV (quoted fields may hold commas, doubled quotes and line breaks) with the
 * 25 columns of {@link #COLUMNS} in any order. Each row gives a {@link Dialogue} (id {@code dialog_id},
 * one speaker turn {@code speaker_uttr}, human reply {@code response_human}), a reply and a rating for
 * each condition, and its batch {@code part_no}. The conditions are {@link #HUMAN} (columns
 * {@code *_human}), {@link #GPT_4} ({@code *_chatgpt_empathy}: GPT-4 with the empathy prompt, the group
 * the 2024 study reused) and {@link #GPT_4_PLAIN} ({@code *_chatgpt}: GPT-4 with a plain prompt).
 *
 * <p>Checked on every row: {@code sentiment} is the emotion's {@link Emotion#valence()}; ratings are
 * levels of {@link RatingScale#STUDY}; {@code empathy_arr_*} holds 16 TEQ answers from -2 (never) to 2
 * (always) and {@code empathy_propensity_*} is their TEQ score (answers mapped to 0..4, items 2, 4, 7,
 * 10, 11, 12, 14 and 15 reversed); an annotator rates one condition and has the same TEQ data on every
 * row; {@code miti_*} are Python-style lists of MITI codes such as {@code ['Affirm', 'Open Question']}.
 */
public final class ReleaseDataset {

    /** The human listeners' replies ({@code response_human}). */
    public static final String HUMAN = "human";
    /** GPT-4 with the empathy prompt ({@code response_chatgpt_empathy}), the group the 2024 study reused. */
    public static final String GPT_4 = "gpt-4";
    /** GPT-4 with a plain prompt ({@code response_chatgpt}). */
    public static final String GPT_4_PLAIN = "gpt-4-plain";
    /** The conditions, in the order replies and ratings are listed. */
    public static final List<String> CONDITIONS = List.of(HUMAN, GPT_4, GPT_4_PLAIN);

    /** The release's columns, in the order of the published file. */
    public static final List<String> COLUMNS = List.of("part_no", "annotator_human", "annotator_chatgpt",
            "annotator_chatgpt_empathy", "dialog_id", "emotion", "sentiment", "plutchik", "situation",
            "speaker_uttr", "response_human", "response_chatgpt", "response_chatgpt_empathy", "rating_human",
            "rating_chatgpt", "rating_chatgpt_empathy", "empathy_propensity_human", "empathy_propensity_chatgpt",
            "empathy_propensity_chatgpt_empathy", "empathy_arr_human", "empathy_arr_chatgpt",
            "empathy_arr_chatgpt_empathy", "miti_human", "miti_chatgpt", "miti_chatgpt_empathy");

    private static final Map<String, String> SUFFIX = Map.of(HUMAN, "human", GPT_4, "chatgpt_empathy",
            GPT_4_PLAIN, "chatgpt");
    private static final RatingScale.Dimension EMPATHY = RatingScale.STUDY.dimension("empathy");
    private static final int TEQ_ITEMS = 16;
    private static final List<Integer> TEQ_REVERSED = List.of(2, 4, 7, 10, 11, 12, 14, 15);

    private final List<Row> rows;
    private final DialogueSet dialogues;
    private final List<Annotator> annotators;

    private ReleaseDataset(List<Row> rows, List<Annotator> annotators) {
        this.rows = List.copyOf(rows);
        this.dialogues = DialogueSet.of(rows.stream().map(Row::dialogue).toList());
        this.annotators = List.copyOf(annotators);
    }

    /**
     * One row of the release.
     *
     * @param batch {@code part_no}: the batch of ten dialogues one annotator per condition rated
     * @param dialogue the dialogue opening, with the human reply
     * @param plutchik the Plutchik emotion or dyad the authors mapped the emotion to
     * @param responses one per condition, in {@link #CONDITIONS} order
     */
    public record Row(int batch, Dialogue dialogue, String plutchik, List<Response> responses) {

        public Row {
            Objects.requireNonNull(dialogue, "dialogue");
            Objects.requireNonNull(plutchik, "plutchik");
            responses = List.copyOf(responses);
        }

        /**
         * The response of one condition.
         *
         * @throws IllegalArgumentException for a condition not in {@link #CONDITIONS}
         */
        public Response response(String condition) {
            return responses.stream().filter(r -> r.condition().equals(condition)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown condition '" + condition
                            + "'; expected one of " + CONDITIONS));
        }
    }

    /**
     * One condition's reply to a row's dialogue, its rating and its MITI codes.
     *
     * @param condition one of {@link #CONDITIONS}
     * @param text the reply
     * @param annotator the pseudonym of the annotator who rated it
     * @param rating 1 (Bad), 2 (Okay) or 3 (Good)
     * @param miti the MITI behaviour codes the authors gave the reply, in order
     */
    public record Response(String condition, String text, String annotator, int rating, List<String> miti) {

        public Response {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(annotator, "annotator");
            miti = List.copyOf(miti);
        }
    }

    /**
     * A crowd annotator with their TEQ data.
     *
     * @param id the pseudonym
     * @param condition the condition whose replies they rated
     * @param teqTotal the TEQ score, 0 to 64 ({@code empathy_propensity_*})
     * @param teqAnswers the 16 answers, -2 (never) to 2 (always), in item order ({@code empathy_arr_*})
     * @param batches the batches they rated, in file order
     */
    public record Annotator(String id, String condition, int teqTotal, List<Integer> teqAnswers,
            List<Integer> batches) {

        public Annotator {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(condition, "condition");
            teqAnswers = List.copyOf(teqAnswers);
            batches = List.copyOf(batches);
        }
    }

    /**
     * Reads the release, failing at the first bad row.
     *
     * @throws BadInputException naming the line, column, value and what was expected
     */
    public static ReleaseDataset read(Path file) {
        return read(file, ErrorPolicy.STRICT).value();
    }

    /**
     * Reads the release; under {@link ErrorPolicy#LENIENT} bad rows are skipped and reported.
     *
     * @throws BadInputException for a bad row under {@link ErrorPolicy#STRICT}; for an empty file, a missing
     *         or unknown column, broken quoting or invalid UTF-8 under either policy
     * @throws io.github.empathy4j.core.EmpathyException naming the file when it cannot be read
     */
    public static ReadResult<ReleaseDataset> read(Path file, ErrorPolicy policy) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        Problems problems = new Problems(source, policy);
        RowReader reader = new RowReader(source);
        long records = 0;
        try (BufferedReader in = Sources.open(file); CsvRecords csv = new CsvRecords(source, in)) {
            if (!csv.next()) {
                throw Sources.empty(file, "the release's header " + String.join(",", COLUMNS));
            }
            reader.header(csv.fields());
            while (csv.next()) {
                records++;
                try {
                    reader.row(csv.line(), csv.fields());
                } catch (BadInputException e) {
                    problems.reject(e, 1);
                }
            }
        } catch (IOException e) {
            throw Sources.failure(file, e);
        }
        ReleaseDataset dataset = new ReleaseDataset(reader.rows, reader.annotators());
        return new ReadResult<>(dataset, problems.report(records));
    }

    /** The rows, in file order. */
    public List<Row> rows() {
        return rows;
    }

    /** The dialogues, in file order. */
    public DialogueSet dialogues() {
        return dialogues;
    }

    /** Every reply as {@link Reply#recorded}: for each row, one per condition in {@link #CONDITIONS} order. */
    public List<Reply> replies() {
        return rows.stream().flatMap(row -> row.responses().stream()
                .map(r -> Reply.recorded(r.condition(), row.dialogue().id(), r.text()))).toList();
    }

    /** One condition's replies, in file order. */
    public List<Reply> replies(String condition) {
        checkCondition(condition);
        return replies().stream().filter(r -> r.condition().equals(condition)).toList();
    }

    /**
     * Every rating: scale {@code study}, dimension {@code empathy}, rater the annotator's pseudonym, batch
     * the {@code part_no}; for each row, one per condition in {@link #CONDITIONS} order.
     */
    public List<Rating> ratings() {
        return rows.stream().flatMap(row -> row.responses().stream()
                .map(r -> new Rating(r.condition(), row.dialogue().id(), r.annotator(), RatingScale.STUDY.id(),
                        EMPATHY.id(), r.rating(), null, Integer.toString(row.batch())))).toList();
    }

    /** One condition's ratings, in file order. */
    public List<Rating> ratings(String condition) {
        checkCondition(condition);
        return ratings().stream().filter(r -> r.condition().equals(condition)).toList();
    }

    /** The annotators, in order of first appearance. */
    public List<Annotator> annotators() {
        return annotators;
    }

    /** The annotator with this pseudonym, if any. */
    public Optional<Annotator> annotator(String id) {
        Objects.requireNonNull(id, "id");
        return annotators.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    private static void checkCondition(String condition) {
        if (!CONDITIONS.contains(Objects.requireNonNull(condition, "condition"))) {
            throw new IllegalArgumentException("unknown condition '" + condition + "'; expected one of " + CONDITIONS);
        }
    }

    /** Parses and checks rows, remembering ids and annotators across rows. */
    private static final class RowReader {

        private final String source;
        private final List<Row> rows = new ArrayList<>();
        private final Map<String, Long> idLines = new HashMap<>();
        private final Map<String, AnnotatorState> annotators = new LinkedHashMap<>();
        private Map<String, Integer> at;
        private int width;

        RowReader(String source) {
            this.source = source;
        }

        void header(List<String> names) {
            List<String> found = names.stream().map(String::strip).toList();
            List<String> missing = COLUMNS.stream().filter(c -> !found.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new BadInputException(source, 1, null, null, "expected the release's columns, but "
                        + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " missing; found: "
                        + String.join(", ", found));
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < found.size(); i++) {
                String name = found.get(i);
                if (!COLUMNS.contains(name) || index.putIfAbsent(name, i) != null) {
                    throw new BadInputException(source, 1, name, null, "expected each of the release's columns once"
                            + " and no other (" + String.join(", ", COLUMNS) + "); found: " + String.join(", ", found));
                }
            }
            at = index;
            width = found.size();
        }

        void row(long line, List<String> fields) {
            if (fields.size() != width) {
                throw new BadInputException(source, line, null, String.join(",", fields), "expected " + width
                        + " fields as in the header, found " + fields.size()
                        + " (quote a field that contains a comma)");
            }
            int batch = integer(line, fields, "part_no", 0, Integer.MAX_VALUE);
            String id = field(fields, "dialog_id");
            if (id.isBlank()) {
                throw new BadInputException(source, line, "dialog_id", id, "expected an id such as hit:0_conv:1");
            }
            Long first = idLines.get(id);
            if (first != null) {
                throw new BadInputException(source, line, "dialog_id", id,
                        "expected a unique id, but line " + first + " has it too");
            }
            String label = field(fields, "emotion");
            Emotion emotion;
            try {
                emotion = Emotion.parse(label);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(source, line, "emotion", label, EmpatheticDialogues.expectedEmotion(e));
            }
            String sentiment = field(fields, "sentiment");
            if (!emotion.valence().label().equalsIgnoreCase(sentiment.strip())) {
                throw new BadInputException(source, line, "sentiment", sentiment, "expected '"
                        + emotion.valence().label() + "', the valence of '" + emotion.label() + "'");
            }
            String speaker = nonBlank(line, fields, "speaker_uttr");
            List<Response> responses = new ArrayList<>(CONDITIONS.size());
            List<AnnotatorState> raters = new ArrayList<>(CONDITIONS.size());
            for (String condition : CONDITIONS) {
                String suffix = SUFFIX.get(condition);
                String annotator = nonBlank(line, fields, "annotator_" + suffix);
                String text = nonBlank(line, fields, "response_" + suffix);
                int rating = rating(line, fields, "rating_" + suffix);
                List<String> miti = miti(line, fields, "miti_" + suffix);
                AnnotatorState rater = annotator(line, fields, condition, suffix, annotator, raters);
                raters.add(rater);
                responses.add(new Response(condition, text, annotator, rating, miti));
            }
            Dialogue dialogue = Dialogue.opening(id, emotion, field(fields, "situation"), speaker,
                    responses.get(0).text());
            rows.add(new Row(batch, dialogue, field(fields, "plutchik"), responses));
            idLines.put(id, line);
            for (AnnotatorState rater : raters) {
                annotators.putIfAbsent(rater.id, rater);
                if (!rater.batches.contains(batch)) {
                    rater.batches.add(batch);
                }
            }
        }

        /** The annotator of one condition, checked against earlier rows and this row's other conditions. */
        private AnnotatorState annotator(long line, List<String> fields, String condition, String suffix, String id,
                List<AnnotatorState> sameRow) {
            String totalColumn = "empathy_propensity_" + suffix;
            int total = integer(line, fields, totalColumn, 0, 4 * TEQ_ITEMS);
            String answersColumn = "empathy_arr_" + suffix;
            List<Integer> answers = teqAnswers(line, fields, answersColumn);
            int score = teqScore(answers);
            if (score != total) {
                throw new BadInputException(source, line, totalColumn, field(fields, totalColumn), "expected "
                        + score + ", the TEQ score of " + answersColumn + " (answers -2..2 count 0..4, items "
                        + TEQ_REVERSED + " reversed)");
            }
            AnnotatorState known = annotators.get(id);
            for (AnnotatorState other : sameRow) {
                if (other.id.equals(id)) {
                    known = other;
                }
            }
            if (known == null) {
                return new AnnotatorState(id, condition, total, answers);
            }
            String column = "annotator_" + suffix;
            if (!known.condition.equals(condition)) {
                throw new BadInputException(source, line, column, id, "expected an annotator of one condition only,"
                        + " but this one also rated condition '" + known.condition + "'");
            }
            if (known.total != total || !known.answers.equals(answers)) {
                throw new BadInputException(source, line, answersColumn, field(fields, answersColumn), "expected "
                        + known.answers + " with total " + known.total + ", as earlier rows give annotator " + id);
            }
            return known;
        }

        private List<Integer> teqAnswers(long line, List<String> fields, String column) {
            String text = field(fields, column).strip();
            String expected = "expected a list of " + TEQ_ITEMS + " TEQ answers from -2 to 2, such as [2, -1, 0, ...]";
            if (!text.startsWith("[") || !text.endsWith("]")) {
                throw new BadInputException(source, line, column, text, expected);
            }
            String[] parts = text.substring(1, text.length() - 1).split(",", -1);
            List<Integer> answers = new ArrayList<>(parts.length);
            for (String part : parts) {
                try {
                    int answer = Integer.parseInt(part.strip());
                    if (answer < -2 || answer > 2) {
                        throw new BadInputException(source, line, column, text, expected);
                    }
                    answers.add(answer);
                } catch (NumberFormatException e) {
                    throw new BadInputException(source, line, column, text, expected);
                }
            }
            if (answers.size() != TEQ_ITEMS) {
                throw new BadInputException(source, line, column, text, expected + "; found " + answers.size());
            }
            return answers;
        }

        private static int teqScore(List<Integer> answers) {
            int score = 0;
            for (int item = 1; item <= answers.size(); item++) {
                int answer = answers.get(item - 1);
                score += TEQ_REVERSED.contains(item) ? 2 - answer : answer + 2;
            }
            return score;
        }

        /** Parses a Python-style list of quoted strings, such as {@code ['Affirm', "Open Question"]}. */
        private List<String> miti(long line, List<String> fields, String column) {
            String text = field(fields, column).strip();
            Supplier<BadInputException> bad = () -> new BadInputException(source, line, column, text,
                    "expected a Python-style list of MITI codes, such as ['Affirm', 'Open Question']");
            if (!text.startsWith("[") || !text.endsWith("]")) {
                throw bad.get();
            }
            String body = text.substring(1, text.length() - 1).strip();
            List<String> codes = new ArrayList<>();
            int i = 0;
            while (i < body.length()) {
                char quote = body.charAt(i);
                int end = quote == '\'' || quote == '"' ? body.indexOf(quote, i + 1) : -1;
                if (end < 0) {
                    throw bad.get();
                }
                codes.add(body.substring(i + 1, end));
                i = end + 1;
                while (i < body.length() && body.charAt(i) == ' ') {
                    i++;
                }
                if (i < body.length()) {
                    if (body.charAt(i) != ',' || i == body.length() - 1) {
                        throw bad.get();
                    }
                    i++;
                    while (i < body.length() && body.charAt(i) == ' ') {
                        i++;
                    }
                }
            }
            return codes;
        }

        private int integer(long line, List<String> fields, String column, int min, int max) {
            String text = field(fields, column);
            int value = parseInt(text, min - 1);
            if (value < min || value > max) {
                throw new BadInputException(source, line, column, text, max == Integer.MAX_VALUE
                        ? "expected a whole number from " + min
                        : "expected a whole number from " + min + " to " + max);
            }
            return value;
        }

        private int rating(long line, List<String> fields, String column) {
            String text = field(fields, column);
            int value = parseInt(text, Integer.MIN_VALUE);
            if (!EMPATHY.contains(value)) {
                throw new BadInputException(source, line, column, text, "expected " + EMPATHY.describe());
            }
            return value;
        }

        private static int parseInt(String text, int otherwise) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }

        private String nonBlank(long line, List<String> fields, String column) {
            String text = field(fields, column);
            if (text.isBlank()) {
                throw new BadInputException(source, line, column, text, "expected a non-empty text");
            }
            return text;
        }

        private String field(List<String> fields, String column) {
            return fields.get(at.get(column));
        }

        List<Annotator> annotators() {
            return annotators.values().stream()
                    .map(a -> new Annotator(a.id, a.condition, a.total, a.answers, a.batches)).toList();
        }
    }

    /** An annotator while reading: batches grow as rows are accepted. */
    private static final class AnnotatorState {
        final String id;
        final String condition;
        final int total;
        final List<Integer> answers;
        final List<Integer> batches = new ArrayList<>();

        AnnotatorState(String id, String condition, int total, List<Integer> answers) {
            this.id = id;
            this.condition = condition;
            this.total = total;
            this.answers = answers;
        }
    }
}
