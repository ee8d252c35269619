package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ModelPreset;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.adapters.price.Price;
import io.github.empathy4j.adapters.price.Prices;
import io.github.empathy4j.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code empathy models}: the model providers, their key variables (set or not, never the value) and the presets. */
@Command(name = "models", sortOptions = false,
        header = "The model providers, their API key variables, the model presets and their prices.",
        description = {"Lists the model providers on the class path, the environment variable each reads its API"
                + " key from (whether it is set, never its value), and the model presets: the study's four under"
                + " their names, and today's models; a retired one names the nearest current one; each preset's price in US dollars per"
                + " million input / output tokens (and through the provider's batch API), or \"price unknown\".",
                "A model is named by a spec, provider:model?key=value&... (options: baseUrl, temperature, seed,"
                        + " maxTokens, timeout, apiKeyEnv; for azure-openai endpoint and apiVersion), or by a"
                        + " preset name."},
        footer = {"", "Examples:", "  empathy models", "  empathy models --format json",
                "  empathy models --prices my-prices.csv"})
final class ModelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    @Option(names = "--prices", paramLabel = "FILE", defaultValue = "${env:" + Prices.FILE_VARIABLE + "}",
            description = {"A price file that extends and overrides the built-in price table (the columns of "
                    + Prices.HEADER + "); default: the file the environment variable " + Prices.FILE_VARIABLE
                    + " names, if set."})
    private Path prices;

    /** The JSON output. */
    record Result(List<Provider> providers, List<Preset> presets) {
    }

    /** A provider: its id, key variable (or null when it needs none), whether that is set, its presets. */
    record Provider(String provider, String keyVariable, boolean keySet, List<String> presets) {
    }

    /**
     * A preset: its short name, full name (the paper's for the study's), the spec it stands for, whether it is one
     * of the study's, for a retired one the preset to use instead (else null), and its price (null when unknown).
     */
    record Preset(String name, String paperName, String spec, boolean study, String successor, PresetPrice price) {
    }

    /**
     * A model's price in US dollars per million tokens: input, output, and through the batch API (null when
     * unknown); the date it was checked.
     */
    record PresetPrice(BigDecimal input, BigDecimal output, BigDecimal batchInput, BigDecimal batchOutput, String checked) {

        static PresetPrice of(Price p) {
            return new PresetPrice(p.input(), p.output(), p.batch().map(Price.Rates::input).orElse(null),
                    p.batch().map(Price.Rates::output).orElse(null), p.checked().toString());
        }

        @Override
        public String toString() {
            String text = String.format(Locale.ROOT, "$%s / $%s", input.toPlainString(), output.toPlainString());
            return batchInput == null ? text : text + String.format(Locale.ROOT, " (batch $%s / $%s)",
                    batchInput.toPlainString(), batchOutput.toPlainString());
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Provider> providers = ModelProviders.load().list().stream()
                .map(s -> new Provider(s.provider(), s.keyVariable().orElse(null), s.keySet(),
                        s.presets().stream().map(ModelPreset::shortName).toList()))
                .toList();
        Prices table = prices == null ? Prices.load() : Prices.load().withOverrides(prices);
        List<Preset> presets = Arrays.stream(ModelPreset.values())
                .map(p -> new Preset(p.shortName(), p.paperName(), p.spec().toString(), p.study(),
                        p.successor().map(ModelPreset::shortName).orElse(null),
                        table.price(p.spec().provider(), p.spec().model()).map(PresetPrice::of).orElse(null))).toList();
        if (output.json()) {
            Output.json(out, new Result(providers, presets));
            return 0;
        }
        output.tables(out, List.of(
                new Table("Providers", List.of("provider", "key variable", "key", "presets"), providers.stream()
                        .map(p -> List.of(p.provider(), p.keyVariable() == null ? "-" : p.keyVariable(),
                                p.keyVariable() == null ? "not needed" : p.keySet() ? "set" : "NOT SET",
                                p.presets().isEmpty() ? "-" : String.join(", ", p.presets())))
                        .toList(), "Keys are read from the environment only; set a variable, or"
                        + " name another with the spec option apiKeyEnv=NAME."),
                new Table("Presets", List.of("preset", "name", "spec", "USD per 1M tokens in / out", "note"),
                        presets.stream().map(p -> List.of(p.name(), p.paperName(), p.spec(),
                                p.price() == null ? "price unknown" : p.price().toString(), note(p))).toList(),
                        "Use a preset where a spec is expected, with options if needed: gpt-4?temperature=0."
                                + " Prices as published by the providers, checked on the date in the price table"
                                + " (--format json); extend or override them with --prices FILE.")));
        return 0;
    }

    private static String note(Preset preset) {
        String study = preset.study() ? "the study's" : "";
        if (preset.successor() == null) {
            return study.isEmpty() ? "-" : study;
        }
        return study + "; retired: use " + preset.successor();
    }
}
