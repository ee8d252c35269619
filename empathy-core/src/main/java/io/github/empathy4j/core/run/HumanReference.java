package io.github.empathy4j.core.run;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.TokenUsage;

/** Answers with the dataset's recorded human reply; see {@link Respondent#humanReference()}. */
final class HumanReference implements Respondent {

    static final HumanReference INSTANCE = new HumanReference();

    private HumanReference() {
    }

    @Override
    public Answer respond(Dialogue dialogue) {
        String reply = dialogue.humanReply();
        if (reply == null) {
            throw new BadInputException("dialogue " + dialogue.id(), 0, "humanReply", null,
                    "a recorded human reply; the dataset has none for this dialogue, so the human reference "
                            + "cannot answer it");
        }
        return new Answer(reply, FinishReason.STOP, "human", TokenUsage.NONE);
    }

    @Override
    public String toString() {
        return "human reference";
    }
}
