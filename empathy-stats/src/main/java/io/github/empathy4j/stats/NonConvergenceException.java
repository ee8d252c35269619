package io.github.empathy4j.stats;

import io.github.empathy4j.core.EmpathyException;

/** A model fit whose optimiser did not reach a (local) optimum; the message says which step failed and how. */
public class NonConvergenceException extends EmpathyException {

    public NonConvergenceException(String message) {
        super(message);
    }
}
