package io.github.empathy4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's commands: the quick start, and every documented invocation that works offline (with the run
 * folders in a temporary directory and the shared data where the build finds it); the others, which need a key,
 * are parsed, so that their options exist.
 */
class ReadmeTest {

    private static final String JAR = "java -jar empathy-examples/target/empathy.jar";
    private static final Set<String> OFFLINE = Set.of("reproduce", "power", "models", "agreement");
    private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    /** The fenced blocks of one language, in order. */
    private static List<String> blocks(String markdown, String language) {
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            if (m.group(1).equals(language)) {
                blocks.add(m.group(2));
            }
        }
        return blocks;
    }

    /** Every {@code empathy ...} or {@code java -jar .../empathy.jar ...} line of the bash blocks, as arguments. */
    private static List<List<String>> invocations(String markdown) {
        List<List<String>> invocations = new ArrayList<>();
        for (String block : blocks(markdown, "bash")) {
            for (String line : block.lines().toList()) {
                String command = line.startsWith(JAR + " ") ? line.substring(JAR.length() + 1)
                        : line.startsWith("empathy ") ? line.substring("empathy ".length()) : null;
                if (command != null) {
                    invocations.add(Arrays.asList(command.strip().split("\\s+")));
                }
            }
        }
        return invocations;
    }

    /** The values of an invocation's {@code option}s. */
    private static Stream<String> values(List<String> invocation, String option) {
        return IntStream.range(1, invocation.size()).filter(i -> invocation.get(i - 1).equals(option))
                .mapToObj(invocation::get);
    }

    /** The run folders an invocation reads or writes: {@code --run}, {@code --out} and positional {@code runs/...}. */
    private static Set<String> folders(List<String> invocation) {
        Set<String> folders = new HashSet<>();
        for (int i = 1; i < invocation.size(); i++) {
            if (invocation.get(i).startsWith("runs/")) {
                folders.add(invocation.get(i));
            }
        }
        return folders;
    }

    @Test
    void theQuickStartIsTwoCommandsAndTheSecondPrintsTheStudy() throws IOException {
        String markdown = readme();
        String quickStart = markdown.substring(markdown.indexOf("## Quick start"));

        assertThat(blocks(quickStart, "bash").get(0).lines())
                .containsExactly("./mvnw -B verify", JAR + " reproduce");
        Cli.Outcome outcome = Cli.run("reproduce");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("96.77", "54.40", "42.36", "8.85");
    }

    @Test
    void thePastedTableIsWhatReproducePrints() throws IOException {
        String markdown = readme();
        String pasted = blocks(markdown.substring(markdown.indexOf("<!-- reproduce-output -->")), "text").get(0);

        assertThat(pasted).isEqualTo(Cli.run("reproduce").out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void thePastedPairwiseOutputIsWhatTheOfflineWalkthroughPrints() throws IOException {
        String markdown = readme();
        String section = markdown.substring(markdown.indexOf("### Pairwise judging"));
        String pasted = blocks(section, "text").get(0);
        Path release = Path.of(System.getProperty("empathy.shared.data", "../../shared/data"), "welivita-pu-2024",
                "dataset_and_ratings.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(release), "the release is not in the shared data");
        Path run = dir.resolve("runs/try");
        assertThat(Cli.run("run", release.toString(), "--sample", "32", "--model", "echo:v1", "--judge", "echo:judge",
                "--out", run.toString()).exitCode()).isZero();

        Cli.Outcome outcome = Cli.run("pairwise", "--run", run.toString(), "--judge", "echo:judge");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        List<String> printed = outcome.out().replace(System.lineSeparator(), "\n").lines().toList();
        assertThat(printed).containsSubsequence(pasted.lines().filter(l -> !l.isBlank()).toList());
    }

    /**
     * Runs every command of the README that needs no key, in order, as written (the offline walkthrough: run with
     * {@code echo:v1} and {@code echo:judge}, then compare and report); a command needs a key when it names a model
     * or judge other than {@code echo:...}, or reads a run folder such a command wrote. Those are parsed only.
     */
    @Test
    void everyOfflineCommandRunsAsWrittenAndTheOthersParse() throws IOException {
        String markdown = readme();
        Path csv = Files.writeString(dir.resolve("ratings.csv"), blocks(markdown, "csv").get(0));
        String shared = System.getProperty("empathy.shared.data", "../../shared/data");
        Set<String> commands = EmpathyCli.commandLine().getSubcommands().keySet();
        Set<String> offlineFolders = new HashSet<>();
        List<String> ran = new ArrayList<>();
        int parsed = 0;
        for (List<String> invocation : invocations(markdown)) {
            String[] args = invocation.stream().map(a -> a.replace("../shared/data", shared)
                    .replaceFirst("^runs/", dir.resolve("runs").toString() + "/")
                    .replaceFirst("^ratings\\.csv$", csv.toString())).toArray(String[]::new);
            String command = args[0];
            boolean echoOnly = Stream.concat(values(invocation, "--model"), values(invocation, "--judge"))
                    .allMatch(m -> m.startsWith("echo:"));
            boolean writes = command.equals("run");
            Set<String> folders = folders(invocation);
            boolean offline = OFFLINE.contains(command) || echoOnly && commands.contains(command)
                    && (writes || !folders.isEmpty() && offlineFolders.containsAll(folders))
                    && !command.equals("batches");
            if (offline) {
                Cli.Outcome outcome = Cli.run(args);
                assertThat(outcome.exitCode()).as(String.join(" ", invocation) + "\n" + outcome.err()).isZero();
                assertThat(outcome.out()).as(String.join(" ", invocation)).isNotBlank();
                if (writes) {
                    offlineFolders.addAll(folders);
                }
                ran.add(command);
            } else if (commands.contains(command)) {
                EmpathyCli.commandLine().parseArgs(args);
                parsed++;
            }
        }
        assertThat(ran).as("offline commands run").contains("run", "compare", "report").hasSizeGreaterThanOrEqualTo(9);
        assertThat(dir.resolve("runs/try/report/report.html")).exists();
        assertThat(parsed).as("other commands parsed").isGreaterThanOrEqualTo(5);
    }
}
