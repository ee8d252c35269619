package io.github.empathy4j.examples.cli;

import io.github.empathy4j.stats.ChiSquarePower;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code empathy power}: sample size or power of a chi-square test, as G*Power computes them. */
@Command(name = "power", sortOptions = false,
        header = "Sample size or power of a chi-square test (G*Power's).",
        description = {"Sample size for a chi-square test of a contingency table (or goodness of fit) with Cohen's"
                + " effect size w; with --n, the power of that sample size instead. The defaults are the study's"
                + " (w 0.3, alpha 0.05, power 0.95, df 8 for five conditions by three levels: N = 253)."},
        footer = {"", "Examples:", "  empathy power", "  empathy power --w 0.3 --alpha 0.05 --power 0.95 --df 8",
                "  empathy power --w 0.1 --df 2 --n 500"})
final class PowerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Option(names = "--w", paramLabel = "W", defaultValue = "0.3",
            description = "Cohen's effect size w: 0.1 small, 0.3 medium, 0.5 large (default: ${DEFAULT-VALUE}).")
    private double w;

    @Option(names = "--alpha", paramLabel = "ALPHA", defaultValue = "0.05",
            description = "Significance level (default: ${DEFAULT-VALUE}).")
    private double alpha;

    @Option(names = "--power", paramLabel = "POWER", defaultValue = "0.95",
            description = "Wanted power, for the sample size (default: ${DEFAULT-VALUE}).")
    private double power;

    @Option(names = "--df", paramLabel = "DF", defaultValue = "8",
            description = "Degrees of freedom: (rows - 1)(columns - 1) (default: ${DEFAULT-VALUE}).")
    private int df;

    @Option(names = "--n", paramLabel = "N", description = "A sample size whose power to compute.")
    private Long n;

    /** The JSON output; {@code solvedFor} is {@code n} or {@code power}. */
    record Result(double w, int df, double alpha, double power, long n, String solvedFor) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Result result;
        try {
            if (n == null) {
                long size = ChiSquarePower.sampleSize(w, df, alpha, power);
                result = new Result(w, df, alpha, ChiSquarePower.power(w, size, df, alpha), size, "n");
            } else {
                result = new Result(w, df, alpha, ChiSquarePower.power(w, n, df, alpha), n, "power");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (output.json()) {
            Output.json(out, result);
        } else if (result.solvedFor().equals("n")) {
            out.printf(Locale.ROOT, "N = %d observations reach power %s (exactly %.4f) for w = %s, df = %d,"
                    + " alpha = %s%n", result.n(), power, result.power(), w, df, alpha);
        } else {
            out.printf(Locale.ROOT, "power = %.4f with N = %d observations for w = %s, df = %d, alpha = %s%n",
                    result.power(), result.n(), w, df, alpha);
        }
        return 0;
    }
}
