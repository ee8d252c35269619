package io.github.empathy4j.stats;

import com.fasterxml.jackson.annotation.JsonValue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Valence;
import java.util.Objects;

/**
 * What an analysis group holds: all dialogues, the dialogues of one valence, or those of one emotion. In JSON a group
 * is its {@link #label()}: {@code overall}, {@code positive}, {@code negative} or an emotion's label.
 */
public sealed interface Group permits Group.Overall, Group.OfValence, Group.OfEmotion {

    /** The group's label, such as {@code overall}, {@code positive} or {@code afraid}. */
    @JsonValue
    String label();

    /** The group kind's plural, naming its family: {@code overall}, {@code valences} or {@code emotions}. */
    String family();

    /** All dialogues. */
    static Group overall() {
        return Overall.INSTANCE;
    }

    /** The dialogues of one valence. */
    static Group of(Valence valence) {
        return new OfValence(valence);
    }

    /** The dialogues of one emotion. */
    static Group of(Emotion emotion) {
        return new OfEmotion(emotion);
    }

    /** All dialogues. */
    record Overall() implements Group {

        private static final Overall INSTANCE = new Overall();

        @Override
        public String label() {
            return "overall";
        }

        @Override
        public String family() {
            return "overall";
        }
    }

    /**
     * The dialogues of one valence.
     *
     * @param valence the valence
     */
    record OfValence(Valence valence) implements Group {

        public OfValence {
            Objects.requireNonNull(valence, "valence");
        }

        @Override
        public String label() {
            return valence.label();
        }

        @Override
        public String family() {
            return "valences";
        }
    }

    /**
     * The dialogues of one emotion.
     *
     * @param emotion the emotion
     */
    record OfEmotion(Emotion emotion) implements Group {

        public OfEmotion {
            Objects.requireNonNull(emotion, "emotion");
        }

        @Override
        public String label() {
            return emotion.label();
        }

        @Override
        public String family() {
            return "emotions";
        }
    }
}
