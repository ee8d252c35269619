package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ModelPreset;
import io.github.empathy4j.adapters.ModelProviders;
import io.github.empathy4j.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code empathy models}: the model providers, their key variables (set or not, never the value) and the presets. */
@Command(name = "models", sortOptions = false,
        header = "The model providers, their API key variables and the model presets.",
        description = {"Lists the model providers on the class path, the environment variable each reads its API"
                + " key from (whether it is set, never its value), and the model presets: the study's four under"
                + " their names, and today's models; a retired one names the nearest current one.",
                "A model is named by a spec, provider:model?key=value&... (options: baseUrl, temperature, seed,"
                        + " maxTokens, timeout, apiKeyEnv; for azure-openai endpoint and apiVersion), or by a"
                        + " preset name."},
        footer = {"", "Examples:", "  empathy models", "  empathy models --format json"})
final class ModelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Output output;

    /** The JSON output. */
    record Result(List<Provider> providers, List<Preset> presets) {
    }

    /** A provider: its id, key variable (or null when it needs none), whether that is set, its presets. */
    record Provider(String provider, String keyVariable, boolean keySet, List<String> presets) {
    }

    /**
     * A preset: its short name, full name (the paper's for the study's), the spec it stands for, whether it is one
     * of the study's, and for a retired one the preset to use instead (else null).
     */
    record Preset(String name, String paperName, String spec, boolean study, String successor) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Provider> providers = ModelProviders.load().list().stream()
                .map(s -> new Provider(s.provider(), s.keyVariable().orElse(null), s.keySet(),
                        s.presets().stream().map(ModelPreset::shortName).toList()))
                .toList();
        List<Preset> presets = Arrays.stream(ModelPreset.values())
                .map(p -> new Preset(p.shortName(), p.paperName(), p.spec().toString(), p.study(),
                        p.successor().map(ModelPreset::shortName).orElse(null))).toList();
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
                new Table("Presets", List.of("preset", "name", "spec", "note"), presets.stream()
                        .map(p -> List.of(p.name(), p.paperName(), p.spec(), note(p))).toList(),
                        "Use a preset where a spec is expected, with options if needed: gpt-4?temperature=0.")));
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
