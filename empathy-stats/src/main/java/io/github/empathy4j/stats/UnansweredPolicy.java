package io.github.empathy4j.stats;

import java.util.Locale;

/**
 * What an analysis does with empty replies and refusals ({@link UnansweredReply}), which no rater rated. Either way
 * they are counted per condition and the policy is reported; a rating of such a reply is never used.
 */
public enum UnansweredPolicy {
    /**
     * Counted as a reply rated at the dimension's lowest level (the default): a person who shares an emotional
     * experience and gets no answer got no empathy, and leaving them out would flatter the condition that failed.
     */
    LOWEST,
    /** Left out: the condition's n counts only the replies with text. */
    EXCLUDE;

    /** The policy's name in lower case, as the CLI's {@code --unanswered} takes it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
