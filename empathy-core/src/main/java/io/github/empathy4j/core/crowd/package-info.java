/**
 * Crowd studies as the 2024 study ran them, between subjects: {@link io.github.empathy4j.core.crowd.CrowdStudy}
 * splits each condition's replies into seeded batches balanced over emotions, one per participant, and exports
 * them blinded (opaque item and batch ids; the key stays in the study folder);
 * {@link io.github.empathy4j.core.crowd.CrowdImport} checks the returned ratings row by row, optionally excludes
 * participants who fail an {@link io.github.empathy4j.core.crowd.AttentionCheck}, and gives
 * {@link io.github.empathy4j.core.Rating}s for the run's {@code ratings.jsonl}, where LLM judges' ratings go too.
 *
 * <pre>{@code
 * Path run = Path.of("runs/study");
 * List<Reply> replies = ReplyJournal.read(run.resolve(ReplyJournal.FILE_NAME));
 * List<Dialogue> dialogues = DialogueJsonl.read(run.resolve(Run.DIALOGUES_FILE)).dialogues();
 * CrowdStudy study = CrowdStudy.design(dialogues, replies, RatingScale.STUDY, 10, 7);
 * study.save(Path.of("crowd"));
 * study.export(Path.of("crowd", "export"), dialogues, replies, EnumSet.allOf(CrowdStudy.Format.class));
 *
 * CrowdImport.Result result = CrowdImport.read(CrowdStudy.load(Path.of("crowd")), Path.of("returned.csv"),
 *         List.of(AttentionCheck.parse("check1=3")), ErrorPolicy.LENIENT);
 * System.out.println(result.report().summary());
 * RatingJournal.append(run.resolve(RatingJournal.FILE_NAME), result.ratings());
 * }</pre>
 */
package io.github.empathy4j.core.crowd;
