package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.run.ResponseCache;
import io.github.empathy4j.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code empathy cache stats|prune}: what a response cache ({@code run --cache DIR}) holds, and deleting from it. */
@Command(name = "cache", sortOptions = false,
        header = "Show or prune a response cache (the folder given to run --cache).",
        description = {"The cache is one SQLite database, DIR/" + ResponseCache.FILE_NAME + ", shared by runs and"
                + " processes; sqlite3 opens it (table reply: key, spec, model, text, finish_reason, input_tokens,"
                + " output_tokens, latency_ms, attempts, time_ns)."},
        subcommands = {CacheCommand.Stats.class, CacheCommand.Prune.class},
        footer = {"", "Examples:", "  empathy cache stats ~/.cache/empathy4j",
                "  empathy cache prune ~/.cache/empathy4j --older-than 90d",
                "  empathy cache prune ~/.cache/empathy4j --model openai:gpt-4o --older-than 12h"})
final class CacheCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: stats or prune");
    }

    /** The cache folder, which must exist. */
    private static Path folder(CommandSpec spec, Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ParameterException(spec.commandLine(), "no cache folder " + directory);
        }
        return directory;
    }

    /** {@code empathy cache stats}. */
    @Command(name = "stats", sortOptions = false, header = "Show how many replies a cache holds, per spec.",
            description = {"Per spec (provider and model, as the runs named them): how many replies and when the"
                    + " oldest and newest arrived; and the size on disk."},
            footer = {"", "Examples:", "  empathy cache stats ~/.cache/empathy4j",
                    "  empathy cache stats ~/.cache/empathy4j --format json"})
    static final class Stats implements Runnable {

        @Spec
        private CommandSpec spec;

        @Mixin
        private Output output;

        @Parameters(index = "0", paramLabel = "DIR", description = "The cache folder.")
        private Path directory;

        /** The JSON output. */
        record Result(String file, long bytes, long entries, List<SpecResult> specs) {
        }

        /** One spec's replies; times as ISO-8601 instants. */
        record SpecResult(String spec, long entries, String oldest, String newest) {
        }

        @Override
        public void run() {
            ResponseCache.Stats stats;
            try (ResponseCache cache = ResponseCache.open(folder(spec, directory))) {
                stats = cache.stats();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Output.json(out, new Result(stats.file().toString(), stats.bytes(), stats.entries(), stats.specs()
                        .stream().map(s -> new SpecResult(s.spec(), s.entries(), s.oldest().toString(),
                                s.newest().toString())).toList()));
                return;
            }
            output.tables(out, List.of(new Table(String.format(Locale.ROOT, "Response cache %s: %s, %.1f MB",
                    stats.file(), Output.count(stats.entries(), "reply"), stats.bytes() / 1e6),
                    List.of("spec", "replies", "oldest", "newest"), stats.specs().stream().map(s -> List.of(s.spec(),
                            Long.toString(s.entries()), s.oldest().toString(), s.newest().toString())).toList(), "")));
        }
    }

    /** {@code empathy cache prune}. */
    @Command(name = "prune", sortOptions = false, header = "Delete replies from a cache, by age and/or by spec.",
            description = {"Deletes the replies that match every option given (older than AGE, of one of the"
                    + " SPECs), then compacts the file. Runs that need them call the model again. Give --older-than,"
                    + " --model or --all."},
            footer = {"", "Examples:", "  empathy cache prune ~/.cache/empathy4j --older-than 90d",
                    "  empathy cache prune ~/.cache/empathy4j --model openai:gpt-4o",
                    "  empathy cache prune ~/.cache/empathy4j --model echo:v1 --older-than 12h",
                    "  empathy cache prune ~/.cache/empathy4j --all"})
    static final class Prune implements Runnable {

        private static final Pattern AGE = Pattern.compile("(\\d{1,6})([dhm])");

        @Spec
        private CommandSpec spec;

        @Mixin
        private Output output;

        @Parameters(index = "0", paramLabel = "DIR", description = "The cache folder.")
        private Path directory;

        @Option(names = "--older-than", paramLabel = "AGE",
                description = "Only replies that arrived longer ago than AGE: days, hours or minutes, such as 90d,"
                        + " 12h or 30m.")
        private String olderThan;

        @Option(names = "--model", paramLabel = "SPEC",
                description = "Only replies of this spec, as 'cache stats' lists it (repeatable).")
        private List<String> models = List.of();

        @Option(names = "--all", description = "Every reply (no other option then).")
        private boolean all;

        /** The JSON output. */
        record Result(String file, long deleted, long left) {
        }

        @Override
        public void run() {
            if (all == (olderThan != null || !models.isEmpty())) {
                throw new ParameterException(spec.commandLine(), all ? "--all takes no --older-than or --model"
                        : "say what to delete: --older-than AGE, --model SPEC or --all");
            }
            Instant before = olderThan == null ? null : Instant.now().minus(age(olderThan));
            long deleted;
            ResponseCache.Stats left;
            try (ResponseCache cache = ResponseCache.open(folder(spec, directory))) {
                deleted = cache.prune(before, models);
                left = cache.stats();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Output.json(out, new Result(left.file().toString(), deleted, left.entries()));
            } else {
                out.printf(Locale.ROOT, "Deleted %s from %s; %d left (%.1f MB).%n", Output.count(deleted, "reply"),
                        left.file(), left.entries(), left.bytes() / 1e6);
            }
        }

        private Duration age(String text) {
            Matcher m = AGE.matcher(text);
            if (!m.matches()) {
                throw new ParameterException(spec.commandLine(), "--older-than: '" + text + "' is not an age; expected"
                        + " a whole number of days, hours or minutes, such as 90d, 12h or 30m");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
        }
    }
}
