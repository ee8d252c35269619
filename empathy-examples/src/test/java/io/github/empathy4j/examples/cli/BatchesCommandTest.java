package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.crowd.CrowdStudy;
import io.github.empathy4j.core.run.RatingJournal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchesCommandTest {

    @TempDir
    Path dir;

    private Path run;
    private Path study;

    @BeforeEach
    void setUp() {
        run = dir.resolve("run");
        study = dir.resolve("study");
        TestRuns.create(run);
    }

    private Cli.Outcome export(String... more) {
        List<String> args = new ArrayList<>(List.of("batches", "export", "--run", run.toString(), "--out", study.toString(),
                "--size", "5", "--seed", "9"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Every item rated Good by its batch's participant, with an attention answer. */
    private Path returned(String attention) throws IOException {
        List<String> rows = new ArrayList<>(List.of("participant,item,value,check1"));
        for (CrowdStudy.Batch b : CrowdStudy.load(study).batches()) {
            b.items().forEach(i -> rows.add("p-" + b.id() + "," + i.id() + ",Good," + attention));
        }
        Path file = dir.resolve("returned.csv");
        Files.write(file, rows, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void exportsBlindedBatchesAndImportsTheReturnedRatingsOnce() throws IOException {
        Cli.Outcome exported = export();

        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("6 batches of at most 5 items for 2 conditions (24 items)")
                .contains("key.json").contains("batches.csv").contains("batches.json");
        String csv = Files.readString(study.resolve("export").resolve(CrowdStudy.CSV_FILE));
        assertThat(csv).doesNotContain("echo,").doesNotContain("t03").contains("b006");

        Cli.Outcome imported = Cli.run("batches", "import", "--study", study.toString(),
                "--ratings", returned("3").toString(), "--run", run.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("24 records read, none skipped").contains("Imported 24 ratings");
        List<Rating> ratings = RatingJournal.read(run.resolve(RatingJournal.FILE_NAME));
        assertThat(ratings).hasSize(24).allSatisfy(r -> {
            assertThat(r.value()).isEqualTo(3);
            assertThat(r.rater()).isEqualTo("p-" + r.batch());
        });
        assertThat(ratings).extracting(Rating::condition).containsOnly("human", "echo");

        Cli.Outcome again = Cli.run("batches", "import", "--study", study.toString(),
                "--ratings", returned("3").toString(), "--run", run.toString());
        assertThat(again.out()).contains("Imported 0 ratings").contains("(24 were there already)");
    }

    @Test
    void aStrictImportWithProblemsWritesNothingAndALenientOneKeepsTheValidRatings() throws IOException {
        export("--export-format", "csv");
        assertThat(study.resolve("export").resolve(CrowdStudy.JSON_FILE)).doesNotExist();
        Path file = returned("3");
        List<String> rows = new ArrayList<>(Files.readAllLines(file));
        rows.set(3, rows.get(3).replace(",Good,", ",Great,"));
        Files.write(file, rows, StandardCharsets.UTF_8);

        Cli.Outcome strict = Cli.run("batches", "import", "--study", study.toString(),
                "--ratings", file.toString(), "--run", run.toString());
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.err()).contains("returned.csv:4: column 'value': 'Great' is not valid");
        assertThat(run.resolve(RatingJournal.FILE_NAME)).doesNotExist();

        String firstParticipant = rows.get(1).substring(0, rows.get(1).indexOf(','));
        List<String> withFailedCheck = rows.stream().map(r -> r.startsWith(firstParticipant + ",")
                ? r.substring(0, r.lastIndexOf(',')) + ",1" : r).toList();
        Files.write(file, withFailedCheck, StandardCharsets.UTF_8);
        Cli.Outcome lenient = Cli.run("batches", "import", "--study", study.toString(),
                "--ratings", file.toString(), "--run", run.toString(), "--attention", "check1=3", "--lenient");
        assertThat(lenient.exitCode()).as(lenient.err()).isZero();
        assertThat(lenient.out()).contains("Participant " + firstParticipant + " was excluded by attention check "
                + "check1=3").contains("Incomplete: batch").contains("1 participant excluded");
        // the bad value was the excluded participant's: only their four ratings are missing
        assertThat(RatingJournal.read(run.resolve(RatingJournal.FILE_NAME))).hasSize(24 - 4)
                .noneMatch(r -> r.rater().equals(firstParticipant));
    }

    @Test
    void withoutASubcommandItShowsTheUsage() {
        Cli.Outcome bare = Cli.run("batches");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("export").contains("import");
    }
}
