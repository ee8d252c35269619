package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.crowd.AttentionCheck;
import io.github.empathy4j.core.crowd.CrowdImport;
import io.github.empathy4j.core.crowd.CrowdStudy;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.core.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code empathy batches}: a crowd study as the 2024 study ran it, exported for raters and imported back. */
@Command(name = "batches", sortOptions = false,
        header = "Crowd studies: export blinded batches, import the returned ratings.",
        subcommands = {BatchesCommand.Export.class, BatchesCommand.Import.class},
        description = "Crowd studies between subjects: export a run's replies in blinded batches (one per "
                + "participant), then import the returned ratings into the run's ratings.jsonl.",
        footer = {"", "Examples:",
                "  empathy batches export --run runs/first --out study --size 10 --seed 7",
                "  empathy batches import --study study --ratings returned.csv --run runs/first"})
final class BatchesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: prints the usage, a usage error (exit 2). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    /** {@code empathy batches export}. */
    @Command(name = "export", sortOptions = false,
            header = "Write a run's replies as blinded batches for a crowd platform.",
            description = {"Splits each condition's replies into seeded batches balanced over emotions and writes "
                    + "them blinded (opaque batch and item ids, items shuffled, the question and levels included) "
                    + "into OUT/export/.",
                "The key from item ids to conditions and dialogues stays in OUT/key.json: keep it private."},
            footer = {"", "Example:",
                    "  empathy batches export --run runs/first --out study --size 10 --seed 7 \\",
                    "      --export-format csv"})
    static final class Export implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run's folder.")
        private Path run;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The study folder to create.")
        private Path out;

        @Option(names = "--size", defaultValue = "10", description = "Items per batch at most (default: ${DEFAULT-VALUE}).")
        private int size;

        @Option(names = "--seed", defaultValue = "1", description = "The design's seed (default: ${DEFAULT-VALUE}).")
        private long seed;

        @Option(names = "--scale", defaultValue = "study", paramLabel = "ID",
                description = "The rating scale, one-dimensional (default: ${DEFAULT-VALUE}).")
        private String scale;

        @Option(names = "--export-format", defaultValue = "both", paramLabel = "csv|json|both",
                description = "The export's format (default: ${DEFAULT-VALUE}).")
        private String format;

        @Option(names = "--dataset", paramLabel = "FILE",
                description = "The dialogues, when the run folder has no dialogues.jsonl.")
        private Path dataset;

        @Override
        public Integer call() {
            PrintWriter console = spec.commandLine().getOut();
            Set<CrowdStudy.Format> formats = switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> EnumSet.of(CrowdStudy.Format.CSV);
                case "json" -> EnumSet.of(CrowdStudy.Format.JSON);
                case "both" -> EnumSet.allOf(CrowdStudy.Format.class);
                default -> throw new IllegalArgumentException("--export-format '" + format
                        + "' is not valid; expected csv, json or both");
            };
            List<Dialogue> dialogues = new RunFolder(run).dialogues(dataset).dialogues();
            List<Reply> replies = new RunFolder(run).replies();
            CrowdStudy study = CrowdStudy.design(dialogues, replies, RatingScale.builtIn(scale), size, seed);
            study.save(out);
            Path export = out.resolve("export");
            study.export(export, dialogues, replies, formats);
            console.printf(Locale.ROOT, "%s of at most %s for %s (%s).%n",
                    Output.count(study.batches().size(), "batch"), Output.count(size, "item"),
                    Output.count(study.conditions().size(), "condition"), Output.count(study.items(), "item"));
            console.printf(Locale.ROOT, "Key (keep private): %s%n", out.resolve(CrowdStudy.KEY_FILE));
            for (CrowdStudy.Format f : formats) {
                console.printf(Locale.ROOT, "Export: %s%n",
                        export.resolve(f == CrowdStudy.Format.CSV ? CrowdStudy.CSV_FILE : CrowdStudy.JSON_FILE));
            }
            console.printf(Locale.ROOT, "Return the ratings as CSV with the columns %s (other columns may "
                    + "follow).%n", String.join(", ", CrowdImport.COLUMNS));
            return 0;
        }
    }

    /** {@code empathy batches import}. */
    @Command(name = "import", sortOptions = false,
            header = "Check and import the crowd's ratings into the run's ratings.jsonl.",
            description = {"Checks the crowd's returned ratings against the study's key (every item rated once, "
                    + "values on the scale, each participant in one condition, every batch complete) and appends "
                    + "the valid ones to the run's ratings.jsonl (rater: participant, batch: batch id).",
                "Without --lenient any problem stops the import and nothing is written."},
            footer = {"", "Example:",
                    "  empathy batches import --study study --ratings returned.csv --run runs/first \\",
                    "      --attention check1=3 --lenient"})
    static final class Import implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--study", required = true, paramLabel = "DIR", description = "The study folder (key.json).")
        private Path study;

        @Option(names = "--ratings", required = true, paramLabel = "FILE",
                description = "The returned ratings: CSV with participant, item, value (+ other columns).")
        private Path ratings;

        @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run's folder.")
        private Path run;

        @Option(names = "--attention", paramLabel = "RULE",
                description = "Exclude participants failing an attention check, such as check1=3 or check1=3|4; "
                        + "repeatable.")
        private List<String> attention = List.of();

        @Option(names = "--lenient", description = "Import the valid ratings and report the problems.")
        private boolean lenient;

        @SuppressWarnings("try") // the lock is held for the block, not used in it
        @Override
        public Integer call() {
            try (RunDirectory.Lock lock = RunDirectory.open(run).lock()) {
                return importRatings();
            }
        }

        /** Imports the ratings, holding the run folder's lock. */
        private Integer importRatings() {
            PrintWriter console = spec.commandLine().getOut();
            List<AttentionCheck> checks = attention.stream().map(AttentionCheck::parse).toList();
            CrowdImport.Result result = CrowdImport.read(CrowdStudy.load(study), ratings, checks,
                    lenient ? ErrorPolicy.LENIENT : ErrorPolicy.STRICT);
            console.println(result.report().summary());
            for (CrowdImport.IncompleteBatch gap : result.incomplete()) {
                console.printf(Locale.ROOT, "Incomplete: batch %s (%s), %d of %s rated.%n", gap.batch(),
                        gap.condition(), gap.rated(), Output.count(gap.size(), "item"));
            }
            int appended = RatingJournal.append(run.resolve(RatingJournal.FILE_NAME), result.ratings());
            console.printf(Locale.ROOT, "Imported %s into %s (%d were there already); %s excluded.%n",
                    Output.count(appended, "rating"), run.resolve(RatingJournal.FILE_NAME),
                    result.ratings().size() - appended, Output.count(result.excluded().size(), "participant"));
            return 0;
        }
    }
}
