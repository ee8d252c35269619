package io.github.empathy4j.stats;

import static io.github.empathy4j.stats.Near.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PowerTest {

    @Test
    void noncentralChiSquareMatchesPchisq() {
        // R: pchisq(q, df, ncp=lambda) and pchisq(q, df, ncp=lambda, lower.tail=FALSE)
        // scipy: ncx2.sf(15.507313055865451, 8, 22.77) -> 0.9502587559229385; ncx2.cdf(100, 10, 80) -> 0.7188501588275349
        double[][] cases = {
            {15.507313055865451, 8, 22.77, 0.049741244077061687, 0.95025875592293829},
            {3, 2, 1, 0.62064365321954396, 0.3793563467804561},
            {0.5, 1, 0.3, 0.45854655631597052, 0.54145344368402948},
            {100, 10, 80, 0.71885015882753245, 0.28114984117246755},
            {600, 20, 500, 0.95803669725826646, 0.041963302741733544},
            {1, 5, 0, 0.03743422675270363, 0.96256577324729642},
            {50, 3, 2, 0.99999996054578444, 3.9454215568212785e-08}};
        for (double[] c : cases) {
            near(NoncentralChiSquare.cdf(c[0], c[1], c[2]), c[3], 1e-8);
            near(NoncentralChiSquare.survival(c[0], c[1], c[2]), c[4], 1e-8);
        }
        assertThat(NoncentralChiSquare.cdf(0, 3, 2)).isZero();
    }

    @Test
    void noncentralChiSquareWithAHugeNoncentrality() {
        // R: pchisq(1e6, 3, ncp=1e6+3e3) -> 0.066823271242831758 (upper 0.933176728757168172);
        // scipy: ncx2.cdf(1e6, 3, 1e6+3e3) -> 0.06682327125853225 (the two differ by 2e-10)
        near(NoncentralChiSquare.cdf(1e6, 3, 1e6 + 3e3), 0.066823271242831758, 1e-8);
        near(NoncentralChiSquare.survival(1e6, 3, 1e6 + 3e3), 0.933176728757168172, 1e-8);
        // R: pchisq(1e4, 2, ncp=10) -> 1, lower.tail=FALSE -> 0; scipy ncx2.sf(1e4, 2, 10) -> 0.0
        assertThat(NoncentralChiSquare.cdf(1e4, 2, 10)).isEqualTo(1.0);
        // Exact: P(X <= infinity) = 1 whatever the noncentrality
        assertThat(NoncentralChiSquare.cdf(Double.POSITIVE_INFINITY, 2, 1e12)).isEqualTo(1.0);
        assertThat(NoncentralChiSquare.survival(Double.POSITIVE_INFINITY, 2, 1e12)).isEqualTo(0.0);
        assertThat(NoncentralChiSquare.survival(0, 2, 1e12)).isEqualTo(1.0);
        // Commons' central chi-square with 1e13 degrees of freedom does not converge near 1e13: a clear error
        assertThatThrownBy(() -> NoncentralChiSquare.survival(1e13, 2, 1e13))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of reach");
        near(NoncentralChiSquare.survival(1e4, 2, 10), 0);
    }

    @Test
    void powerStaysRightWhenTheNoncentralityPassesTwoToThe32() {
        // R: pchisq(qchisq(0.95, 1), 1, ncp=5e9, lower.tail=FALSE) -> 1 (0.0 here before: the Poisson mode was an int)
        near(ChiSquarePower.power(1.0, 5_000_000_000L, 1, 0.05), 1.0, 1e-15);
        // R: pchisq(qchisq(0.95, 1), 1, ncp=60, lower.tail=FALSE) -> 0.99999999639594739; the same lambda from a
        // large n: 6e9 * 1e-8
        near(ChiSquarePower.power(1e-4, 6_000_000_000L, 1, 0.05), 0.99999999639594739, 1e-9);
        near(ChiSquarePower.power(Math.sqrt(60), 1, 1, 0.05), 0.99999999639594739, 1e-9);
        for (long n = 1L << 31; n < 1L << 40; n = n * 3 / 2) {
            near(ChiSquarePower.power(1.0, n, 8, 0.05), 1.0, 1e-15);
        }
    }

    @Test
    void reproducesTheStudysPowerAnalysis() {
        // R: cr <- qchisq(0.95, 8); pchisq(cr, 8, ncp = N * 0.09, lower.tail = FALSE)
        //    N = 252 -> 0.9493682822, N = 253 -> 0.9502587559
        near(ChiSquarePower.power(0.3, 252, 8, 0.05), 0.9493682822, 1e-9);
        near(ChiSquarePower.power(0.3, 253, 8, 0.05), 0.9502587559, 1e-9);
        assertThat(ChiSquarePower.sampleSize(PublishedResults.POWER_EFFECT_SIZE, PublishedResults.POWER_DEGREES_OF_FREEDOM,
                PublishedResults.POWER_ALPHA, PublishedResults.POWER)).isEqualTo(PublishedResults.POWER_SAMPLE_SIZE);
        // G*Power's textbook case; R: smallest N with pchisq(qchisq(0.95,2), 2, ncp=N*0.01, lower.tail=FALSE) >= 0.8
        //    -> 964 (N = 963: 0.7997953185, N = 964: 0.8002316358)
        assertThat(ChiSquarePower.sampleSize(0.1, 2, 0.05, 0.8)).isEqualTo(964);
        near(ChiSquarePower.power(0.1, 964, 2, 0.05), 0.8002316358, 1e-9);
    }

    @Test
    void twoProportionPowerMatchesR() {
        // R: power.prop.test(n=100, p1=0.5, p2=0.65, strict=TRUE)$power -> 0.57450186368009704
        near(ChiSquarePower.twoProportions(0.5, 0.65, 100, 100, 0.05, false), 0.57450186368009704);
        near(ChiSquarePower.twoProportions(0.65, 0.5, 100, 100, 0.05, false), 0.57450186368009704);
        // R: power.prop.test(n=2000, p1=0.493, p2=0.53, sig.level=0.01, strict=TRUE)$power -> 0.40699387903220285
        near(ChiSquarePower.twoProportions(0.493, 0.53, 2000, 2000, 0.01, false), 0.40699387903220285);
        // Unequal groups and Yates' correction: pw() of two-proportion-power.R (Rscript, in src/test/resources/...)
        // pw(0.3,0.45,80,150,0.05,0) -> 0.60370103662616748; cc=1 -> 0.54631536523525981;
        // pw(0.6,0.4,1000,400,0.05,1) -> 0.99999937409850315
        near(ChiSquarePower.twoProportions(0.3, 0.45, 80, 150, 0.05, false), 0.60370103662616748);
        near(ChiSquarePower.twoProportions(0.3, 0.45, 80, 150, 0.05, true), 0.54631536523525981);
        near(ChiSquarePower.twoProportions(0.6, 0.4, 1000, 400, 0.05, true), 0.99999937409850315);
        // No difference: the uncorrected test rejects with probability alpha (exact arithmetic: 2 Phi(-z) = alpha)
        near(ChiSquarePower.twoProportions(0.4, 0.4, 50, 70, 0.05, false), 0.05);
        // Certain outcomes: 0/n1 against n2/n2 is always rejected with these sizes, 0 against 0 never
        assertThat(ChiSquarePower.twoProportions(0, 1, 20, 20, 0.05, true)).isEqualTo(1.0);
        assertThat(ChiSquarePower.twoProportions(0, 0, 20, 20, 0.05, false)).isEqualTo(0.0);
    }

    @Test
    void minimumDetectableDifferenceMatchesR() {
        // R: power.prop.test(n=320, p1=0.5, power=0.8, strict=TRUE, tol=1e-12)$p2 - 0.5 -> 0.10986919534407191
        near(ChiSquarePower.minimumDetectableDifference(0.5, 320, 320, 0.05, 0.8, false).orElseThrow(),
                0.10986919534407191);
        // R (two-proportion-power.R): uniroot(function(d) pw(0.3,0.3+d,80,150,0.05,1)-0.8, c(0.01,0.7),
        //    tol=1e-14)$root -> 0.19904760224455595; with cc=0 -> 0.18920063351821576
        near(ChiSquarePower.minimumDetectableDifference(0.3, 80, 150, 0.05, 0.8, true).orElseThrow(),
                0.19904760224455595);
        near(ChiSquarePower.minimumDetectableDifference(0.3, 80, 150, 0.05, 0.8, false).orElseThrow(),
                0.18920063351821576);
        // R: pw(0.9, 1, 5, 5, 0.05, 1) -> 0.0029093831974442465: nothing up to p2 = 1 is detectable
        assertThat(ChiSquarePower.minimumDetectableDifference(0.9, 5, 5, 0.05, 0.8, true)).isEmpty();
        assertThat(ChiSquarePower.minimumDetectableDifference(1, 500, 500, 0.05, 0.8, false)).isEmpty();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> ChiSquarePower.twoProportions(1.2, 0.5, 10, 10, 0.05, true))
                .hasMessageContaining("p1 1.2");
        assertThatThrownBy(() -> ChiSquarePower.twoProportions(0.2, 0.5, 10, 0, 0.05, true))
                .hasMessageContaining("n2 0");
        assertThatThrownBy(() -> ChiSquarePower.minimumDetectableDifference(0.2, 10, 10, 0.05, 0.01, true))
                .hasMessageContaining("power 0.01");
        assertThatThrownBy(() -> ChiSquarePower.power(0, 10, 1, 0.05)).hasMessageContaining("effect size w 0.0");
        assertThatThrownBy(() -> ChiSquarePower.sampleSize(0.3, 0, 0.05, 0.9)).hasMessageContaining("degrees of freedom 0");
        assertThatThrownBy(() -> ChiSquarePower.sampleSize(0.3, 2, 0.05, 0.01)).hasMessageContaining("power 0.01");
        assertThatThrownBy(() -> ChiSquarePower.sampleSize(1e-9, 2, 0.05, 0.9)).hasMessageContaining("needs more than");
    }
}
