package io.github.empathy4j.core.run;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a run or rating would do, before any call ({@link Run#estimate()}, {@link RatingRun#estimate()}): the calls
 * left after the journal's, with estimated tokens and cost at standard prices. Nothing is written and the response
 * cache is not consulted, so cached calls are counted as calls.
 *
 * @param total the items of the whole run or rating
 * @param done the items the journal already holds (skipped)
 * @param lines one per condition or judge with calls left, in order
 */
public record Estimate(long total, long done, List<Line> lines) {

    /** Output tokens assumed for an answer when its spec sets no {@code maxTokens} and the journal has no answers. */
    public static final int DEFAULT_ANSWER_TOKENS = 256;

    /** Output tokens assumed for a judge's rating when its spec sets no {@code maxTokens}. */
    public static final int DEFAULT_RATING_TOKENS = 128;

    public Estimate {
        lines = List.copyOf(lines);
    }

    /** Where a line's output tokens come from. */
    public enum Basis {
        /** The spec's {@code maxTokens} for every call: an upper bound. */
        MAX_TOKENS,
        /** The mean output tokens of the condition's answers in the journal so far. */
        JOURNAL_MEAN,
        /** {@link #DEFAULT_ANSWER_TOKENS} or {@link #DEFAULT_RATING_TOKENS}. */
        DEFAULT,
        /** No model call (the human reference, a replay): no tokens. */
        NO_CALL
    }

    /**
     * One condition's or judge's calls left.
     *
     * @param name the condition's or judge's name
     * @param spec its spec
     * @param calls the calls left
     * @param inputTokens the estimated input tokens of those calls: the prompts' characters / 4
     * @param outputTokens the estimated output tokens, see {@code basis}
     * @param basis where the output tokens come from
     * @param cost the estimated cost in US dollars at standard (not batch) prices; {@code null} when the price is
     *     unknown, zero for no call
     */
    public record Line(String name, String spec, long calls, long inputTokens, long outputTokens, Basis basis,
            BigDecimal cost) {

        public Line {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(basis, "basis");
        }
    }

    /** The calls left. */
    public long calls() {
        return lines.stream().mapToLong(Line::calls).sum();
    }

    /** The estimated cost of the lines with a known price, in US dollars. */
    public BigDecimal knownCost() {
        return lines.stream().map(Line::cost).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The lines whose price is unknown. */
    public List<Line> unpriced() {
        return lines.stream().filter(l -> l.cost() == null).toList();
    }
}
