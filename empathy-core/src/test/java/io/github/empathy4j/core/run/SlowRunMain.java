package io.github.empathy4j.core.run;

import java.nio.file.Path;

/**
 * A child process for {@link KillTest}: runs {@code count} dialogues with a respondent that takes
 * 20 ms a call, at concurrency 4, into the folder given, until killed.
 */
final class SlowRunMain {

    private SlowRunMain() {
    }

    static Run run(Path directory, int count, Respondent respondent) {
        return Run.builder().outputDirectory(directory).dialogues(Fixtures.dialogues(count)).concurrency(4)
                .condition(Condition.of("slow", respondent)).build();
    }

    public static void main(String[] args) {
        run(Path.of(args[0]), Integer.parseInt(args[1]), d -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Answer.of(Fixtures.answerText(d), "slow-1");
        }).execute();
    }
}
