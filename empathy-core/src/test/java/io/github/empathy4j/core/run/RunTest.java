package io.github.empathy4j.core.run;

import io.github.empathy4j.core.AuthenticationException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.ProviderException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.PromptTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunTest {

    @TempDir
    Path dir;

    private static Respondent echo(AtomicInteger calls) {
        return d -> {
            calls.incrementAndGet();
            return new Answer(Fixtures.answerText(d), FinishReason.STOP, "echo-1", new TokenUsage(10, 5));
        };
    }

    private static Condition modelCondition(String name, Map<String, String> parameters, Respondent respondent) {
        return new Condition(name, "fake:" + name, parameters, PromptTemplate.defaultTemplate(), respondent);
    }

    @Test
    void answersEveryDialogueUnderEveryConditionAndJournalsEachReply() {
        AtomicInteger calls = new AtomicInteger();
        List<Dialogue> dialogues = Fixtures.dialogues(12);
        RunResult result = Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(Condition.humanReference())
                .condition(modelCondition("echo", Map.of("temperature", "0.7"), echo(calls)))
                .build().execute();

        assertThat(result.answered()).isEqualTo(24);
        assertThat(result.complete()).isTrue();
        assertThat(calls).hasValue(12);
        List<Reply> replies = result.replies().toList();
        assertThat(replies).hasSize(24);
        Reply first = replies.stream().filter(r -> r.dialogueId().equals("d000") && r.condition().equals("human"))
                .findFirst().orElseThrow();
        assertThat(first.text()).isEqualTo("human reply 0");
        Reply second = replies.stream().filter(r -> r.dialogueId().equals("d000") && r.condition().equals("echo"))
                .findFirst().orElseThrow();
        assertThat(second.model()).isEqualTo("echo-1");
        assertThat(second.parameters()).containsEntry("temperature", "0.7");
        assertThat(second.usage()).isEqualTo(new TokenUsage(10, 5));
        assertThat(second.attempts()).isEqualTo(1);

        List<Reply> journal = ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME));
        assertThat(journal).containsExactlyElementsOf(replies);
        assertThat(Files.exists(dir.resolve(RunManifest.FILE_NAME))).isTrue();
    }

    @Test
    void neverHasMoreCallsInFlightThanTheConcurrency() {
        int concurrency = 4;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        // Each call waits until `concurrency` calls are in flight together, proving the bound is reached.
        CyclicBarrier together = new CyclicBarrier(concurrency);
        Respondent respondent = d -> {
            max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                together.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("calls did not meet", e);
            } finally {
                inFlight.decrementAndGet();
            }
            return Answer.of("ok", "m");
        };
        RunResult result = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(40))
                .condition(Condition.of("c", respondent)).concurrency(concurrency).build().execute();

        assertThat(result.failures()).isEmpty();
        assertThat(result.answered()).isEqualTo(40);
        assertThat(max).hasValue(concurrency);
    }

    @Test
    void recordsARefusalAsAReplyWithoutRetrying() {
        AtomicInteger calls = new AtomicInteger();
        Respondent refusing = d -> {
            calls.incrementAndGet();
            return new Answer("", FinishReason.CONTENT_FILTER, "m", TokenUsage.NONE);
        };
        RunResult result = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(3))
                .condition(Condition.of("c", refusing)).build().execute();

        assertThat(calls).hasValue(3);
        assertThat(result.failures()).isEmpty();
        assertThat(result.replies().toList()).allSatisfy(r -> {
            assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
            assertThat(r.attempts()).isEqualTo(1);
        });
    }

    @Test
    void recordsABadRequestAsAFailureAndGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        Respondent picky = d -> {
            calls.incrementAndGet();
            if (d.id().equals("d001")) {
                throw new ProviderException("HTTP 400: prompt too long", null, false, null);
            }
            return Answer.of("fine", "m");
        };
        RunResult result = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(3))
                .condition(Condition.of("c", picky)).build().execute();

        assertThat(calls).hasValue(3);
        assertThat(result.answered()).isEqualTo(2);
        assertThat(result.complete()).isFalse();
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.dialogueId()).isEqualTo("d001");
            assertThat(f.attempts()).isEqualTo(1);
            assertThat(f.error()).as("the library's message, without its class").isEqualTo("HTTP 400: prompt too long");
        });
        assertThat(Fixtures.lines(dir.resolve(Run.FAILURES_FILE))).singleElement().asString().contains("d001");
    }

    @Test
    void authenticationFailureStopsTheWholeRunAndAReRunResumes() {
        AtomicInteger calls = new AtomicInteger();
        Respondent rejected = d -> {
            calls.incrementAndGet();
            throw new AuthenticationException("HTTP 401: invalid key", null);
        };
        AtomicInteger good = new AtomicInteger();
        Run.Builder builder = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(10)).concurrency(1);
        // one lane (provider p), one call at a time: the first item answers, the second stops the run
        Run failing = builder.condition(new Condition("ok", "p:ok", Map.of(), null, echo(good)))
                .condition(new Condition("locked", "p:locked", Map.of(), null, rejected)).build();

        assertThatThrownBy(failing::execute).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("condition 'locked'").hasMessageContaining("HTTP 401")
                .hasMessageContaining("run the same command again");
        assertThat(calls).hasValue(1);
        assertThat(ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME))).hasSize(1);
        // failures.jsonl says why: the rejected item with its error, every other item as not answered
        List<String> failed = Fixtures.lines(dir.resolve(Run.FAILURES_FILE));
        assertThat(failed).hasSize(19);
        assertThat(failed).filteredOn(l -> l.contains("HTTP 401: invalid key") && l.contains("\"attempts\":1"))
                .hasSize(1).allSatisfy(l -> assertThat(l).contains("\"condition\":\"locked\""));
        assertThat(failed).filteredOn(l -> l.contains("not answered, the run stopped: condition 'locked'"))
                .hasSize(18);

        RunResult resumed = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(10)).concurrency(1)
                .condition(new Condition("ok", "p:ok", Map.of(), null, echo(good)))
                .condition(new Condition("locked", "p:locked", Map.of(), null, echo(new AtomicInteger())))
                .build().execute();
        assertThat(resumed.skipped()).isEqualTo(1);
        assertThat(resumed.answered()).isEqualTo(19);
        assertThat(good).hasValue(10);
    }

    @Test
    void aConfigurationProblemInARespondentStopsTheRun() {
        Respondent unconfigured = d -> {
            throw new ConfigurationException("environment variable OPENAI_API_KEY is not set");
        };
        Run run = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(50))
                .condition(Condition.of("c", unconfigured)).build();

        assertThatThrownBy(run::execute).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void noAnswerIsAFailureInPlainWords() {
        RunResult result = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(1))
                .condition(Condition.of("c", d -> null)).build().execute();

        assertThat(result.failures()).extracting(RunResult.Failure::error)
                .containsExactly("the respondent returned no answer");
    }

    @Test
    void anyOtherExceptionFailsOnlyItsItem() {
        Respondent buggy = d -> {
            if (d.id().equals("d002")) {
                throw new IllegalStateException("bug");
            }
            return Answer.of("ok", "m");
        };
        RunResult result = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(4))
                .condition(Condition.of("c", buggy)).build().execute();

        assertThat(result.answered()).isEqualTo(3);
        assertThat(result.failures()).extracting(RunResult.Failure::error)
                .containsExactly("IllegalStateException: bug");
    }

    @Test
    void theHumanReferenceAnswersOnlyTheDialoguesWithAHumanReply() {
        List<Dialogue> dialogues = new ArrayList<>(Fixtures.dialogues(2));
        Dialogue silent = Dialogue.opening("no-reply", dialogues.get(0).emotion(), "s", "u", null);
        dialogues.add(silent);
        List<Progress> events = Collections.synchronizedList(new ArrayList<>());
        RunResult result = Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(Condition.humanReference()).condition(Condition.of("m", echo(new AtomicInteger())))
                .progressListener(events::add).build().execute();

        assertThat(result.replies().toList()).filteredOn(r -> r.condition().equals("human")).extracting(Reply::text)
                .containsExactlyInAnyOrder("human reply 0", "human reply 1"); // journaled as they arrive
        assertThat(result.replies().toList()).filteredOn(r -> r.condition().equals("m")).hasSize(3);
        assertThat(result.failures()).isEmpty();
        assertThat(events.get(0).total()).isEqualTo(5);
    }

    @Test
    void aCacheHitMakesNoCall(@TempDir Path cache) {
        AtomicInteger calls = new AtomicInteger();
        List<Dialogue> dialogues = Fixtures.dialogues(5);
        RunResult first = Run.builder().outputDirectory(dir.resolve("one")).dialogues(dialogues).cacheDirectory(cache)
                .condition(modelCondition("m", Map.of("temperature", "0"), echo(calls))).build().execute();
        assertThat(calls).hasValue(5);

        RunResult second = Run.builder().outputDirectory(dir.resolve("two")).dialogues(dialogues).cacheDirectory(cache)
                .condition(modelCondition("m", Map.of("temperature", "0"), echo(calls))).build().execute();

        assertThat(calls).hasValue(5);
        assertThat(second.cached()).isEqualTo(5);
        assertThat(second.answered()).isZero();
        assertThat(second.replies().toList()).extracting(Reply::text)
                .containsExactlyInAnyOrderElementsOf(first.replies().map(Reply::text).toList());
        assertThat(ReplyJournal.read(dir.resolve("two").resolve(ReplyJournal.FILE_NAME))).hasSize(5);
    }

    @Test
    void theCacheKeyCoversTheParametersAndTheCacheCanBeOff(@TempDir Path cache) {
        AtomicInteger calls = new AtomicInteger();
        List<Dialogue> dialogues = Fixtures.dialogues(3);
        Run.builder().outputDirectory(dir.resolve("a")).dialogues(dialogues).cacheDirectory(cache)
                .condition(modelCondition("m", Map.of("temperature", "0"), echo(calls))).build().execute();
        Run.builder().outputDirectory(dir.resolve("b")).dialogues(dialogues).cacheDirectory(cache)
                .condition(modelCondition("m", Map.of("temperature", "1"), echo(calls))).build().execute();
        assertThat(calls).hasValue(6);

        Run.builder().outputDirectory(dir.resolve("c")).dialogues(dialogues)
                .condition(modelCondition("m", Map.of("temperature", "0"), echo(calls))).build().execute();
        assertThat(calls).hasValue(9);
    }

    @Test
    void reRunningSkipsAnsweredItemsRetriesFailedOnesAndNeverDuplicates() {
        AtomicInteger calls = new AtomicInteger();
        Respondent halfBroken = d -> {
            calls.incrementAndGet();
            if (Integer.parseInt(d.id().substring(1)) % 2 == 1) {
                throw new ProviderException("HTTP 400", null, false, null);
            }
            return Answer.of(Fixtures.answerText(d), "m");
        };
        List<Dialogue> dialogues = Fixtures.dialogues(10);
        RunResult first = Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(Condition.of("c", halfBroken)).build().execute();
        assertThat(first.answered()).isEqualTo(5);
        assertThat(first.failed()).isEqualTo(5);
        assertThat(Fixtures.lines(dir.resolve(Run.FAILURES_FILE))).hasSize(5);

        calls.set(0);
        RunResult second = Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(Condition.of("c", echo(calls))).build().execute();
        assertThat(second.skipped()).isEqualTo(5);
        assertThat(second.answered()).isEqualTo(5);
        assertThat(calls).hasValue(5);
        assertThat(second.replies().toList()).hasSize(10);
        assertThat(Fixtures.lines(dir.resolve(Run.FAILURES_FILE))).isEmpty();

        RunResult third = Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(Condition.of("c", echo(calls))).build().execute();
        assertThat(third.skipped()).isEqualTo(10);
        assertThat(calls).hasValue(5);
        List<Reply> journal = ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME));
        assertThat(Fixtures.uniqueKeys(journal)).hasSize(10);
    }

    @Test
    void refusesToResumeARunWithOtherParameters() {
        List<Dialogue> dialogues = Fixtures.dialogues(2);
        Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(modelCondition("m", Map.of("temperature", "0.7"), echo(new AtomicInteger())))
                .build().execute();

        Run other = Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(modelCondition("m", Map.of("temperature", "1.0"), echo(new AtomicInteger()))).build();

        assertThatThrownBy(other::execute).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("condition 'm' has another parameters")
                .hasMessageContaining("\"temperature\":\"0.7\"").hasMessageContaining("\"temperature\":\"1.0\"");
    }

    @Test
    void refusesToResumeWithOtherDialoguesOrPrompt() {
        AtomicInteger calls = new AtomicInteger();
        Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(3))
                .condition(modelCondition("m", Map.of(), echo(calls))).build().execute();

        assertThatThrownBy(() -> Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(4))
                .condition(modelCondition("m", Map.of(), echo(calls))).build().execute())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("the dialogues differ")
                .hasMessageContaining("run.json has 3 dialogues");
        Condition otherPrompt = new Condition("m", "fake:m", Map.of(),
                PromptTemplate.of("mine", "", "{speaker_utterance}"), echo(calls));
        assertThatThrownBy(() -> Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(3))
                .condition(otherPrompt).build().execute())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("another prompt")
                .hasMessageContaining("template 'default'").hasMessageContaining("template 'mine'");
    }

    @Test
    void resumesWithOtherConcurrencyAndDialogueOrder() {
        AtomicInteger calls = new AtomicInteger();
        List<Dialogue> dialogues = new ArrayList<>(Fixtures.dialogues(6));
        Run.builder().outputDirectory(dir).dialogues(dialogues).condition(Condition.of("c", echo(calls)))
                .concurrency(2).build().execute();
        Collections.reverse(dialogues);

        RunResult again = Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(Condition.of("c", echo(calls))).concurrency(5).build().execute();

        assertThat(again.skipped()).isEqualTo(6);
        assertThat(calls).hasValue(6);
        assertThat(again.replies().toList()).extracting(Reply::dialogueId)
                .containsExactlyInAnyOrder("d000", "d001", "d002", "d003", "d004", "d005");
    }

    @Test
    void twoRunsCannotWriteOneFolderAtOnce() throws Exception {
        CyclicBarrier started = new CyclicBarrier(2);
        CyclicBarrier release = new CyclicBarrier(2);
        Respondent waiting = d -> {
            try {
                started.await(30, TimeUnit.SECONDS);
                release.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Answer.of("ok", "m");
        };
        Run run = Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(1))
                .condition(Condition.of("c", waiting)).build();
        Thread first = new Thread(run::execute);
        first.start();
        started.await(30, TimeUnit.SECONDS);
        try {
            assertThatThrownBy(run::execute).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("another empathy writer in this process").hasMessageContaining(
                            "is writing " + dir);
        } finally {
            release.await(30, TimeUnit.SECONDS);
            first.join();
        }
        assertThat(ReplyJournal.read(dir.resolve(ReplyJournal.FILE_NAME))).hasSize(1);
    }

    @Test
    void progressIsMonotonicWithCorrectTotals() {
        List<Progress> events = Collections.synchronizedList(new ArrayList<>());
        Respondent sometimesFailing = d -> {
            if (d.id().endsWith("3")) {
                throw new ProviderException("HTTP 400", null, false, null);
            }
            return Answer.of("ok", "m");
        };
        List<Dialogue> dialogues = Fixtures.dialogues(20);
        Run.builder().outputDirectory(dir).dialogues(dialogues).concurrency(6)
                .condition(Condition.of("a", sometimesFailing)).condition(Condition.humanReference())
                .progressListener(events::add).build().execute();

        assertThat(events).hasSize(41);
        assertThat(events).allSatisfy(p -> assertThat(p.total()).isEqualTo(40));
        assertThat(events.get(0).done()).isZero();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).done()).isEqualTo(events.get(i - 1).done() + 1);
            assertThat(events.get(i).failed()).isGreaterThanOrEqualTo(events.get(i - 1).failed());
        }
        Progress last = events.get(events.size() - 1);
        assertThat(last.done()).isEqualTo(40);
        assertThat(last.failed()).isEqualTo(2);
        assertThat(last.eta()).contains(java.time.Duration.ZERO);

        events.clear();
        Run.builder().outputDirectory(dir).dialogues(dialogues)
                .condition(Condition.of("a", d -> Answer.of("ok", "m"))).condition(Condition.humanReference())
                .progressListener(events::add).build().execute();
        assertThat(events.get(0).skipped()).isEqualTo(38);
        assertThat(events.get(0).done()).isEqualTo(38);
        assertThat(events.get(events.size() - 1).done()).isEqualTo(40);
    }

    @Test
    void rejectsDuplicateNamesAndIds() {
        Respondent r = d -> Answer.of("x", "m");
        assertThatThrownBy(() -> Run.builder().outputDirectory(dir).dialogues(Fixtures.dialogues(1))
                .condition(Condition.of("c", r)).condition(Condition.of("c", r)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'c' appears twice");
        List<Dialogue> twice = List.of(Fixtures.dialogues(1).get(0), Fixtures.dialogues(1).get(0));
        assertThatThrownBy(() -> Run.builder().outputDirectory(dir).dialogues(twice)
                .condition(Condition.of("c", r)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'d000' appears twice");
    }
}
