package io.github.empathy4j.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Rating;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run's {@code ratings.jsonl}: one {@link Rating} as a JSON object per line, with the record's fields
 * ({@code condition}, {@code dialogueId}, {@code rater}, {@code scale}, {@code dimension}, {@code value}, and the
 * optional {@code rationale} and {@code batch}); other fields are ignored.
 */
final class RatingsFile {

    private static final ObjectReader READER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .readerFor(Rating.class);

    private RatingsFile() {
    }

    /**
     * Every rating, in file order; blank lines are skipped.
     *
     * @throws BadInputException naming the line when it is not a rating
     */
    static List<Rating> read(Path file) {
        List<Rating> ratings = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    ratings.add(READER.readValue(line));
                } catch (JsonProcessingException e) {
                    throw new BadInputException(file.toString(), number, null, line, "expected a rating as one"
                            + " JSON object with condition, dialogueId, rater, scale, dimension and value: "
                            + e.getOriginalMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(ratings);
    }
}
