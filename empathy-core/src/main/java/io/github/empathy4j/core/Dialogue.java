package io.github.empathy4j.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dialogue opening to be answered: the speaker's situation and the turns so far, the last of
 * which is the speaker's turn to answer.
 *
 * @param id stable identifier, for EmpatheticDialogues the {@code conv_id} such as {@code hit:1234_conv:2468}
 * @param emotion the emotion the speaker was asked to write about
 * @param situation the situation the speaker described before the conversation (may be empty)
 * @param turns the conversation so far, oldest first; never empty, and the last turn is the speaker's
 * @param humanReply the listener's recorded reply to the last turn, or {@code null} when unknown
 */
public record Dialogue(String id, Emotion emotion, String situation, List<Turn> turns, String humanReply) {

    public Dialogue {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(emotion, "emotion");
        Objects.requireNonNull(situation, "situation");
        turns = List.copyOf(turns);
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("dialogue " + id + " has no turns");
        }
        if (turns.get(turns.size() - 1).role() != Turn.Role.SPEAKER) {
            throw new IllegalArgumentException("dialogue " + id + " must end with a speaker turn to answer");
        }
    }

    /** A single-turn opening, as in the study: the situation, one speaker utterance and its human reply. */
    public static Dialogue opening(String id, Emotion emotion, String situation, String speakerUtterance,
            String humanReply) {
        return new Dialogue(id, emotion, situation, List.of(Turn.speaker(speakerUtterance)), humanReply);
    }

    /** The speaker's turn to answer (the last turn). */
    public String speakerUtterance() {
        return turns.get(turns.size() - 1).text();
    }

    /** The turns before the one to answer, oldest first; empty for a single-turn opening. */
    public List<Turn> history() {
        return turns.subList(0, turns.size() - 1);
    }

    /** The emotion's valence. */
    public Valence valence() {
        return emotion.valence();
    }

    /** The recorded human reply, when known. */
    public Optional<String> humanReplyIfKnown() {
        return Optional.ofNullable(humanReply);
    }
}
