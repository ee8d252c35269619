package io.github.empathy4j.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Compares a computed number with a reference value within a relative tolerance (absolute 1e-15 around zero);
 * NaN matches only NaN.
 */
public final class Near {

    /** The default relative tolerance against R or scipy values printed with 17 digits. */
    public static final double TOLERANCE = 1e-9;

    private Near() {
    }

    public static void near(double actual, double expected) {
        near(actual, expected, TOLERANCE);
    }

    public static void near(double actual, double expected, double relative) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else if (expected == 0) {
            assertThat(actual).isCloseTo(0, within(1e-15));
        } else {
            assertThat(actual).isCloseTo(expected, within(relative * Math.abs(expected)));
        }
    }
}
