package io.github.empathy4j.core.run;

import io.github.empathy4j.core.ConfigurationException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An execution's budget in US dollars ({@link Run.Builder#budget}): what the journal already spent, what this
 * execution's calls spent, and the worst cases reserved by the calls in flight. A call starts only when its worst
 * case fits beside the spent and the reserved; a call that does not fit waits while others are in flight (their
 * reservations settle to their real, lower, cost), and stops the execution when none is. The spent, the reserved
 * and the worst case together never pass the limit, so neither does the spent.
 *
 * <p>A call's worst case is {@link Engine.Unit#worstUsage} (its input tokens at most and the spec's {@code maxTokens})
 * at the spec's price. Settling: a call that succeeded is charged its journaled cost (its reservation when unknown);
 * one refused with HTTP 429 nothing (not served); any other failed call its whole reservation, since the provider
 * may have charged for it and its usage is lost.
 */
final class Budget {

    /** What a reservation came to. */
    enum Reserved { YES, WAIT, NO }

    private final BigDecimal limit;
    private final Pricing pricing;
    private final List<Engine.Unit<?>> parked = new ArrayList<>();
    private BigDecimal spent = BigDecimal.ZERO;
    private BigDecimal reserved = BigDecimal.ZERO;
    private int reservations;
    private long unknownBefore;

    Budget(BigDecimal limit, Pricing pricing) {
        this.limit = limit;
        this.pricing = pricing;
    }

    /**
     * A builder's budget in dollars, checked: {@code null} (no budget) or not negative.
     *
     * @throws IllegalArgumentException when it is negative
     */
    static BigDecimal checked(BigDecimal dollars) {
        if (dollars != null && dollars.signum() < 0) {
            throw new IllegalArgumentException("a budget must not be negative, was " + dollars);
        }
        return dollars;
    }

    /** Counts a journaled record's cost; {@code null} (unknown) counts as nothing, see {@link #unknownBefore()}. */
    synchronized void journaled(BigDecimal cost) {
        if (cost == null) {
            unknownBefore++;
        } else {
            spent = spent.add(cost);
        }
    }

    /** Journaled records whose cost is unknown, counted as nothing. */
    synchronized long unknownBefore() {
        return unknownBefore;
    }

    /** What was spent: the journal's known costs and this execution's settled calls. */
    synchronized BigDecimal spent() {
        return spent;
    }

    /**
     * Checks that calls of a spec can be bounded, before any call.
     *
     * @throws ConfigurationException naming the model when it has no price or no {@code maxTokens}
     */
    void check(String spec) {
        pricing.unbounded(spec).ifPresent(reason -> {
            throw new ConfigurationException(reason);
        });
    }

    /** The most the call can cost; zero for a call that costs nothing (no model behind it). */
    BigDecimal worstCase(Engine.Unit<?> u) {
        String spec = u.pricedSpec();
        if (spec == null) {
            return BigDecimal.ZERO;
        }
        check(spec);
        return pricing.cost(spec, null, u.worstUsage(pricing.maxOutputTokens(spec).getAsLong()), false)
                .orElseThrow();
    }

    /** Reserves the call's worst case when it fits; else parks it while other reservations are pending. */
    synchronized Reserved reserve(Engine.Unit<?> u, BigDecimal worst) {
        if (spent.add(reserved).add(worst).compareTo(limit) <= 0) {
            reserved = reserved.add(worst);
            reservations++;
            return Reserved.YES;
        }
        if (reservations > 0) {
            parked.add(u);
            return Reserved.WAIT;
        }
        return Reserved.NO;
    }

    /**
     * Settles a reservation to the call's real cost ({@code null}: charged the whole reservation) and returns the
     * parked calls, to try again.
     */
    synchronized List<Engine.Unit<?>> settle(BigDecimal reservation, BigDecimal real) {
        reserved = reserved.subtract(reservation);
        reservations--;
        spent = spent.add(real == null ? reservation : real);
        List<Engine.Unit<?>> again = List.copyOf(parked);
        parked.clear();
        return again;
    }

    /** The parked calls, removed: for a stop. */
    synchronized List<Engine.Unit<?>> drain() {
        List<Engine.Unit<?>> drained = List.copyOf(parked);
        parked.clear();
        return drained;
    }

    /** The stop when a call's worst case does not fit and nothing is in flight. */
    synchronized BudgetExhaustedException exhausted(BigDecimal worst) {
        return new BudgetExhaustedException(limit, spent, String.format(Locale.ROOT, "budget: $%s of the $%s "
                + "budget spent, and the next call may cost up to $%s; run again with a larger budget to resume",
                Pricing.dollars(spent), limit.toPlainString(), Pricing.dollars(worst)));
    }
}
