package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a dataset of any supported format into a {@link DialogueSet}, recognising the format from the
 * file: the study's release CSV, an EmpatheticDialogues CSV, or empathy4j's JSONL.
 */
public final class Datasets {

    /** The dataset formats {@link #read(Path, ErrorPolicy)} recognises. */
    public enum Format {
        /** The study's release, read with {@link ReleaseDataset}: its header has {@code dialog_id} and {@code response_human}. */
        RELEASE_CSV,
        /** A raw EmpatheticDialogues file, read with {@link EmpatheticDialogues}: its header starts {@code conv_id,utterance_idx}. */
        EMPATHETIC_DIALOGUES_CSV,
        /** empathy4j's JSON Lines, read with {@link DialogueJsonl}: a {@code .jsonl} name or a first line starting with {@code {}. */
        JSONL
    }

    private static final String EXPECTED = "the study's release CSV (header with dialog_id, ..., response_human),"
            + " an EmpatheticDialogues CSV (header conv_id,utterance_idx,context,prompt,...) or a .jsonl file of"
            + " dialogues (one JSON object per line)";

    private Datasets() {
    }

    /**
     * Recognises a file's format from its name and first line.
     *
     * @throws BadInputException naming the first line and the formats expected when none matches, or for
     *         an empty file that is not named {@code .jsonl}
     * @throws io.github.empathy4j.core.EmpathyException naming the file when it cannot be read
     */
    public static Format detect(Path file) {
        Objects.requireNonNull(file, "file");
        boolean jsonlName = file.getFileName() != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
        String first;
        try (BufferedReader in = Sources.open(file)) {
            first = in.readLine();
        } catch (IOException e) {
            throw Sources.failure(file, e);
        }
        if (jsonlName || first != null && first.stripLeading().startsWith("{")) {
            return Format.JSONL;
        }
        if (first == null) {
            throw Sources.empty(file, "a dataset: " + EXPECTED);
        }
        List<String> columns = Arrays.stream(first.split(",", -1)).map(String::strip).toList();
        if (columns.contains("dialog_id") && columns.contains("response_human")) {
            return Format.RELEASE_CSV;
        }
        if (columns.size() >= 2 && columns.get(0).equals("conv_id") && columns.get(1).equals("utterance_idx")) {
            return Format.EMPATHETIC_DIALOGUES_CSV;
        }
        throw new BadInputException(file.toString(), 1, null, first, "expected a dataset: " + EXPECTED);
    }

    /**
     * Reads a dataset of any supported format. The release gives its 2,000 dialogues; an EmpatheticDialogues
     * file gives the study's cut (see {@link EmpatheticDialogues.Options#DEFAULT}).
     *
     * @throws BadInputException for an unrecognised or unusable file, or a bad row under {@link ErrorPolicy#STRICT}
     * @throws io.github.empathy4j.core.EmpathyException naming the file when it cannot be read
     */
    public static ReadResult<DialogueSet> read(Path file, ErrorPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return switch (detect(file)) {
            case RELEASE_CSV -> {
                ReadResult<ReleaseDataset> release = ReleaseDataset.read(file, policy);
                yield new ReadResult<>(release.value().dialogues(), release.report());
            }
            case EMPATHETIC_DIALOGUES_CSV -> EmpatheticDialogues.read(file,
                    EmpatheticDialogues.Options.DEFAULT.withErrorPolicy(policy));
            case JSONL -> DialogueJsonl.read(file, policy);
        };
    }
}
