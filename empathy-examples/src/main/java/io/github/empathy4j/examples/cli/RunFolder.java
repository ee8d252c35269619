package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.Datasets;
import io.github.empathy4j.core.dataset.DialogueJsonl;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.run.RatingJournal;
import io.github.empathy4j.core.run.ReplyJournal;
import io.github.empathy4j.core.run.Run;
import io.github.empathy4j.report.Report;
import io.github.empathy4j.stats.StudyAnalysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A run's folder as the CLI reads it: what the run engine writes ({@code run.json}, {@code dialogues.jsonl},
 * {@code responses.jsonl}, {@code failures.jsonl}), the ratings ({@code ratings.jsonl}) and the report
 * ({@code report/}).
 *
 * @param directory the run's folder
 */
record RunFolder(Path directory) {

    /** The report's folder. */
    static final String REPORT = "report";

    /** Whether the folder holds ratings. */
    boolean hasRatings() {
        Path file = directory.resolve(RatingJournal.FILE_NAME);
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The analysis of the folder's ratings of the dialogues rated under every condition (the comparisons pair
     * each dialogue's conditions), plus {@code extra}, the emotions taken from its dialogues; {@code warnings}
     * receives a line when ratings are left out.
     *
     * @throws ConfigurationException when the folder, its dialogues or its ratings are missing
     */
    StudyAnalysis analysis(List<Rating> extra, AnalysisSettings settings, List<String> warnings) {
        List<Rating> rated = ratings();
        List<Rating> ratings = ratedUnderEveryCondition(rated);
        if (ratings.size() < rated.size()) {
            warnings.add(String.format(Locale.ROOT, "%d of %d ratings are left out: their dialogues lack a rating of"
                    + " some condition (a failed or missing rating, an empty or refused reply, no human reply), and"
                    + " the comparisons pair each dialogue's conditions.", rated.size() - ratings.size(),
                    rated.size()));
        }
        List<Rating> all = extra.isEmpty() ? ratings
                : Stream.concat(ratings.stream(), extra.stream()).toList();
        Map<String, Emotion> emotions = emotions();
        return StudyAnalysis.of(all, emotions::get, settings.options(ratings, directory.resolve(RatingJournal.FILE_NAME).toString()));
    }

    /** The ratings of the dialogues that have a rating of every condition the ratings name. */
    static List<Rating> ratedUnderEveryCondition(List<Rating> ratings) {
        Set<String> conditions = ratings.stream().map(Rating::condition).collect(Collectors.toSet());
        Map<String, Set<String>> byDialogue = new HashMap<>();
        ratings.forEach(r -> byDialogue.computeIfAbsent(r.dialogueId(), k -> new HashSet<>()).add(r.condition()));
        return ratings.stream().filter(r -> byDialogue.get(r.dialogueId()).equals(conditions)).toList();
    }

    /** Each dialogue's emotion, by id. */
    Map<String, Emotion> emotions() {
        return dialogues().dialogues().stream().collect(Collectors.toMap(Dialogue::id, Dialogue::emotion));
    }

    /** The run's dialogues, from its {@code dialogues.jsonl}. */
    DialogueSet dialogues() {
        return dialogues(null);
    }

    /** The run's dialogues: from {@code dataset} when not {@code null}, else from the run's {@code dialogues.jsonl}. */
    DialogueSet dialogues(Path dataset) {
        if (dataset != null) {
            return Datasets.read(dataset, ErrorPolicy.STRICT).value();
        }
        requireFolder();
        Path file = directory.resolve(Run.DIALOGUES_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(directory + " has no " + Run.DIALOGUES_FILE + ", which 'empathy run'"
                    + " writes; run it again in this folder (it resumes), or name the run's dataset with --dataset");
        }
        return DialogueJsonl.read(file);
    }

    /** The run's replies, from its {@code responses.jsonl}. */
    List<Reply> replies() {
        requireFolder();
        return ReplyJournal.read(directory.resolve(ReplyJournal.FILE_NAME));
    }

    /** The run's ratings. */
    List<Rating> ratings() {
        requireFolder();
        if (!hasRatings()) {
            throw new ConfigurationException(directory + " has no ratings yet (" + RatingJournal.FILE_NAME + "); rate"
                    + " the replies first, with an LLM judge ('empathy rate') or crowd batches ('empathy batches')");
        }
        return RatingJournal.read(directory.resolve(RatingJournal.FILE_NAME));
    }

    /** Writes the report of an analysis into {@code report/}; returns the files written. */
    List<Path> writeReport(StudyAnalysis analysis) {
        return writeReport(analysis, List.of());
    }

    /** Writes the report of an analysis, with warnings at its top, into {@code report/}; returns the files written. */
    List<Path> writeReport(StudyAnalysis analysis, List<String> warnings) {
        return Report.write(analysis, "Empathy report: " + directory.toAbsolutePath().normalize().getFileName(),
                warnings, directory.resolve(REPORT));
    }

    private void requireFolder() {
        if (!Files.isDirectory(directory)) {
            throw new ConfigurationException("no run folder " + directory);
        }
    }
}
