package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.Run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine;

/** A small finished run folder, and a way to execute a command and keep what it printed. */
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

    /** What a command printed and returned. */
    record Execution(int exitCode, String out, String err) {
    }

    static Execution execute(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Execution(code, out.toString(), err.toString());
    }
}
