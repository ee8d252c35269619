package io.github.empathy4j.core.crowd;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Dialogues and replies whose texts name neither a condition nor a dialogue id. */
final class CrowdFixtures {

    static final List<String> CONDITIONS = List.of("cond-alpha", "cond-beta");

    private CrowdFixtures() {
    }

    /** {@code perEmotion} dialogues of each of the 32 emotions, ids {@code x0000}, ... */
    static List<Dialogue> dialogues(int perEmotion) {
        List<Dialogue> dialogues = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < perEmotion; i++) {
            for (Emotion e : Emotion.values()) {
                dialogues.add(Dialogue.opening(String.format(Locale.ROOT, "x%04d", n++), e,
                        "A day, with a comma", "Something happened to me.", "Oh no."));
            }
        }
        return dialogues;
    }

    /** One reply of each condition to each dialogue. */
    static List<Reply> replies(List<Dialogue> dialogues) {
        List<Reply> replies = new ArrayList<>();
        for (String c : CONDITIONS) {
            for (Dialogue d : dialogues) {
                replies.add(Reply.recorded(c, d.id(), "That sounds \"hard\",\nI am sorry."));
            }
        }
        return replies;
    }
}
