package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.Run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small finished run folder. */
final class TestRuns {

    /** The text every reply of condition {@code echo} starts with. */
    static final String ECHO = "Echo: ";

    private TestRuns() {
    }

    /** Twelve dialogues answered by the human reference and by condition {@code echo}. */
    static void create(Path dir) {
        List<Dialogue> dialogues = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Emotion e = Emotion.values()[i * 2];
            dialogues.add(Dialogue.opening(String.format(Locale.ROOT, "t%02d", i), e, "situation " + i,
                    "something " + e.label() + " happened, number " + i, "human reply " + i));
        }
        Run.builder().outputDirectory(dir).dialogues(dialogues).condition(Condition.humanReference())
                .condition(Condition.of("echo", d -> Answer.of(ECHO + d.speakerUtterance(), "echo")))
                .build().execute();
    }
}
