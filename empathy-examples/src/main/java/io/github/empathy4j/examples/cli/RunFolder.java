package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
     * The analysis of the folder's ratings, the emotions taken from its dialogues.
     *
     * @throws ConfigurationException when the folder, its dialogues or its ratings are missing
     */
    StudyAnalysis analysis(List<Rating> extra, AnalysisSettings settings) {
        List<Rating> ratings = ratings();
        List<String> order = conditionOrder();
        List<Rating> all = Stream.concat(ratings.stream().sorted(Comparator.comparingInt(r -> {
            int i = order.indexOf(r.condition());
            return i < 0 ? order.size() : i;
        })), extra.stream()).toList();
        Map<String, Emotion> emotions = emotions();
        return StudyAnalysis.of(all, emotions::get, settings.options(ratings, directory.resolve(RatingJournal.FILE_NAME).toString()));
    }

    /**
     * The run's conditions in {@code run.json}'s order (the order of {@code --model}), which the analysis keeps;
     * empty when the folder has no {@code run.json}, and then the ratings' order is kept.
     */
    List<String> conditionOrder() {
        Path file = directory.resolve("run.json");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String> names = new ArrayList<>();
            new ObjectMapper().readTree(file.toFile()).path("conditions").forEach(c -> names.add(c.path("name")
                    .asText()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
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
        return Report.write(analysis, "Empathy report: " + directory.toAbsolutePath().normalize().getFileName(),
                directory.resolve(REPORT));
    }

    private void requireFolder() {
        if (!Files.isDirectory(directory)) {
            throw new ConfigurationException("no run folder " + directory);
        }
    }
}
