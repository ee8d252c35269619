package io.github.empathy4j.core.run;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Reply;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process for {@link KillTest}: one judge taking 20 ms a call, two calls at a time, compares a model's
 * replies with the human ones to {@code count / 2} dialogues in both orders ({@code count} verdicts), until killed.
 */
final class SlowPairwiseMain {

    private SlowPairwiseMain() {
    }

    static PairwiseRun judging(Path directory, int count, PairwiseJudge judge) {
        List<Dialogue> dialogues = Fixtures.dialogues(count / 2);
        List<Reply> replies = new ArrayList<>();
        for (Dialogue d : dialogues) {
            replies.add(Reply.recorded("human", d.id(), "Oh no."));
            replies.add(Reply.recorded("model", d.id(), Fixtures.answerText(d)));
        }
        return PairwiseRun.builder().outputDirectory(directory).dialogues(dialogues).replies(replies)
                .scheduling(RatingRun.builder().concurrency(2)).judge("j", judge, "acme").build();
    }

    static PairwiseJudge slow() {
        return (d, a, b) -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new Preference(a.length() >= b.length() ? Preference.Choice.A : Preference.Choice.B, "longer");
        };
    }

    public static void main(String[] args) {
        judging(Path.of(args[0]), Integer.parseInt(args[1]), slow()).execute();
    }
}
