package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.rating.RatingScale;

/**
 * Who rates a reply: an LLM judge, or imported crowd ratings. The one plug-in method; the rater
 * never needs the reply's condition and should not look at it (blind rating).
 */
@FunctionalInterface
public interface Rater {

    /** Rates one reply to one dialogue on one dimension. Must be safe to call from several threads at once. */
    Score rate(Dialogue dialogue, Reply reply, RatingScale.Dimension dimension);
}
