package io.github.empathy4j.study;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.crowd.CrowdStudy;
import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.core.run.Answer;
import io.github.empathy4j.core.run.Condition;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.core.run.RunDirectory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small run with two conditions of distinctive names, and its crowd study in batches of two. */
final class StudyFixture {

    /** The conditions: names that no page text contains by chance. */
    static final List<String> CONDITIONS = List.of("zorblax-model-alpha", "quuxify-model-beta");

    /** The model ids the conditions' answers record. */
    static final List<String> MODELS = List.of("zorblax-7b-instruct", "quuxify-13b-chat");

    final Path run;
    final Path study;
    final CrowdStudy crowd;
    final List<String> dialogueIds = new ArrayList<>();

    /** Makes the run of {@code dialogues} dialogues and a study with batches of {@code batchSize}. */
    StudyFixture(Path dir, int dialogues, int batchSize) {
        this.run = dir.resolve("run");
        this.study = dir.resolve("study");
        List<Dialogue> list = new ArrayList<>();
        for (int i = 0; i < dialogues; i++) {
            Emotion e = Emotion.values()[i % Emotion.values().length];
            String id = String.format(Locale.ROOT, "hit:9%02d_conv:secret%02d", i, i);
            dialogueIds.add(id);
            list.add(Dialogue.opening(id, e, "Situation number " + i + ": I felt " + e.label() + ".",
                    "Something " + e.label() + " happened to me, story " + i + ".", "A human reply " + i));
        }
        Run.builder().outputDirectory(run).dialogues(list)
                .condition(Condition.of(CONDITIONS.get(0), d -> Answer.of("That sounds hard. Tell me more about "
                        + "story " + d.speakerUtterance().length() + ".", MODELS.get(0))))
                .condition(Condition.of(CONDITIONS.get(1), d -> Answer.of("I hear you; that must have felt "
                        + "overwhelming.", MODELS.get(1))))
                .build().execute();
        RunDirectory folder = RunDirectory.open(run);
        crowd = CrowdStudy.design(folder.dialogues().dialogues(), folder.replies(), RatingScale.STUDY, batchSize, 7);
        crowd.save(study);
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-27T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
