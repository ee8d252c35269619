package io.github.empathy4j.core.rating;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rating scale: one or more dimensions, each with ordered levels and the question raters see.
 *
 * <p>Built in: {@link #STUDY} (the 2024 study's Bad/Okay/Good), {@link #LIKERT_5}, {@link #EPITOME}
 * and {@link #EMPATHETIC_DIALOGUES}. Look one up by id with {@link #builtIn(String)}.
 *
 * @param id short identifier used in ratings and files, such as {@code study}
 * @param name human-readable name
 * @param dimensions the dimensions rated, at least one, with distinct ids
 */
public record RatingScale(String id, String name, List<Dimension> dimensions) {

    /** The 2024 study's three-point scale: Bad 1, Okay 2, Good 3. */
    public static final RatingScale STUDY = new RatingScale("study", "Welivita & Pu (2024) three-point scale",
            List.of(new Dimension("empathy",
                    "How empathetic is the listener's response, compared with how you would have responded"
                            + " in the same situation?",
                    List.of(new Level(1, "Bad", "Less empathetic than I would have been; dismissive or off the mark."),
                            new Level(2, "Okay", "About as empathetic as I would have been."),
                            new Level(3, "Good", "More empathetic than I would have been.")))));

    /** A five-point Likert scale of empathy, 1 (not at all empathetic) to 5 (extremely empathetic). */
    public static final RatingScale LIKERT_5 = new RatingScale("likert5", "Five-point Likert empathy scale",
            List.of(new Dimension("empathy", "How empathetic is the listener's response?",
                    List.of(new Level(1, "Not at all empathetic", "Ignores or dismisses the speaker's feelings."),
                            new Level(2, "Slightly empathetic", "Acknowledges the feelings only in passing."),
                            new Level(3, "Moderately empathetic", "Recognises the feelings but responds generically."),
                            new Level(4, "Very empathetic", "Understands the feelings and responds to them."),
                            new Level(5, "Extremely empathetic",
                                    "Understands, shares and responds with care to the speaker's feelings.")))));

    /** EPITOME (Sharma et al., 2020): emotional reactions, interpretations, explorations; 0 none, 1 weak, 2 strong. */
    public static final RatingScale EPITOME = new RatingScale("epitome", "EPITOME empathy communication mechanisms",
            List.of(epitome("emotional-reactions",
                            "Does the response express warmth, compassion or concern for the speaker?"),
                    epitome("interpretations",
                            "Does the response show an understanding of the speaker's feelings and experience?"),
                    epitome("explorations",
                            "Does the response explore the speaker's feelings and experience further?")));

    /** EmpatheticDialogues' human evaluation (Rashkin et al., 2019): empathy, relevance, fluency; each 1 to 5. */
    public static final RatingScale EMPATHETIC_DIALOGUES = new RatingScale("empathetic-dialogues",
            "EmpatheticDialogues human evaluation",
            List.of(oneToFive("empathy", "Did the response show an understanding of the feelings of the person talking about their experience?"),
                    oneToFive("relevance", "Did the response seem appropriate to the conversation? Was it on-topic?"),
                    oneToFive("fluency", "Could you understand the response? Did the language seem accurate?")));

    private static final List<RatingScale> BUILT_IN = List.of(STUDY, LIKERT_5, EPITOME, EMPATHETIC_DIALOGUES);

    public RatingScale {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        dimensions = List.copyOf(dimensions);
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("rating scale '" + id + "' has no dimension");
        }
        Set<String> seen = new HashSet<>();
        for (Dimension d : dimensions) {
            if (!seen.add(d.id())) {
                throw new IllegalArgumentException("rating scale '" + id + "' has dimension '" + d.id() + "' twice");
            }
        }
    }

    /** The built-in scales. */
    public static List<RatingScale> builtIns() {
        return BUILT_IN;
    }

    /**
     * A built-in scale by id, ignoring case.
     *
     * @throws IllegalArgumentException listing the known ids
     */
    public static RatingScale builtIn(String id) {
        for (RatingScale s : BUILT_IN) {
            if (s.id().equalsIgnoreCase(id.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown rating scale '" + id + "'; known: "
                + BUILT_IN.stream().map(RatingScale::id).collect(Collectors.joining(", ")));
    }

    /**
     * The dimension with this id.
     *
     * @throws IllegalArgumentException listing this scale's dimensions
     */
    public Dimension dimension(String dimensionId) {
        for (Dimension d : dimensions) {
            if (d.id().equals(dimensionId)) {
                return d;
            }
        }
        throw new IllegalArgumentException("rating scale '" + id + "' has no dimension '" + dimensionId
                + "'; its dimensions: " + dimensions.stream().map(Dimension::id).collect(Collectors.joining(", ")));
    }

    /** The only dimension of a one-dimensional scale. */
    public Dimension single() {
        if (dimensions.size() != 1) {
            throw new IllegalStateException("rating scale '" + id + "' has " + dimensions.size() + " dimensions");
        }
        return dimensions.get(0);
    }

    private static Dimension epitome(String id, String question) {
        return new Dimension(id, question, List.of(new Level(0, "None", "No communication of this kind."),
                new Level(1, "Weak", "Some communication of this kind."),
                new Level(2, "Strong", "Clear and specific communication of this kind.")));
    }

    private static Dimension oneToFive(String id, String question) {
        List<Level> levels = new ArrayList<>();
        String[] labels = {"Not at all", "Slightly", "Moderately", "Very", "Completely"};
        for (int i = 0; i < labels.length; i++) {
            levels.add(new Level(i + 1, labels[i], labels[i] + " (" + (i + 1) + " of 5)."));
        }
        return new Dimension(id, question, levels);
    }

    /**
     * One rated aspect, such as empathy.
     *
     * @param id short identifier, such as {@code empathy}
     * @param question the question raters see
     * @param levels the levels in increasing order of their codes, at least two
     */
    public record Dimension(String id, String question, List<Level> levels) {

        public Dimension {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(question, "question");
            levels = List.copyOf(levels);
            if (levels.size() < 2) {
                throw new IllegalArgumentException("dimension '" + id + "' needs at least two levels");
            }
            for (int i = 1; i < levels.size(); i++) {
                if (levels.get(i).code() <= levels.get(i - 1).code()) {
                    throw new IllegalArgumentException("dimension '" + id + "': level codes must increase, but "
                            + levels.get(i).code() + " follows " + levels.get(i - 1).code());
                }
            }
        }

        /**
         * The level with this code.
         *
         * @throws IllegalArgumentException naming the value and the accepted codes
         */
        public Level level(int code) {
            for (Level l : levels) {
                if (l.code() == code) {
                    return l;
                }
            }
            throw new IllegalArgumentException(code + " is outside dimension '" + id + "'; expected " + describe());
        }

        /** Whether a code is a level of this dimension. */
        public boolean contains(int code) {
            return levels.stream().anyMatch(l -> l.code() == code);
        }

        /**
         * Parses a level from its code ({@code 3}) or label ({@code good}, any case).
         *
         * @throws IllegalArgumentException naming the value and the accepted codes and labels
         */
        public Level parse(String text) {
            String t = text == null ? "" : text.strip();
            for (Level l : levels) {
                if (Integer.toString(l.code()).equals(t) || l.label().toLowerCase(Locale.ROOT).equals(t.toLowerCase(Locale.ROOT))) {
                    return l;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is outside dimension '" + id + "'; expected " + describe());
        }

        /** The index of a level code in {@link #levels()}, from 0. */
        public int indexOf(int code) {
            return levels.indexOf(level(code));
        }

        /** The lowest code. */
        public int min() {
            return levels.get(0).code();
        }

        /** The highest code. */
        public int max() {
            return levels.get(levels.size() - 1).code();
        }

        /** The levels as text, for example {@code 1 (Bad), 2 (Okay) or 3 (Good)}. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < levels.size(); i++) {
                if (i > 0) {
                    sb.append(i == levels.size() - 1 ? " or " : ", ");
                }
                sb.append(levels.get(i).code()).append(" (").append(levels.get(i).label()).append(')');
            }
            return sb.toString();
        }
    }

    /**
     * One level of a dimension.
     *
     * @param code the numeric code stored in ratings
     * @param label the short label raters see, such as {@code Good}
     * @param meaning what the level means
     */
    public record Level(int code, String label, String meaning) {

        public Level {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(meaning, "meaning");
        }
    }
}
