package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.rating.Combination;

import java.nio.file.Path;
import java.util.List;

/**
 * A child process for {@link KillTest}: rates {@code count} replies with a panel of two raters that take 20 ms a
 * call, two calls at a time each, into the folder given, until killed.
 */
final class SlowRatingMain {

    private SlowRatingMain() {
    }

    static RatingRun rating(Path directory, int count, Rater a, Rater b) {
        List<Dialogue> dialogues = Fixtures.dialogues(count);
        List<Reply> replies = dialogues.stream().map(d -> Reply.recorded("model", d.id(), Fixtures.answerText(d)))
                .toList();
        return RatingRun.builder().outputDirectory(directory).dialogues(dialogues).replies(replies).concurrency(2)
                .rater("a", a).rater("b", b).combine(Combination.MAJORITY, "panel").build();
    }

    static Rater slow(int value) {
        return (d, r, dim) -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new Score(value, "slow " + value);
        };
    }

    public static void main(String[] args) {
        rating(Path.of(args[0]), Integer.parseInt(args[1]), slow(1), slow(3)).execute();
    }
}
