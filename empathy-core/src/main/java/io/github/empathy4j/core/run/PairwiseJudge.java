package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;

/**
 * Who compares two replies to one dialogue: an LLM judge in a {@link PairwiseRun}. It sees the two texts as
 * "Response A" and "Response B", never their conditions or models (blind judging).
 */
@FunctionalInterface
public interface PairwiseJudge {

    /**
     * Which of two replies to a dialogue is the better one, or a tie. Must be safe to call from several threads.
     *
     * @param dialogue the dialogue both replies answer
     * @param replyA the text shown first, as "Response A"
     * @param replyB the text shown second, as "Response B"
     */
    Preference compare(Dialogue dialogue, String replyA, String replyB);
}
