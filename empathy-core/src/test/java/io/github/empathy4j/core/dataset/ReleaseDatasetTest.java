package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.Valence;
import io.github.empathy4j.core.rating.RatingScale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.github.empathy4j.core.dataset.Fixtures.releaseCsv;
import static io.github.empathy4j.core.dataset.Fixtures.releaseRow;
import static io.github.empathy4j.core.dataset.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

class ReleaseDatasetTest {

    @TempDir
    Path dir;

    private static final Map<String, String> ROW_1 = releaseRow(0, "hit:1_conv:2", "afraid", "negative");
    private static final Map<String, String> ROW_2 = releaseRow(0, "hit:3_conv:4", "proud", "positive");

    private Path csv(String name, List<Map<String, String>> rows) {
        return Fixtures.write(dir, name, releaseCsv("\n", rows));
    }

    @Test
    void readsTheStudysRealReleaseWithItsPublishedCounts() {
        Path shared = Path.of(System.getProperty("empathy.shared.data", "../shared/data"));
        assumeThat(shared).as("the shared reference data folder").isDirectory();
        Path file = shared.resolve("welivita-pu-2024").resolve("dataset_and_ratings.csv");

        ReadResult<ReleaseDataset> result = ReleaseDataset.read(file, ErrorPolicy.STRICT);
        ReleaseDataset release = result.value();

        assertThat(result.report().isClean()).isTrue();
        assertThat(result.report().records()).isEqualTo(2000);
        assertThat(release.dialogues().size()).isEqualTo(2000);
        assertThat(release.dialogues().countsByValence())
                .containsExactly(entry(Valence.POSITIVE, 881), entry(Valence.NEGATIVE, 1119));
        assertThat(release.dialogues().countsByEmotion().values()).allSatisfy(n -> assertThat(n).isBetween(57, 68));
        assertThat(levelCounts(release.ratings(ReleaseDataset.HUMAN))).containsExactly(
                entry(1, 342L), entry(2, 672L), entry(3, 986L));
        assertThat(levelCounts(release.ratings(ReleaseDataset.GPT_4_PLAIN))).containsExactly(
                entry(1, 156L), entry(2, 576L), entry(3, 1268L));
        assertThat(levelCounts(release.ratings(ReleaseDataset.GPT_4))).containsExactly(
                entry(1, 142L), entry(2, 563L), entry(3, 1295L));
        assertThat(release.replies()).hasSize(6000);
        assertThat(release.ratings()).hasSize(6000).allSatisfy(r -> {
            assertThat(r.scale()).isEqualTo("study");
            assertThat(r.dimension()).isEqualTo("empathy");
        });
        for (String condition : ReleaseDataset.CONDITIONS) {
            Map<String, Long> perBatch = release.ratings(condition).stream()
                    .collect(Collectors.groupingBy(Rating::batch, Collectors.counting()));
            assertThat(perBatch).hasSize(200).allSatisfy((batch, n) -> assertThat(n).isEqualTo(10L));
            assertThat(release.ratings(condition).stream().map(Rating::rater).distinct()).hasSize(200);
        }
        assertThat(release.annotators()).hasSize(600).allSatisfy(a -> {
            assertThat(a.teqAnswers()).hasSize(16);
            assertThat(a.batches()).hasSize(1);
        });
        Map<String, Dialogue> byId = release.dialogues().dialogues().stream()
                .collect(Collectors.toMap(Dialogue::id, Function.identity()));
        assertThat(release.replies(ReleaseDataset.HUMAN))
                .allSatisfy(r -> assertThat(r.text()).isEqualTo(byId.get(r.dialogueId()).humanReply()));
        assertThat(release.rows()).allSatisfy(row -> assertThat(row.response(ReleaseDataset.GPT_4).miti()).isNotEmpty());
    }

    private static Map<Integer, Long> levelCounts(List<Rating> ratings) {
        return ratings.stream().collect(Collectors.groupingBy(Rating::value, java.util.TreeMap::new,
                Collectors.counting()));
    }

    @Test
    void theReleaseBalancesSamplesUpTo1853AndAllocatesLargerOnesInProportion() {
        Path shared = Path.of(System.getProperty("empathy.shared.data", "../shared/data"));
        assumeThat(shared).as("the shared reference data folder").isDirectory();
        DialogueSet dialogues = ReleaseDataset.read(shared.resolve("welivita-pu-2024")
                .resolve("dataset_and_ratings.csv"), ErrorPolicy.STRICT).value().dialogues();

        // The smallest emotions have 57 dialogues and 29 emotions have more: 32 * 57 + 29 = 1853 balance.
        assertThat(dialogues.canBalance(1853)).isTrue();
        assertThat(dialogues.canBalance(1854)).isFalse();
        // python3, largest remainders of 1856 * count / 2000 over the release's emotion counts (no tie at the cut)
        Map<Emotion, Integer> expected = new EnumMap<>(Emotion.class);
        String python = "afraid 58 angry 58 annoyed 63 anticipating 59 anxious 58 apprehensive 58 ashamed 53"
                + " caring 61 confident 53 content 62 devastated 61 disappointed 56 disgusted 59 embarrassed 60"
                + " excited 59 faithful 63 furious 55 grateful 58 guilty 57 hopeful 56 impressed 62 jealous 58"
                + " joyful 56 lonely 53 nostalgic 58 prepared 58 proud 58 sad 57 sentimental 55 surprised 58"
                + " terrified 62 trusting 54";
        String[] pairs = python.split(" ");
        for (int i = 0; i < pairs.length; i += 2) {
            expected.put(Emotion.parse(pairs[i]), Integer.parseInt(pairs[i + 1]));
        }
        assertThat(dialogues.sample(1856, 3).countsByEmotion()).isEqualTo(expected);
    }

    @Test
    void turnsARowIntoADialogueRepliesRatingsAndAnnotators() {
        String answers = "[2, -1, 1, -1, 2, 1, 0, 1, 1, -1, -1, -1, -1, 0, -1, -1]";
        Path file = csv("release.csv", List.of(
                with(with(ROW_1, "empathy_arr_chatgpt", answers), "empathy_propensity_chatgpt", "44"),
                with(with(with(with(ROW_2, "empathy_arr_chatgpt", answers), "empathy_propensity_chatgpt", "44"),
                        "miti_human", "[\"Advise with Permission\", 'Other']"), "miti_chatgpt", "[]")));

        ReleaseDataset release = ReleaseDataset.read(file);

        Dialogue first = release.dialogues().dialogues().get(0);
        assertThat(first).isEqualTo(Dialogue.opening("hit:1_conv:2", Emotion.AFRAID,
                "A synthetic situation, with a comma", "I said \"hello\" to them", "Human reply to hit:1_conv:2"));
        assertThat(release.replies()).extracting(Reply::condition, Reply::dialogueId, Reply::text).startsWith(
                tuple("human", "hit:1_conv:2", "Human reply to hit:1_conv:2"),
                tuple("gpt-4", "hit:1_conv:2", "Empathetic model reply to hit:1_conv:2"),
                tuple("gpt-4-plain", "hit:1_conv:2", "Plain model reply to hit:1_conv:2"));
        assertThat(release.ratings(ReleaseDataset.GPT_4)).containsExactly(
                new Rating("gpt-4", "hit:1_conv:2", "e0", "study", "empathy", 3, null, "0"),
                new Rating("gpt-4", "hit:3_conv:4", "e0", "study", "empathy", 3, null, "0"));
        assertThat(release.annotator("p0").orElseThrow()).isEqualTo(new ReleaseDataset.Annotator("p0",
                ReleaseDataset.GPT_4_PLAIN, 44, List.of(2, -1, 1, -1, 2, 1, 0, 1, 1, -1, -1, -1, -1, 0, -1, -1),
                List.of(0)));
        ReleaseDataset.Row second = release.rows().get(1);
        assertThat(second.plutchik()).isEqualTo("joy");
        assertThat(second.response(ReleaseDataset.HUMAN).miti()).containsExactly("Advise with Permission", "Other");
        assertThat(second.response(ReleaseDataset.GPT_4_PLAIN).miti()).isEmpty();
        assertThat(second.response(ReleaseDataset.GPT_4_PLAIN).rating()).isEqualTo(2);
        assertThatThrownBy(() -> release.ratings("gpt-5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[human, gpt-4, gpt-4-plain]");
    }

    @Test
    void keepsLineNumbersRightAfterAQuotedLineBreak() {
        Path file = csv("release.csv", List.of(
                with(ROW_1, "response_human", "Line one,\nline \"two\"\r\nline three"),
                with(ROW_2, "rating_human", "4")));

        ReadResult<ReleaseDataset> result = ReleaseDataset.read(file, ErrorPolicy.LENIENT);

        assertThat(result.value().dialogues().dialogues().get(0).humanReply())
                .isEqualTo("Line one,\nline \"two\"\r\nline three");
        assertThat(result.report().problems()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.column()).isEqualTo("rating_human");
            assertThat(e.value()).isEqualTo("4");
            assertThat(e.getMessage()).endsWith("expected 1 (Bad), 2 (Okay) or 3 (Good)");
        });
    }

    @Test
    void acceptsAByteOrderMarkAndCrlfLineEnds() {
        Path plain = csv("plain.csv", List.of(ROW_1, ROW_2));
        Path windows = Fixtures.write(dir, "windows.csv", "\uFEFF" + releaseCsv("\r\n", List.of(ROW_1, ROW_2)));

        ReleaseDataset read = ReleaseDataset.read(windows);

        assertThat(read.rows()).isEqualTo(ReleaseDataset.read(plain).rows());
        assertThat(read.rows()).hasSize(2);
    }

    @Test
    void reportsASentimentThatDisagreesWithTheEmotion() {
        Path file = csv("release.csv", List.of(ROW_1, with(ROW_2, "sentiment", "negative")));

        assertThatThrownBy(() -> ReleaseDataset.read(file)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isEqualTo("sentiment");
            assertThat(e.getMessage()).contains("'negative' is not valid; expected 'positive', the valence of 'proud'")
                    .contains("ErrorPolicy.LENIENT");
        });
    }

    @Test
    void reportsEachKindOfBadFieldAndSkipsOnlyThatRowWhenLenient() {
        Path file = csv("release.csv", List.of(
                ROW_1,
                with(ROW_2, "dialog_id", "hit:1_conv:2"),
                with(ROW_2, "emotion", "prod"),
                with(ROW_2, "part_no", "-1"),
                with(ROW_2, "miti_chatgpt", "['Affirm' 'Support']"),
                with(ROW_2, "empathy_arr_human", "[0, 0, 0]"),
                with(ROW_2, "empathy_propensity_human", "33"),
                with(with(ROW_2, "empathy_arr_human", "[2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"),
                        "empathy_propensity_human", "34"),
                with(ROW_2, "annotator_chatgpt", "h0"),
                with(ROW_2, "response_chatgpt", " "),
                ROW_2));

        ReadResult<ReleaseDataset> result = ReleaseDataset.read(file, ErrorPolicy.LENIENT);

        assertThat(result.value().dialogues().ids()).containsExactly("hit:1_conv:2", "hit:3_conv:4");
        assertThat(result.report().problems()).extracting(BadInputException::line, BadInputException::column)
                .containsExactly(tuple(3L, "dialog_id"), tuple(4L, "emotion"), tuple(5L, "part_no"),
                        tuple(6L, "miti_chatgpt"), tuple(7L, "empathy_arr_human"),
                        tuple(8L, "empathy_propensity_human"), tuple(9L, "empathy_arr_human"),
                        tuple(10L, "annotator_chatgpt"), tuple(11L, "response_chatgpt"));
        List<String> messages = result.report().problems().stream().map(BadInputException::getMessage).toList();
        assertThat(messages.get(0)).contains("line 2 has it too");
        assertThat(messages.get(1)).contains("did you mean 'proud'?");
        assertThat(messages.get(4)).contains("found 3");
        assertThat(messages.get(5)).contains("expected 32, the TEQ score");
        assertThat(messages.get(6)).contains("as earlier rows give annotator h0");
        assertThat(messages.get(7)).contains("also rated condition 'human'");
        assertThat(result.report().skipped()).isEqualTo(9);
        assertThat(result.value().annotators()).extracting(ReleaseDataset.Annotator::id)
                .containsExactly("h0", "e0", "p0");
    }

    @Test
    void reportsARowWithTheWrongNumberOfFields() {
        String content = releaseCsv("\n", List.of(ROW_1)) + "0,too,few\n";
        Path file = Fixtures.write(dir, "release.csv", content);

        assertThatThrownBy(() -> ReleaseDataset.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(":3: '0,too,few' is not valid; expected 25 fields as in the header, found 3");
    }

    @Test
    void reportsAnUnterminatedQuoteAtTheLineItStarts() {
        String content = releaseCsv("\n", List.of(ROW_1)) + "0,\"never closed\n\nmore\n";
        Path file = Fixtures.write(dir, "release.csv", content);

        assertThatThrownBy(() -> ReleaseDataset.read(file, ErrorPolicy.LENIENT))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("RFC 4180").contains("Missing closing quote");
                });
    }

    @Test
    void reportsAnEmptyFileAndMissingOrUnknownColumns() {
        Path empty = Fixtures.write(dir, "empty.csv", "");
        Path missing = Fixtures.write(dir, "missing.csv", "part_no,dialog_id,emotion\n0,x,sad\n");
        Path unknown = Fixtures.write(dir, "unknown.csv", String.join(",", ReleaseDataset.COLUMNS) + ",notes\n");

        assertThatThrownBy(() -> ReleaseDataset.read(empty)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> ReleaseDataset.read(missing)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(":1: ").hasMessageContaining("found: part_no, dialog_id, emotion")
                .hasMessageContaining("annotator_human, annotator_chatgpt");
        assertThatThrownBy(() -> ReleaseDataset.read(unknown)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("column 'notes'");
    }

    @Test
    void reportsTheLineOfInvalidUtf8() {
        String content = releaseCsv("\n", List.of(ROW_1, with(ROW_2, "situation", "multi\nline"),
                with(releaseRow(1, "x", "sad", "negative"), "situation", "caf\u00e9")));
        Path file = Fixtures.write(dir, "release.csv", content.getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ReleaseDataset.read(file)).isInstanceOfSatisfying(BadInputException.class,
                e -> assertThat(e.line()).isEqualTo(5));
    }

    @Test
    void wrapsAMissingFileWithItsName() {
        Path file = dir.resolve("nowhere.csv");

        assertThatThrownBy(() -> ReleaseDataset.read(file)).isExactlyInstanceOf(EmpathyException.class)
                .hasMessage("cannot read " + file + ": no such file");
    }

    @Test
    void readsStudyRatingsAsLevelsOfTheStudyScale() {
        Path file = csv("release.csv", List.of(ROW_1));

        assertThat(ReleaseDataset.read(file).ratings()).extracting(Rating::value)
                .allSatisfy(v -> assertThat(RatingScale.STUDY.single().contains(v)).isTrue())
                .containsExactly(1, 3, 2);
    }
}
