/**
 * The run engine: who answers ({@link io.github.empathy4j.core.run.Respondent}), who rates
 * ({@link io.github.empathy4j.core.run.Rater}), and {@link io.github.empathy4j.core.run.Run}, which
 * answers every dialogue under every {@link io.github.empathy4j.core.run.Condition} with bounded
 * concurrency, rate limits, retries, a response cache and an append-only journal that a re-run
 * resumes; and {@link io.github.empathy4j.core.run.RatingRun}, which rates the replies with one or more
 * raters (blind, in a seeded order, optionally combined) into {@code ratings.jsonl}
 * ({@link io.github.empathy4j.core.run.RatingJournal}), and {@link io.github.empathy4j.core.run.PairwiseRun}, which
 * has {@link io.github.empathy4j.core.run.PairwiseJudge}s compare two replies, blinded and in both orders, into
 * {@code pairwise.jsonl} ({@link io.github.empathy4j.core.run.PairwiseJournal}), with the same machinery: one engine, which schedules
 * every call on its provider's {@link io.github.empathy4j.core.run.Lane} and paces each lane to the limits its
 * provider reports ({@link io.github.empathy4j.core.run.Quota}).
 *
 * <pre>{@code
 * List<Dialogue> dialogues = ...;                       // from a dataset reader
 * Respondent echo = d -> Answer.of("That sounds hard: " + d.speakerUtterance(), "echo-1");
 *
 * RunResult result = Run.builder()
 *         .outputDirectory(Path.of("runs/first"))
 *         .dialogues(dialogues)
 *         .dataset("study release, all 2,000 rows")
 *         .condition(Condition.humanReference())      // the dataset's own replies
 *         .condition(new Condition("echo", "local:echo-1", Map.of("temperature", "0"),
 *                 PromptTemplate.defaultTemplate(), echo))
 *         .concurrency(8)
 *         .retryPolicy(RetryPolicy.defaults())
 *         .cacheDirectory(Path.of(System.getProperty("user.home"), ".cache", "empathy4j"))
 *         .progressListener(p -> System.out.printf(Locale.ROOT, "%d/%d%n", p.done(), p.total()))
 *         .build()
 *         .execute();
 *
 * System.out.println(result.answered() + " answered, " + result.failed() + " failed");
 * List<Reply> replies = ReplyJournal.read(Path.of("runs/first", ReplyJournal.FILE_NAME));
 *
 * Rater lengthy = (dialogue, reply, dimension) -> new Score(reply.text().length() > 80 ? 3 : 2, "by length");
 * RatingResult rated = RatingRun.builder()
 *         .outputDirectory(Path.of("runs/first"))
 *         .dialogues(dialogues)
 *         .replies(replies)
 *         .rater("length", lengthy)
 *         .seed(7)
 *         .build()
 *         .execute();
 * List<Rating> ratings = RatingJournal.read(Path.of("runs/first", RatingJournal.FILE_NAME));
 * }</pre>
 */
package io.github.empathy4j.core.run;
