/**
 * The crowd study's web app: {@link io.github.empathy4j.study.StudyServer} serves the blinded batches of a
 * {@link io.github.empathy4j.core.crowd.CrowdStudy} to participants in their browser (consent, instructions,
 * optionally the {@link io.github.empathy4j.study.TorontoEmpathyQuestionnaire}, one batch with an attention check,
 * completion code and redirect), assigns each batch to
 * {@link io.github.empathy4j.study.StudySettings#ratersPerBatch()} participants, reclaims abandoned batches, and
 * appends the ratings to the run's {@code ratings.jsonl} as {@code batches import} would. A library on Javalin
 * (Jetty 12) with slf4j-api only; the {@code empathy study serve} command starts it.
 */
package io.github.empathy4j.study;
