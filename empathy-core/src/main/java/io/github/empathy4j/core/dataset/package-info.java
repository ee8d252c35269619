/**
 * Datasets of dialogues to answer: readers for the raw EmpatheticDialogues CSV, the 2024 study's
 * release CSV and empathy4j's own JSONL, and {@link io.github.empathy4j.core.dataset.DialogueSet} with
 * seeded stratified sampling and a content hash.
 *
 * <p>Every reader reports bad input with file, line, column, value and what was expected
 * ({@link io.github.empathy4j.core.BadInputException}); with {@link io.github.empathy4j.core.dataset.ErrorPolicy#LENIENT}
 * it skips bad rows instead and lists them in a {@link io.github.empathy4j.core.dataset.ReadReport}.
 *
 * <pre>{@code
 * ReadResult<DialogueSet> result = Datasets.read(Path.of("dataset_and_ratings.csv"), ErrorPolicy.LENIENT);
 * System.out.println(result.report().summary());
 * DialogueSet sample = result.value().sample(320, 7);          // 10 per emotion, same on every JVM
 * DialogueJsonl.write(Path.of("sample.jsonl"), sample);
 * System.out.println(sample.size() + " dialogues, sha256 " + sample.contentHash());
 *
 * ReleaseDataset release = ReleaseDataset.read(Path.of("dataset_and_ratings.csv"));
 * List<Rating> humanRatings = release.ratings(ReleaseDataset.HUMAN);
 *
 * DialogueSet later = EmpatheticDialogues.read(Path.of("train.csv"),
 *         EmpatheticDialogues.Options.DEFAULT.withListenerTurn(4)).value();
 * }</pre>
 */
package io.github.empathy4j.core.dataset;
