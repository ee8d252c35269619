package io.github.empathy4j.adapters.price;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;

/**
 * What calls cost in US dollars, exactly: {@code tokens × price per million / 1,000,000} with no rounding, so that
 * the sum of many calls is the cost of their summed tokens. Round only to show it ({@link #toString()}).
 *
 * <p>Why {@link BigDecimal} and not whole micro-dollars: prices per million tokens have cents and fractions of
 * cents ($0.075), so one token costs a fraction of a micro-dollar, and rounding each call would drift over the
 * thousands of calls of a run.
 *
 * @param input the cost of the input tokens
 * @param output the cost of the output tokens
 */
public record Cost(BigDecimal input, BigDecimal output) {

    /** Nothing spent. */
    public static final Cost ZERO = new Cost(BigDecimal.ZERO, BigDecimal.ZERO);

    public Cost {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (input.signum() < 0 || output.signum() < 0) {
            throw new IllegalArgumentException("a cost must not be negative: " + input + ", " + output);
        }
    }

    /** Input plus output, in US dollars. */
    public BigDecimal total() {
        return input.add(output);
    }

    /** The sum of this cost and another. */
    public Cost plus(Cost other) {
        return new Cost(input.add(other.input), output.add(other.output));
    }

    /** The total in dollars to six decimals (a millionth of a dollar), such as {@code $0.012345}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "$%s", total().setScale(6, RoundingMode.HALF_UP).toPlainString());
    }
}
