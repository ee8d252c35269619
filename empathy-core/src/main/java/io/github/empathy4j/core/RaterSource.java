package io.github.empathy4j.core;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who gave a rating, as one unit of analysis: one LLM judge (by its spec), a judge panel's combined rating, or the
 * crowd (every participant of a crowd study together, since each reply gets its own crowd rating).
 *
 * <p>It is derived from a {@link Rating}'s fields as {@code ratings.jsonl} stores them ({@link #of}): a rating with a
 * {@code batch} is the crowd's; one whose rationale is a panel's combination ({@code "majority of 3: a=2, b=3, c=3"},
 * as {@link io.github.empathy4j.core.run.RatingRun} writes it) is the panel's, named by its rater; any other is
 * the judge's named by its rater.
 *
 * @param kind what kind of source
 * @param name the judge's spec, the panel's name, or {@value #CROWD} for the crowd
 */
public record RaterSource(Kind kind, String name) {

    /** The name of the crowd source. */
    public static final String CROWD = "crowd";

    /** The rationale a panel's combined rating carries: the rule, the number of raters and their values. */
    private static final Pattern COMBINED = Pattern.compile("(majority|mean) of \\d+: .*", Pattern.DOTALL);

    /** The kinds of rater source. */
    public enum Kind {
        /** One LLM judge. */
        JUDGE,
        /** A judge panel's combined rating. */
        PANEL,
        /** Every participant of a crowd study together. */
        CROWD
    }

    public RaterSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a rater source needs a name");
        }
    }

    /** The source of one rating; see the type's description. */
    public static RaterSource of(Rating rating) {
        Objects.requireNonNull(rating, "rating");
        if (rating.batch() != null) {
            return new RaterSource(Kind.CROWD, CROWD);
        }
        if (rating.rationale() != null && COMBINED.matcher(rating.rationale()).matches()) {
            return new RaterSource(Kind.PANEL, rating.rater());
        }
        return new RaterSource(Kind.JUDGE, rating.rater());
    }

    /** The kind in lower case, such as {@code judge}. */
    public String kindName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A phrase for reports, such as {@code LLM judge openai:gpt-4o} or {@code the crowd (all participants)}. */
    public String describe() {
        return switch (kind) {
            case JUDGE -> "LLM judge " + name;
            case PANEL -> "judge panel " + name + " (combined rating)";
            case CROWD -> "the crowd (all participants together)";
        };
    }

    /** The name, as {@code --rater} takes it. */
    @Override
    public String toString() {
        return name;
    }
}
