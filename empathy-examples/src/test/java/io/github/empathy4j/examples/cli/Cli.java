package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.DialogueJsonl;
import io.github.empathy4j.core.dataset.DialogueSet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process and builds the small synthetic datasets the tests use. */
final class Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {
    }

    /** What one invocation printed and returned. */
    record Outcome(int exitCode, String out, String err) {

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EmpathyCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** {@code perEmotion} dialogues for each of the 32 emotions, each with a human reply. */
    static DialogueSet dialogues(int perEmotion) {
        List<Dialogue> dialogues = new ArrayList<>();
        for (Emotion e : Emotion.values()) {
            for (int i = 0; i < perEmotion; i++) {
                dialogues.add(Dialogue.opening(e.label() + "-" + i, e, "A situation about being " + e.label(),
                        "Something happened and I feel " + e.label() + " (" + i + ").", "I see. Tell me more."));
            }
        }
        return DialogueSet.of(dialogues);
    }

    static Path writeDialogues(Path file, DialogueSet dialogues) {
        DialogueJsonl.write(file, dialogues);
        return file;
    }

    /** Writes ratings as {@code ratings.jsonl} lines. */
    static void writeRatings(Path file, List<Rating> ratings) {
        StringBuilder sb = new StringBuilder();
        try {
            for (Rating r : ratings) {
                sb.append(JSON.writeValueAsString(r)).append('\n');
            }
            Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A study-scale rating. */
    static Rating rating(String condition, String dialogueId, int value) {
        return new Rating(condition, dialogueId, "judge", "study", "empathy", value, null, null);
    }
}
