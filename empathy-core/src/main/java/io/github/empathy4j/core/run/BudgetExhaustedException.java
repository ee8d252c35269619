package io.github.empathy4j.core.run;

import io.github.empathy4j.core.EmpathyException;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A run or rating stopped at its {@linkplain Run.Builder#budget budget}: no call started whose worst case did not
 * fit, the calls in flight finished and were journaled, and the items left are in the failures file with the reason
 * {@code budget}. The same run with a larger budget resumes.
 */
public final class BudgetExhaustedException extends EmpathyException {

    private static final long serialVersionUID = 1L;

    /** The budget, in US dollars. */
    private final BigDecimal budget;
    /** What the folder's journal has spent, in US dollars, this execution's calls included. */
    private final BigDecimal spent;

    /**
     * @param budget the budget in US dollars
     * @param spent what the journal has spent, in US dollars
     * @param message what stopped, where the results are and how to resume
     */
    public BudgetExhaustedException(BigDecimal budget, BigDecimal spent, String message) {
        super(message);
        this.budget = Objects.requireNonNull(budget, "budget");
        this.spent = Objects.requireNonNull(spent, "spent");
    }

    /** The budget, in US dollars. */
    public BigDecimal budget() {
        return budget;
    }

    /** What the folder's journal has spent, in US dollars, this execution's calls included. */
    public BigDecimal spent() {
        return spent;
    }
}
