package io.github.empathy4j.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DialogueTest {

    @Test
    void anOpeningHasOneSpeakerTurnAndNoHistory() {
        Dialogue d = Dialogue.opening("hit:1_conv:2", Emotion.PROUD, "I won.", "I won the race!", "Well done!");
        assertThat(d.speakerUtterance()).isEqualTo("I won the race!");
        assertThat(d.history()).isEmpty();
        assertThat(d.valence()).isEqualTo(Valence.POSITIVE);
        assertThat(d.humanReplyIfKnown()).contains("Well done!");
    }

    @Test
    void theLastTurnIsTheOneToAnswerAndEarlierTurnsAreHistory() {
        List<Turn> turns = new ArrayList<>(List.of(Turn.speaker("a"), Turn.listener("b"), Turn.speaker("c")));
        Dialogue d = new Dialogue("x", Emotion.SAD, "", turns, null);
        turns.clear();
        assertThat(d.turns()).hasSize(3);
        assertThat(d.speakerUtterance()).isEqualTo("c");
        assertThat(d.history()).containsExactly(Turn.speaker("a"), Turn.listener("b"));
        assertThat(d.humanReplyIfKnown()).isEmpty();
    }

    @Test
    void aDialogueMustEndWithTheSpeaker() {
        assertThatThrownBy(() -> new Dialogue("x", Emotion.SAD, "", List.of(Turn.speaker("a"), Turn.listener("b")), null))
                .hasMessageContaining("dialogue x must end with a speaker turn");
        assertThatThrownBy(() -> new Dialogue("y", Emotion.SAD, "", List.of(), null)).hasMessageContaining("no turns");
    }

    @Test
    void badInputMessagesSayWhereWhatAndWhatWasExpected() {
        BadInputException e = new BadInputException("data.csv", 17, "rating_human", "4", "expected 1 (Bad), 2 (Okay) or 3 (Good)");
        assertThat(e).hasMessage("data.csv:17: column 'rating_human': '4' is not valid; expected 1 (Bad), 2 (Okay) or 3 (Good)");
        assertThat(new BadInputException("data.csv", 0, null, null, "the file is empty")).hasMessage("data.csv: the file is empty");
        assertThat(new BadInputException("f", 2, "c", "x".repeat(100) + "\n", "expected y").getMessage())
                .contains("xxx...").doesNotContain("\n");
    }
}
