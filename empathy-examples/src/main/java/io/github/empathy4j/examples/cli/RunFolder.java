package io.github.empathy4j.examples.cli;

import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.dataset.Datasets;
import io.github.empathy4j.core.dataset.DialogueSet;
import io.github.empathy4j.core.dataset.ErrorPolicy;
import io.github.empathy4j.core.run.RunDirectory;
import io.github.empathy4j.report.Report;
import io.github.empathy4j.stats.StudyAnalysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A run's folder as the CLI reads it: {@link RunDirectory}'s files with the CLI's advice when one is missing, the
 * analysis of its ratings and its report ({@code report/}).
 *
 * @param directory the run's folder
 */
record RunFolder(Path directory) {

    /** The report's folder. */
    static final String REPORT = RunDirectory.REPORT;

    /** Whether the folder holds ratings. */
    boolean hasRatings() {
        return Files.isDirectory(directory) && RunDirectory.open(directory).hasRatings();
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
        return StudyAnalysis.of(all, emotions::get, settings.options(ratings, directory.resolve(RunDirectory.RATINGS).toString()));
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
        RunDirectory folder = RunDirectory.open(directory);
        if (!Files.isRegularFile(folder.file(RunDirectory.DIALOGUES))) {
            throw new ConfigurationException(directory + " has no " + RunDirectory.DIALOGUES + ", which 'empathy run'"
                    + " writes; run it again in this folder (it resumes), or name the run's dataset with --dataset");
        }
        return folder.dialogues();
    }

    /** The run's replies, from its {@code responses.jsonl}. */
    List<Reply> replies() {
        return RunDirectory.open(directory).replies();
    }

    /** The run's ratings. */
    List<Rating> ratings() {
        RunDirectory folder = RunDirectory.open(directory);
        if (!folder.hasRatings()) {
            throw new ConfigurationException(directory + " has no ratings yet (" + RunDirectory.RATINGS + "); rate"
                    + " the replies first, with an LLM judge ('empathy rate') or crowd batches ('empathy batches')");
        }
        return folder.ratings();
    }

    /** Writes the report of an analysis into {@code report/}; returns the files written. */
    List<Path> writeReport(StudyAnalysis analysis) {
        return Report.write(analysis, "Empathy report: " + directory.toAbsolutePath().normalize().getFileName(),
                directory.resolve(REPORT));
    }
}
