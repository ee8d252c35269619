package io.github.empathy4j.stats.agreement;

/**
 * How well two raters agree on the same units, for example an LLM judge against the crowd (see
 * {@link Agreement#between}).
 *
 * <p>JSON fields (stable): {@code units}, {@code unpaired}, {@code confusion}, {@code kappa}, {@code linearKappa},
 * {@code quadraticKappa}, {@code alphaNominal}, {@code alphaOrdinal}, {@code alphaInterval}.
 *
 * @param units the number of units both raters rated
 * @param unpaired the number of ratings (of either rater) whose unit the other did not rate; not used
 * @param confusion the first rater's categories (rows) against the second's (columns)
 * @param kappa Cohen's kappa, unweighted
 * @param linearKappa Cohen's kappa with linear weights
 * @param quadraticKappa Cohen's kappa with quadratic weights
 * @param alphaNominal Krippendorff's alpha, nominal metric
 * @param alphaOrdinal Krippendorff's alpha, ordinal metric
 * @param alphaInterval Krippendorff's alpha, interval metric
 */
public record PairAgreement(int units, int unpaired, ConfusionMatrix confusion, double kappa, double linearKappa,
        double quadraticKappa, double alphaNominal, double alphaOrdinal, double alphaInterval) {
}
