/**
 * Agreement between raters, to judge an LLM judge against human raters: Cohen's kappa (unweighted, linear and
 * quadratic weights) with its confusion matrix, Fleiss' kappa and Krippendorff's alpha (nominal, ordinal, interval;
 * missing values allowed); and {@link io.github.empathy4j.stats.agreement.Calibration}, a judge's agreement with the
 * crowd together with whether it ranks the conditions as the crowd did.
 *
 * <pre>{@code
 * PairAgreement a = Agreement.between(crowdRatings, judgeRatings, RatingScale.STUDY.single());
 * System.out.printf(Locale.ROOT, "%d units: kappa %.2f, quadratic %.2f, alpha (ordinal) %.2f%n",
 *         a.units(), a.kappa(), a.quadraticKappa(), a.alphaOrdinal());
 *
 * double alpha = Agreement.krippendorffAlpha(new double[][] {{1, 1, Double.NaN}, {2, 3, 2}},
 *         Agreement.Metric.ORDINAL);
 *
 * Calibration calibration = Calibration.of(crowdRatings, judgeRatings, RatingScale.STUDY.single());
 * System.out.println(calibration.crowdOrderByMean() + " vs " + calibration.judgeOrderByMean());
 * }</pre>
 */
package io.github.empathy4j.stats.agreement;
