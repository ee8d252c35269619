package io.github.empathy4j.examples.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.crowd.CrowdStudy;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.examples.FakeOpenAi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writing commands in two real processes on one run folder: whichever holds the folder, every other writing
 * command is refused with one line naming the folder and the holder's pid, exit 1, and changes nothing.
 */
class TwoProcessesTest {

    static final FakeOpenAi FAKE = new FakeOpenAi();

    @RegisterExtension
    static final WireMockExtension SERVER = FAKE.server();

    @TempDir
    Path dir;

    private Path run;
    private Path study;
    private Path returned;

    @BeforeEach
    void setUp() throws IOException {
        FakeOpenAi.stub(SERVER);
        run = dir.resolve("run");
        study = dir.resolve("study");
        TestRuns.create(run);
        assertThat(Cli.run("batches", "export", "--run", run.toString(), "--out", study.toString(), "--size", "5")
                .exitCode()).isZero();
        List<String> rows = new ArrayList<>(List.of("participant,item,value"));
        for (CrowdStudy.Batch b : CrowdStudy.load(study).batches()) {
            b.items().forEach(i -> rows.add("p-" + b.id() + "," + i.id() + ",Good"));
        }
        returned = Files.write(dir.resolve("returned.csv"), rows, StandardCharsets.UTF_8);
    }

    private String model(String name) {
        return "openai-compatible:" + name + "?baseUrl=" + SERVER.baseUrl() + "/v1";
    }

    /** Every writing command on {@code folder}, as arguments. */
    private List<List<String>> writers(Path folder) {
        Path dataset = Cli.writeDialogues(dir.resolve("dataset.jsonl"), Cli.dialogues(1));
        return List.of(
                List.of("run", dataset.toString(), "--model", "echo:v1", "--out", folder.toString()),
                List.of("rate", "--run", folder.toString(), "--judge", model("judge")),
                List.of("batches", "import", "--study", study.toString(), "--ratings", returned.toString(), "--run",
                        folder.toString()),
                List.of("report", folder.toString()),
                List.of("repair", folder.toString()));
    }

    private static Process child(Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), EmpathyCli.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Each file of the folder with its bytes, the lock file aside. */
    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(RunDirectory.LOCK)) {
                    files.put(folder.relativize(p).toString(), new String(Files.readAllBytes(p),
                            StandardCharsets.ISO_8859_1));
                }
            }
        }
        return files;
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    @Test
    void whileThisProcessHoldsTheFolderEveryWritingCommandOfAnotherIsRefused() throws Exception {
        Map<String, String> before = contents(run);
        String busy = "empathy: another empathy process (pid " + ProcessHandle.current().pid() + ") is writing "
                + run + "; wait for it to finish, or use another folder";
        try (RunDirectory.Lock lock = RunDirectory.open(run).lock()) {
            List<List<String>> writers = writers(run);
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < writers.size(); i++) {
                children.add(child(dir.resolve("child-" + i + ".log"), writers.get(i)));
            }
            for (int i = 0; i < writers.size(); i++) {
                Path log = dir.resolve("child-" + i + ".log");
                assertThat(children.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(children.get(i).exitValue()).as(writers.get(i) + ": " + Files.readString(log)).isEqualTo(1);
                assertThat(Files.readAllLines(log)).as(writers.get(i).toString()).containsExactly(busy);
            }
        }
        assertThat(contents(run)).isEqualTo(before);
    }

    @Test
    void whileAnotherProcessRatesOrRunsEveryWritingCommandOfThisOneIsRefused() throws Exception {
        for (String holder : List.of("rate", "run")) {
            CountDownLatch called = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            FAKE.model("slow", prompt -> {
                called.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return prompt.contains("The listener's response to rate:") ? FakeOpenAi.rating("Okay") : "I see.";
            });
            Path folder = holder.equals("rate") ? run : dir.resolve("new-run");
            Path dataset = Cli.writeDialogues(dir.resolve("holder.jsonl"), Cli.dialogues(1));
            List<String> args = holder.equals("rate")
                    ? List.of("rate", "--run", folder.toString(), "--judge", model("slow"), "--concurrency", "1")
                    : List.of("run", dataset.toString(), "--model", model("slow"), "--out", folder.toString(),
                            "--concurrency", "1");
            Path log = dir.resolve("holder-" + holder + ".log");
            Process child = child(log, args);
            try {
                assertThat(called.await(120, TimeUnit.SECONDS)).as(holder).isTrue();
                String busy = "empathy: another empathy process (pid " + child.pid() + ") is writing " + folder
                        + "; wait for it to finish, or use another folder";
                for (List<String> writer : writers(folder)) {
                    Cli.Outcome refused = Cli.run(writer.toArray(String[]::new));
                    assertThat(refused.exitCode()).as(holder + " / " + writer).isEqualTo(1);
                    assertThat(refused.err().lines()).as(holder + " / " + writer).containsExactly(busy);
                }
            } finally {
                release.countDown();
                assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(child.exitValue()).as(Files.readString(log)).isZero();
            RunDirectory written = RunDirectory.open(folder);
            if (holder.equals("rate")) {
                assertThat(written.ratings()).hasSize(24).extracting(Rating::value).containsOnly(2);
            } else {
                assertThat(written.replies()).hasSize(64).extracting(Reply::condition).containsOnly("human", "slow");
            }
        }
    }
}
