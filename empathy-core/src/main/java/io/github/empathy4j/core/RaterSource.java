package io.github.empathy4j.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Who gave a rating, as one unit of analysis: one LLM judge (by its spec), a judge panel's combined rating, or the
 * crowd (every participant of a crowd study together, since each reply gets its own crowd rating).
 *
 * <p>A {@link Rating} carries its source's {@link Kind} ({@code kind} in {@code ratings.jsonl}); a judge or a panel is
 * named by the rating's rater (the judge's spec, the panel's name such as {@code panel-majority}), the crowd is
 * {@value #CROWD} ({@link #of}).
 *
 * @param kind what kind of source
 * @param name the judge's spec, the panel's name, or {@value #CROWD} for the crowd
 */
public record RaterSource(Kind kind, String name) {

    /** The name of the crowd source. */
    public static final String CROWD = "crowd";

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
        return new RaterSource(rating.kind(), rating.kind() == Kind.CROWD ? CROWD : rating.rater());
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
