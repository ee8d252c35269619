package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.rating.RatingScale;

import java.util.List;

/**
 * Who rates a reply: an LLM judge, or imported crowd ratings. The one plug-in method; the rater
 * never needs the reply's condition and should not look at it (blind rating).
 */
@FunctionalInterface
public interface Rater {

    /** Rates one reply to one dialogue on one dimension. Must be safe to call from several threads at once. */
    Score rate(Dialogue dialogue, Reply reply, RatingScale.Dimension dimension);

    /**
     * A rater that is one model call: its prompt and how its answer is read, so that a rating in batch mode
     * ({@link BatchMode}) can send the prompt through a batch and read the answer.
     */
    interface Prompted extends Rater {

        /** The prompt that rates one reply to one dialogue on one dimension. */
        List<ChatMessage> messages(Dialogue dialogue, Reply reply, RatingScale.Dimension dimension);

        /**
         * Reads the model's answer.
         *
         * @throws io.github.empathy4j.core.UnparseableRatingException when it names no level of the dimension
         */
        Score score(Answer answer, RatingScale.Dimension dimension);
    }
}
