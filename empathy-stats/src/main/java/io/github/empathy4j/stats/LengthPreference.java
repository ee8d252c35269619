package io.github.empathy4j.stats;

/**
 * A pairwise judge's length bias: among its single verdicts that chose one of two replies of different lengths, the
 * share won by the longer reply, with its Wilson interval and the two-sided exact binomial test against 1/2 (as R
 * {@code binom.test(longerWins, decided)}). Only an association: a longer reply may also be a better one, so compare
 * it with the same share under the crowd or with replies cut to a common length ({@code --max-words}).
 *
 * @param decided the verdicts that chose a reply, the two replies differing in length
 * @param longerWins those that chose the longer reply
 * @param longerWinShare {@code longerWins / decided} with its Wilson interval; {@code NaN} when none
 * @param p the two-sided exact binomial test's p-value against 1/2; {@code NaN} when none
 */
public record LengthPreference(int decided, int longerWins, ShareEstimate longerWinShare, double p) {

    /**
     * The length preference of verdicts given as the lengths of the chosen and the other reply.
     *
     * @param chosenWords each decided verdict's chosen reply's length
     * @param otherWords the other reply's length, in the same order
     * @param confidence the interval's confidence level, in (0, 1)
     * @throws IllegalArgumentException when the arrays differ in length, a length is negative, or the confidence is
     *     outside (0, 1)
     */
    public static LengthPreference of(int[] chosenWords, int[] otherWords, double confidence) {
        Interval.checkConfidence(confidence);
        if (chosenWords.length != otherWords.length) {
            throw new IllegalArgumentException("lengths of " + chosenWords.length + " chosen and " + otherWords.length
                    + " other replies");
        }
        int decided = 0;
        int longer = 0;
        for (int i = 0; i < chosenWords.length; i++) {
            if (chosenWords[i] < 0 || otherWords[i] < 0) {
                throw new IllegalArgumentException("a negative length at " + i + ": " + chosenWords[i] + ", "
                        + otherWords[i]);
            }
            if (chosenWords[i] != otherWords[i]) {
                decided++;
                if (chosenWords[i] > otherWords[i]) {
                    longer++;
                }
            }
        }
        ShareEstimate share = decided == 0 ? new ShareEstimate(Double.NaN, new Interval(Double.NaN, Double.NaN))
                : new ShareEstimate((double) longer / decided, Interval.wilson(longer, decided, confidence));
        return new LengthPreference(decided, longer, share, PairwiseAnalysis.signTest(longer, decided));
    }
}
