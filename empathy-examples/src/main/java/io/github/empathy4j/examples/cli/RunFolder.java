package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.dataset.DialogueJsonl;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.examples.report.Report;
import io.github.empathy4j.stats.StudyAnalysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A run's folder as the CLI reads and writes it: besides what the run engine writes ({@code run.json},
 * {@code responses.jsonl}, {@code failures.jsonl}), the dialogues answered ({@code dialogues.jsonl}), the ratings
 * ({@code ratings.jsonl}) and the report ({@code report/}).
 *
 * @param directory the run's folder
 */
record RunFolder(Path directory) {

    /** The dialogues of the run, in empathy4j's JSONL format. */
    static final String DIALOGUES = "dialogues.jsonl";
    /** The ratings of the run's replies, one JSON object per line. */
    static final String RATINGS = "ratings.jsonl";
    /** The report's folder. */
    static final String REPORT = "report";

    /** Writes the run's dialogues, so that the folder alone is enough for its report. */
    void writeDialogues(DialogueSet dialogues) {
        DialogueJsonl.write(directory.resolve(DIALOGUES), dialogues);
    }

    /** Whether the folder holds ratings. */
    boolean hasRatings() {
        Path file = directory.resolve(RATINGS);
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The analysis of the folder's ratings, the emotions taken from its dialogues.
     *
     * @throws ConfigurationException when the folder, its dialogues or its ratings are missing
     */
    StudyAnalysis analysis(List<Rating> extra, AnalysisSettings settings) {
        List<Rating> ratings = ratings();
        List<Rating> all = extra.isEmpty() ? ratings
                : Stream.concat(ratings.stream(), extra.stream()).toList();
        Map<String, Emotion> emotions = emotions();
        return StudyAnalysis.of(all, emotions::get, settings.options(ratings, directory.resolve(RATINGS).toString()));
    }

    /** Each dialogue's emotion, by id. */
    Map<String, Emotion> emotions() {
        return dialogues().dialogues().stream().collect(Collectors.toMap(Dialogue::id, Dialogue::emotion));
    }

    /** The run's dialogues. */
    DialogueSet dialogues() {
        requireFolder();
        Path file = directory.resolve(DIALOGUES);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(directory + " has no " + DIALOGUES + ", which 'empathy run' writes;"
                    + " run it again in this folder (it resumes), or write the run's dialogues there with"
                    + " DialogueJsonl.write");
        }
        return DialogueJsonl.read(file);
    }

    /** The run's ratings. */
    List<Rating> ratings() {
        requireFolder();
        if (!hasRatings()) {
            throw new ConfigurationException(directory + " has no ratings yet (" + RATINGS + "); rate the replies"
                    + " first, with an LLM judge or crowd batches");
        }
        return RatingsFile.read(directory.resolve(RATINGS));
    }

    /** Writes the report of an analysis into {@code report/}; returns the files written. */
    List<Path> writeReport(StudyAnalysis analysis) {
        return Report.write(analysis, "Empathy report: " + directory.toAbsolutePath().normalize().getFileName(),
                directory.resolve(REPORT));
    }

    private void requireFolder() {
        if (!Files.isDirectory(directory)) {
            throw new ConfigurationException("no run folder " + directory);
        }
    }
}
