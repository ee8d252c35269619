package io.github.empathy4j.core.run;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Answers from a recorded {@code responses.jsonl}; see {@link Respondent#replay(Path, String)}. */
final class Replay implements Respondent {

    private final Path file;
    private final String condition;
    private final Map<String, Reply> byDialogue = new HashMap<>();

    Replay(Path file, String condition) {
        this.file = file;
        this.condition = condition;
        TreeSet<String> present = new TreeSet<>();
        for (Reply reply : ReplyJournal.read(file)) {
            present.add(reply.condition());
            if (reply.condition().equals(condition)) {
                byDialogue.put(reply.dialogueId(), reply);
            }
        }
        if (byDialogue.isEmpty()) {
            throw new BadInputException(file.toString(), 0, "condition", condition,
                    "a condition the file has replies of: " + (present.isEmpty() ? "none (the file is empty)"
                            : String.join(", ", present)));
        }
    }

    @Override
    public Answer respond(Dialogue dialogue) {
        Reply reply = byDialogue.get(dialogue.id());
        if (reply == null) {
            throw new BadInputException(file.toString(), 0, "dialogueId", dialogue.id(),
                    "a reply of condition '" + condition + "' to this dialogue; the file has none");
        }
        return new Answer(reply.text(), reply.finishReason(), reply.model(), reply.usage());
    }

    @Override
    public String toString() {
        return "replay of " + condition + " from " + file;
    }
}
