package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.price.Prices;
import io.github.empathy4j.core.TokenUsage;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
            description = "Print the calls left, their estimated tokens and cost (at batch prices with --batch) and"
                    + " the API keys a real run needs, without a key, a call or a write.")
    private boolean dryRun;

    /** What a dry run's clients read for an API key: never a key (too short to be taken for one by Secrets). */
    private static final String STAND_IN_KEY = "dry-run";

    private static final String PRICE_UNKNOWN = "price unknown";
    private static final String NO_BATCH_PRICE = "no batch price";

    private Pricing pricing;

    /** The variables a dry run's clients read their keys from, in order. */
    private final Set<String> keyVariables = new LinkedHashSet<>();

    /** Whether to estimate only. */
    boolean dryRun() {
        return dryRun;
    }

    /**
     * The model providers, with keys from the environment; for a dry run, every key variable reads as a stand-in
     * instead (never the key, set or not), so that the clients are built and the specs checked as a real run checks
     * them, without a key and without a call, and the estimate says which variables a real run needs.
     */
    ModelProviders providers() {
        if (!dryRun) {
            return ModelProviders.load();
        }
        return ModelProviders.load(Environment.of(variable -> {
            keyVariables.add(variable);
            return STAND_IN_KEY;
        }));
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

    /**
     * The JSON of a dry run.
     *
     * @param prices {@code standard}, or {@code batch} with {@code --batch}
     * @param priceUnknown the specs of the lines whose cost is unknown (no price, or no batch price)
     * @param keyVariables the variables a real run reads API keys from; {@code missingKeyVariables} those not set
     */
    record DryRun(String directory, long items, long done, long calls, String prices, List<Line> lines,
            String estimatedCostUsd, List<String> priceUnknown, List<String> keyVariables,
            List<String> missingKeyVariables) {
    }

    /**
     * One condition's or judge's calls left, priced.
     *
     * @param rate {@code standard}; with {@code --batch}, {@code batch} through the provider's batch API, or
     *     {@code standard: no batch API} for a model called at once; {@code no call} for no model call
     * @param cost the estimated cost in US dollars at that rate; {@code null} when unknown
     * @param costUnknown why the cost is unknown: {@code price unknown}, or {@code no batch price} for a model priced
     *     only at the standard rate; {@code null} when it is known
     */
    record Line(String name, String spec, long calls, long inputTokens, long outputTokens, Estimate.Basis basis,
            String rate, BigDecimal cost, String costUnknown) {
    }

    /**
     * Prints an estimate: a table of its lines, the total, and the API keys a real run needs (their variables' names,
     * never a value).
     *
     * @param batched with {@code --batch}, the names of the conditions or judges that go through batch APIs (priced
     *     at the batch price); {@code null} without it (standard prices)
     */
    void print(Output output, PrintWriter out, String what, Path directory, Estimate e, Set<String> batched) {
        List<Line> lines = e.lines().stream().map(l -> line(l, batched)).toList();
        List<Line> unknown = lines.stream().filter(l -> l.cost() == null).toList();
        BigDecimal known = lines.stream().map(Line::cost).filter(Objects::nonNull).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        Environment environment = Environment.system();
        List<String> missing = keyVariables.stream().filter(v -> !environment.isSet(v)).toList();
        if (output.json()) {
            Output.json(out, new DryRun(directory.toString(), e.total(), e.done(), e.calls(), batched == null
                    ? "standard" : "batch", lines, known.toPlainString(), unknown.stream().map(Line::spec).toList(),
                    List.copyOf(keyVariables), missing));
            return;
        }
        List<String> header = new ArrayList<>(List.of("name", "spec", "calls", "input tokens (est.)",
                "output tokens", "output from", "cost (est.)"));
        if (batched != null) {
            header.add(header.size() - 1, "rate");
        }
        List<List<String>> rows = lines.stream().map(l -> {
            List<String> row = new ArrayList<>(List.of(l.name(), l.spec(), Long.toString(l.calls()),
                    Long.toString(l.inputTokens()), Long.toString(l.outputTokens()), basis(l.basis()),
                    l.cost() != null ? dollars(l.cost()) : l.costUnknown()));
            if (batched != null) {
                row.add(row.size() - 1, l.rate());
            }
            return List.copyOf(row);
        }).toList();
        long noBatchPrice = unknown.stream().filter(l -> l.costUnknown().equals(NO_BATCH_PRICE)).count();
        long unpriced = unknown.size() - noBatchPrice;
        String without = Stream.of(unpriced == 0 ? null : Output.count(unpriced, "model") + " of unknown price",
                noBatchPrice == 0 ? null : Output.count(noBatchPrice, "model") + " without a batch price")
                .filter(Objects::nonNull).collect(Collectors.joining(" and "));
        String note = String.format(Locale.ROOT, "Dry run: %d of %d items left (%d done); nothing was called or"
                + " written. Input tokens are estimated as characters / 4; cached answers are counted as calls."
                + " Estimated cost %s: %s%s.", e.total() - e.done(), e.total(), e.done(), batched == null
                        ? "at standard prices" : "with --batch, at batch prices for the calls through batch APIs and"
                        + " at standard prices for the models called at once", dollars(known),
                without.isEmpty() ? "" : ", without " + without);
        output.tables(out, List.of(new Table(what + " " + directory + ": estimate", header, rows, note)));
        output.paragraph(out, keyVariables.isEmpty() ? "API keys: a real run needs none."
                : "API keys: a real run reads " + keyVariables.stream().map(v -> v + (missing.contains(v)
                        ? " (not set)" : " (set)")).collect(Collectors.joining(", ")) + "; the dry run needs none"
                        + (missing.isEmpty() ? "." : ". Set " + String.join(", ", missing) + " before the real run."));
    }

    /** An estimate's line at its rate: the batch price for a line through batches, else the standard price. */
    private Line line(Estimate.Line l, Set<String> batched) {
        if (l.basis() == Estimate.Basis.NO_CALL) {
            return line(l, "no call", l.cost());
        }
        if (batched == null) {
            return line(l, "standard", l.cost());
        }
        if (!batched.contains(l.name())) {
            return line(l, "standard: no batch API", l.cost());
        }
        BigDecimal cost = pricing().cost(l.spec(), null, new TokenUsage(l.inputTokens(), l.outputTokens()), true)
                .orElse(null);
        return new Line(l.name(), l.spec(), l.calls(), l.inputTokens(), l.outputTokens(), l.basis(), "batch", cost,
                cost != null ? null : l.cost() != null ? NO_BATCH_PRICE : PRICE_UNKNOWN);
    }

    private static Line line(Estimate.Line l, String rate, BigDecimal cost) {
        return new Line(l.name(), l.spec(), l.calls(), l.inputTokens(), l.outputTokens(), l.basis(), rate, cost,
                cost == null ? PRICE_UNKNOWN : null);
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
