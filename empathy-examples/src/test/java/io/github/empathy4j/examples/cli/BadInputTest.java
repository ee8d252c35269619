package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.dataset.DialogueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Input that used to pass silently (or fail as a crash) is a usage error (exit 2) or a clear failure. */
class BadInputTest {

    @TempDir
    Path dir;

    private Path dataset() {
        return Cli.writeDialogues(dir.resolve("dialogues.jsonl"), Cli.dialogues(2));
    }

    private Cli.Outcome run(String... options) {
        List<String> args = new ArrayList<>(List.of("run", dataset().toString(), "--out", dir.resolve("run")
                .toString()));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--sample 0 --model echo:v1                        | --sample must be at least 1",
        "--sample -3 --model echo:v1                       | --sample must be at least 1",
        "--sample 65 --model echo:v1                       | --sample 65 is more than the 64 dialogues",
        "--rpm -1 --model echo:v1                          | --rpm and --tpm must be 0 (no limit) or more",
        "--tpm -5 --model echo:v1                          | --rpm and --tpm must be 0 (no limit) or more",
        "--concurrency 0 --model echo:v1                   | --concurrency must be at least 1",
        "--concurrency echo=0 --model echo:v1              | --concurrency must be at least 1 (--concurrency was echo=0)",
        "--rpm echo=-2 --model echo:v1                     | --rpm and --tpm must be 0 (no limit) or more (--rpm was echo=-2)",
        "--tpm Echo:5 --model echo:v1                      | write N or PROVIDER=N",
        "--patience soon --model echo:v1                   | --patience must be a duration such as 90s, 10m or 1h",
        "--model openai:gpt-4?temperature=3                | option temperature=3 in model spec openai:gpt-4",
        "--model openai:gpt-4?temperature                  | needs the form key=value",
        "--model echo:v1 --judge echo:j?temperature=2.5    | option temperature=2.5"})
    void anInvalidOptionValueIsAUsageErrorBeforeAnyWork(String options, String message) {
        Cli.Outcome outcome = run(options.strip().split("\\s+"));

        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("empathy: ").contains(message)
                .contains("Run 'empathy run --help' for usage.");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void aDatasetWithoutDialoguesIsAUsageError() throws IOException {
        Path headerOnly = Files.writeString(dir.resolve("train.csv"),
                "conv_id,utterance_idx,context,prompt,speaker_idx,utterance,selfeval,tags\n");

        Cli.Outcome outcome = Cli.run("run", headerOnly.toString(), "--model", "echo:v1", "--out",
                dir.resolve("run").toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).contains(headerOnly + " holds no dialogues");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void aPromptFileWithoutTheSpeakersMessageIsRejectedNamingThePlaceholders() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Path fixed = Files.writeString(dir.resolve("fixed.txt"), "Be nice in {max_words} words.");

        for (Path prompt : List.of(empty, fixed)) {
            Cli.Outcome outcome = run("--model", "echo:v1", "--prompt-file", prompt.toString());

            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.err()).startsWith("empathy: " + prompt + ": ").contains("{speaker_utterance}",
                    "{situation}", "{history}");
        }
        assertThat(dir.resolve("run").resolve("responses.jsonl")).doesNotExist();
    }

    @Test
    void aSampleThatCannotBeBalancedIsProportionalAndSaysSo() throws IOException {
        List<Dialogue> dialogues = new ArrayList<>(Cli.dialogues(3).dialogues());
        dialogues.removeIf(d -> d.id().matches("sad-[01]"));
        Path file = Cli.writeDialogues(dir.resolve("uneven.jsonl"), DialogueSet.of(dialogues));

        Cli.Outcome outcome = Cli.run("run", file.toString(), "--sample", "64", "--model", "echo:v1", "--out",
                dir.resolve("run").toString(), "--format", "json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err()).contains("94 dialogues cannot give 64 balanced over their 32 emotions (the fewest"
                + " has 1)", "proportional");
        assertThat(outcome.json().get("dialogues").asInt()).isEqualTo(64);
        assertThat(Files.readString(dir.resolve("run").resolve("run.json")))
                .contains("stratified sample of 64 with seed 1, proportional to the emotions' sizes");
    }

    @Test
    void messagesSpeakInCommandLineTermsNotInLibraryOrJavaClasses() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), Files.readString(dataset()) + "{not json\n");
        Path file = Files.writeString(dir.resolve("a-file"), "");
        TestRuns.create(dir.resolve("run"));

        Cli.Outcome strictRun = Cli.run("run", bad.toString(), "--model", "echo:v1", "--out",
                dir.resolve("other").toString());
        Cli.Outcome strictExport = Cli.run("batches", "export", "--run", dir.resolve("run").toString(), "--out",
                dir.resolve("study").toString(), "--dataset", bad.toString());
        Cli.Outcome notAFolder = Cli.run("run", dataset().toString(), "--model", "echo:v1", "--out", file.toString());
        Cli.Outcome manyDimensions = Cli.run("batches", "export", "--run", dir.resolve("run").toString(), "--out",
                dir.resolve("study").toString(), "--scale", "epitome");

        assertThat(strictRun.err()).contains(bad + ":65:", "run again with --lenient");
        assertThat(strictExport.err()).contains(bad + ":65:").doesNotContain("lenient");
        assertThat(notAFolder.err()).startsWith("empathy: " + file + " is a file, not a folder");
        for (Cli.Outcome outcome : List.of(strictRun, strictExport, notAFolder, manyDimensions)) {
            assertThat(outcome.exitCode()).as(outcome.err()).isNotZero();
            assertThat(outcome.err()).startsWith("empathy: ").doesNotContain("ErrorPolicy", "Exception", "Source:",
                    "REDACTED", "\tat ");
        }
    }
}
