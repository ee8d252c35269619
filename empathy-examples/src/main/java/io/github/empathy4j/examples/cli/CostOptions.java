package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.price.Prices;
import io.github.empathy4j.core.run.Estimate;
import io.github.empathy4j.core.run.PairwiseRun;
import io.github.empathy4j.core.run.Pricing;
import io.github.empathy4j.core.run.RatingRun;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.report.Table;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The cost options of {@code run}, {@code rate} and {@code pairwise}: {@code --prices FILE} (default:
 * {@code $EMPATHY_PRICES}), {@code --budget USD} and {@code --dry-run}; and how costs and estimates are shown.
 */
final class CostOptions {

    /** Exit code of a run or rating stopped at its budget: resumable with a larger one. */
    static final int BUDGET_EXIT = 4;

    @Option(names = "--prices", paramLabel = "FILE", defaultValue = "${env:" + Prices.FILE_VARIABLE + "}",
            description = "A price file that extends and overrides the built-in price table (see 'empathy models');"
                    + " default: the file $" + Prices.FILE_VARIABLE + " names, if set.")
    private Path prices;

    @Option(names = "--budget", paramLabel = "USD",
            description = "Stop cleanly before the folder's journal would have cost more than USD dollars, this"
                    + " session and earlier ones together (exit " + BUDGET_EXIT + "; run again with a larger budget to"
                    + " resume). Every model needs a price and a maxTokens option.")
    private String budget;

    @Option(names = "--dry-run",
            description = "Print the calls left and their estimated tokens and cost, without a call or a write.")
    private boolean dryRun;

    private Pricing pricing;

    /** Whether to estimate only. */
    boolean dryRun() {
        return dryRun;
    }

    /** The price table's pricing, the user's file on top. */
    Pricing pricing() {
        if (pricing == null) {
            pricing = (prices == null ? Prices.load() : Prices.load().withOverrides(prices)).pricing();
        }
        return pricing;
    }

    /**
     * Checks the options against the specs that will be called: usage errors (exit 2) before any work.
     *
     * @param specs the models' and judges' specs or presets, options included
     */
    void check(CommandLine cli, List<String> specs) {
        BigDecimal limit = budget(cli);
        if (limit == null) {
            return;
        }
        for (String spec : specs) {
            pricing().unbounded(spec).ifPresent(reason -> {
                throw new ParameterException(cli, "--budget: " + reason + " (see 'empathy models' and --prices)");
            });
        }
    }

    private BigDecimal budget(CommandLine cli) {
        if (budget == null) {
            return null;
        }
        if (!budget.strip().matches("\\d{1,12}(\\.\\d{1,12})?")) {
            throw new ParameterException(cli, "--budget must be US dollars such as 5 or 2.50 (it was " + budget + ")");
        }
        return new BigDecimal(budget.strip());
    }

    /** Sets pricing and budget on a run. */
    void apply(CommandLine cli, Run.Builder run) {
        run.pricing(pricing()).budget(budget(cli));
    }

    /** Sets pricing and budget on a rating. */
    void apply(CommandLine cli, RatingRun.Builder rating) {
        rating.pricing(pricing()).budget(budget(cli));
    }

    /** Sets pricing and budget on a pairwise judging. */
    void apply(CommandLine cli, PairwiseRun.Builder pairwise) {
        pairwise.pricing(pricing()).budget(budget(cli));
    }

    /**
     * What one judge's calls in a journal cost, in a command's JSON output.
     *
     * @param rater the judge's name (its spec)
     * @param costUsd the exact sum of the known costs, as a plain decimal string
     * @param unpriced the calls whose cost is unknown, counted apart
     */
    record JudgeCost(String rater, String costUsd, int unpriced) {

        /** A judge's spend. */
        static JudgeCost of(String judge, Spend spend) {
            return new JudgeCost(judge, spend.known().toPlainString(), spend.unpriced());
        }

        /** The spend it records. */
        Spend spend() {
            return new Spend(new BigDecimal(costUsd), unpriced);
        }
    }

    /** A table of what each judge's calls cost, and the total. */
    static Table judgeCosts(String title, List<JudgeCost> costs) {
        return new Table(title, List.of("judge", "cost USD"), costs.stream().map(c -> List.of(c.rater(),
                c.spend().toString())).toList(), "Spent in all: " + costs.stream().map(JudgeCost::spend)
                .reduce(Spend.NONE, Spend::plus) + "; calls without a known price are counted apart.");
    }

    /** Dollars to show: to a millionth, rounded up, such as {@code $0.012346}. */
    static String dollars(BigDecimal amount) {
        return "$" + Pricing.dollars(amount);
    }

    /**
     * Known costs added up exactly, and the calls without one counted apart.
     *
     * @param known the sum of the known costs in US dollars
     * @param unpriced the calls whose cost is unknown
     */
    record Spend(BigDecimal known, int unpriced) {

        /** Nothing yet. */
        static final Spend NONE = new Spend(BigDecimal.ZERO, 0);

        /** With one more call's cost, {@code null} when unknown. */
        Spend plus(BigDecimal cost) {
            return cost == null ? new Spend(known, unpriced + 1) : new Spend(known.add(cost), unpriced);
        }

        /** Both together. */
        Spend plus(Spend other) {
            return new Spend(known.add(other.known), unpriced + other.unpriced);
        }

        /** The known sum to show, and the unpriced calls apart: {@code $0.012346 + 3 unpriced}; never $0 for them. */
        @Override
        public String toString() {
            if (unpriced == 0) {
                return dollars(known);
            }
            return known.signum() == 0 ? unpriced + " unpriced" : dollars(known) + " + " + unpriced + " unpriced";
        }
    }

    /** The JSON of a dry run. */
    record DryRun(String directory, long items, long done, long calls, List<Estimate.Line> lines,
            String estimatedCostUsd, List<String> priceUnknown) {
    }

    /** Prints an estimate: a table of its lines and the total at standard prices. */
    static void print(Output output, PrintWriter out, String what, Path directory, Estimate e) {
        if (output.json()) {
            Output.json(out, new DryRun(directory.toString(), e.total(), e.done(), e.calls(), e.lines(),
                    e.knownCost().toPlainString(), e.unpriced().stream().map(Estimate.Line::spec).toList()));
            return;
        }
        List<List<String>> rows = e.lines().stream().map(l -> List.of(l.name(), l.spec(), Long.toString(l.calls()),
                Long.toString(l.inputTokens()), Long.toString(l.outputTokens()), basis(l.basis()),
                l.cost() == null ? "price unknown" : dollars(l.cost()))).toList();
        String note = String.format(Locale.ROOT, "Dry run: %d of %d items left (%d done); nothing was called or"
                + " written. Input tokens are estimated as characters / 4; cached answers are counted as calls."
                + " Estimated cost at standard prices: %s%s.", e.total() - e.done(), e.total(), e.done(),
                dollars(e.knownCost()), e.unpriced().isEmpty() ? ""
                        : ", without " + Output.count(e.unpriced().size(), "model") + " of unknown price");
        output.tables(out, List.of(new Table(what + " " + directory + ": estimate", List.of("name", "spec", "calls",
                "input tokens (est.)", "output tokens", "output from", "cost (est.)"), rows, note)));
    }

    private static String basis(Estimate.Basis basis) {
        return switch (basis) {
            case MAX_TOKENS -> "maxTokens";
            case JOURNAL_MEAN -> "journal mean";
            case DEFAULT -> "default";
            case NO_CALL -> "no call";
        };
    }
}
