package io.github.empathy4j.stats;

/**
 * The outcome of one significance test.
 *
 * <p>JSON fields: {@code statistic}, {@code df}, {@code p} (a {@link PValues} object). Non-finite numbers are
 * written as the strings {@code "NaN"} or {@code "Infinity"}.
 *
 * @param statistic the test statistic (chi-square, H, U, or the sample odds ratio for Fisher's test)
 * @param df degrees of freedom of the chi-square reference distribution; 0 for tests without one
 *     (Fisher, Mann-Whitney) and for undefined tests
 * @param p the p-value, raw and corrected within its family
 */
public record TestResult(double statistic, int df, PValues p) {

    /** A test alone in its family. */
    static TestResult of(double statistic, int df, double p) {
        return new TestResult(statistic, df, PValues.single(p));
    }

    /** A test whose statistic is undefined (for example a table with fewer than two non-empty rows). */
    static TestResult undefined() {
        return of(Double.NaN, 0, Double.NaN);
    }

    /** The same test with its p-value corrected in a family. */
    TestResult withP(PValues corrected) {
        return new TestResult(statistic, df, corrected);
    }
}
