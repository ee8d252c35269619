package io.github.empathy4j.core.crowd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.Turn;
import io.github.empathy4j.core.rating.RatingScale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A crowd study run as the 2024 study ran it, between subjects: each condition's replies are split into
 * batches (of 10 in the study), each batch meant for one participant, and each participant rates one
 * condition only.
 *
 * <pre>{@code
 * CrowdStudy study = CrowdStudy.design(dialogues, replies, RatingScale.STUDY, 10, 7);
 * study.save(Path.of("study"));                                  // key.json: private
 * study.export(Path.of("study", "export"), dialogues, replies, EnumSet.allOf(CrowdStudy.Format.class));
 * // ... the crowd rates; then:
 * CrowdImport.Result result = CrowdImport.read(CrowdStudy.load(Path.of("study")), Path.of("returned.csv"),
 *         List.of(AttentionCheck.parse("check1=3")), ErrorPolicy.LENIENT);
 * RatingJournal.append(run.resolve(RatingJournal.FILE_NAME), result.ratings());
 * }</pre>
 *
 * <p>Design, all from one {@link Random} seeded with {@code seed}, so the same inputs give the same
 * study on every JVM. The dialogues that have replies are split once into {@code ceil(n / size)} groups
 * balanced over emotions: each emotion's dialogues (emotions in {@link Emotion} order, dialogues in the
 * given order) are shuffled, the emotions' lists are joined, and the result is dealt to the groups in
 * turn, so every group gets an emotion's dialogues in proportion and group sizes differ by at most one.
 * Each condition gets one batch per group with its replies to the group's dialogues (as the study's
 * {@code part_no}, the same dialogues in every condition). Every item gets an opaque random id; the
 * batches of all conditions are shuffled together and numbered {@code b001}, {@code b002}, ... so
 * neither reveals the condition; the items of each batch are shuffled.
 *
 * <p>The study folder keeps {@value #KEY_FILE}, the private key from item ids to condition and
 * dialogue; exports ({@value #CSV_FILE}, {@value #JSON_FILE}) hold only batch and item ids, the
 * dialogues, the replies, the question and the levels.
 *
 * @param scale the rating scale's id
 * @param dimension the dimension rated, with its question and levels
 * @param batchSize the largest number of items in a batch
 * @param seed the design's seed
 * @param batches the batches, in id order
 */
public record CrowdStudy(String scale, RatingScale.Dimension dimension, int batchSize, long seed,
        List<Batch> batches) {

    /** The private key inside the study folder. */
    public static final String KEY_FILE = "key.json";
    /** The CSV export's file name. */
    public static final String CSV_FILE = "batches.csv";
    /** The JSON export's file name. */
    public static final String JSON_FILE = "batches.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The export formats. */
    public enum Format {
        /** One row per item: {@code batch, position, item, situation, conversation, reply, question, levels}. */
        CSV,
        /** The question, the levels, and the batches with their items. */
        JSON
    }

    /**
     * One participant's set of items, all of one condition.
     *
     * @param id the opaque batch id, such as {@code b017}
     * @param condition the condition of every item (private: never exported)
     * @param items the items in the order participants see them
     */
    public record Batch(String id, String condition, List<Item> items) {

        public Batch {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(condition, "condition");
            items = List.copyOf(items);
        }
    }

    /**
     * One reply to rate.
     *
     * @param id the opaque item id participants return with their rating
     * @param dialogueId the dialogue the reply answers (private: never exported)
     */
    public record Item(String id, String dialogueId) {

        public Item {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(dialogueId, "dialogueId");
        }
    }

    public CrowdStudy {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(dimension, "dimension");
        batches = List.copyOf(batches);
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, was " + batchSize);
        }
    }

    /** Designs a study of a one-dimensional scale; see {@link #design(Collection, Collection, RatingScale, RatingScale.Dimension, int, long)}. */
    public static CrowdStudy design(Collection<Dialogue> dialogues, Collection<Reply> replies, RatingScale scale,
            int batchSize, long seed) {
        return design(dialogues, replies, scale, scale.single(), batchSize, seed);
    }

    /**
     * Designs a study: every reply becomes one item, in batches of at most {@code batchSize}.
     *
     * @throws IllegalArgumentException when there is no reply, a reply's dialogue is missing, a condition
     *         has two replies to a dialogue, or the batch size is below 1
     */
    public static CrowdStudy design(Collection<Dialogue> dialogues, Collection<Reply> replies, RatingScale scale,
            RatingScale.Dimension dimension, int batchSize, long seed) {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(dimension, "dimension");
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, was " + batchSize);
        }
        if (replies.isEmpty()) {
            throw new IllegalArgumentException("a crowd study needs replies to rate; there is none");
        }
        Map<String, Dialogue> byId = new HashMap<>();
        dialogues.forEach(d -> byId.put(d.id(), d));
        Map<String, Map<String, Reply>> byCondition = new LinkedHashMap<>();
        Set<String> answered = new HashSet<>();
        for (Reply r : replies) {
            if (!byId.containsKey(r.dialogueId())) {
                throw new IllegalArgumentException("the reply of condition '" + r.condition() + "' to dialogue '"
                        + r.dialogueId() + "' has no dialogue among the " + byId.size() + " given");
            }
            if (byCondition.computeIfAbsent(r.condition(), c -> new HashMap<>()).put(r.dialogueId(), r) != null) {
                throw new IllegalArgumentException("condition '" + r.condition() + "' has two replies to dialogue '"
                        + r.dialogueId() + "'");
            }
            answered.add(r.dialogueId());
        }
        Random random = new Random(seed);
        Map<Emotion, List<String>> strata = new EnumMap<>(Emotion.class);
        for (Dialogue d : dialogues) {
            if (answered.remove(d.id())) {
                strata.computeIfAbsent(d.emotion(), e -> new ArrayList<>()).add(d.id());
            }
        }
        List<String> dealt = new ArrayList<>();
        for (List<String> stratum : strata.values()) {
            shuffle(stratum, random);
            dealt.addAll(stratum);
        }
        int groupCount = (dealt.size() + batchSize - 1) / batchSize;
        List<List<String>> groups = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < dealt.size(); i++) {
            groups.get(i % groupCount).add(dealt.get(i));
        }
        List<Batch> unnamed = new ArrayList<>();
        Set<String> itemIds = new HashSet<>();
        for (Map.Entry<String, Map<String, Reply>> condition : byCondition.entrySet()) {
            for (List<String> group : groups) {
                List<Item> items = new ArrayList<>();
                for (String dialogueId : group) {
                    if (condition.getValue().containsKey(dialogueId)) {
                        items.add(new Item(itemId(random, itemIds), dialogueId));
                    }
                }
                if (!items.isEmpty()) {
                    shuffle(items, random);
                    unnamed.add(new Batch("", condition.getKey(), items));
                }
            }
        }
        shuffle(unnamed, random);
        int width = Math.max(3, Integer.toString(unnamed.size()).length());
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < unnamed.size(); i++) {
            Batch b = unnamed.get(i);
            batches.add(new Batch(String.format(Locale.ROOT, "b%0" + width + "d", i + 1), b.condition(), b.items()));
        }
        return new CrowdStudy(scale.id(), dimension, batchSize, seed, batches);
    }

    private static String itemId(Random random, Set<String> taken) {
        while (true) {
            String id = String.format(Locale.ROOT, "i%010x", random.nextLong() & 0xFF_FFFF_FFFFL);
            if (taken.add(id)) {
                return id;
            }
        }
    }

    /** Fisher-Yates, spelled out so that the design cannot change with the JDK. */
    private static <T> void shuffle(List<T> list, Random random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    /** The conditions, in the order of their first batch. */
    public List<String> conditions() {
        return batches.stream().map(Batch::condition).distinct().toList();
    }

    /** The number of items. */
    public int items() {
        return batches.stream().mapToInt(b -> b.items().size()).sum();
    }

    /**
     * Writes the private key ({@value #KEY_FILE}) into the study folder, creating it; the key is readable by its
     * owner only ({@code rw-------}) where the file system has POSIX permissions. A folder that holds
     * this study's key already is left as it is.
     *
     * @throws ConfigurationException when the folder holds the key of another study, which must not be lost
     */
    public void save(Path studyDirectory) {
        Path file = studyDirectory.resolve(KEY_FILE);
        try {
            Files.createDirectories(studyDirectory);
            if (Files.exists(file)) {
                if (!load(studyDirectory).equals(this)) {
                    throw new ConfigurationException(file + " holds the key of another crowd study; its ratings "
                            + "cannot be imported without it. Use another study folder.");
                }
                return;
            }
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads the study from its folder's key.
     *
     * @throws BadInputException when the folder has no key or the key cannot be read
     */
    public static CrowdStudy load(Path studyDirectory) {
        Path file = studyDirectory.resolve(KEY_FILE);
        try {
            return JSON.readValue(file.toFile(), CrowdStudy.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BadInputException(file.toString(), 0, null, null,
                    "the study's key; export the batches into this study folder first", e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    null, null, "a crowd study's key in JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Writes the blinded batches for a crowd platform or a rating app into a folder (created when absent),
     * with the dialogues and replies' texts. Nothing in the export names a condition or a dialogue.
     *
     * @param directory the export folder: not the study folder, whose key stays private
     * @throws IllegalArgumentException when a study item's dialogue or reply is missing
     */
    public void export(Path directory, Collection<Dialogue> dialogues, Collection<Reply> replies,
            Set<Format> formats) {
        Objects.requireNonNull(directory, "directory");
        Map<String, Dialogue> byId = dialogues.stream().collect(Collectors.toMap(Dialogue::id, d -> d, (a, b) -> a));
        Map<String, Reply> byKey = replies.stream().collect(Collectors.toMap(
                r -> r.condition() + '\u0000' + r.dialogueId(), r -> r, (a, b) -> a));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> jsonBatches = new ArrayList<>();
        String levels = dimension.levels().stream().map(l -> l.code() + " = " + l.label() + ": " + l.meaning())
                .collect(Collectors.joining("; "));
        for (Batch b : batches) {
            List<Map<String, Object>> items = new ArrayList<>();
            int position = 0;
            for (Item item : b.items()) {
                Dialogue d = byId.get(item.dialogueId());
                Reply r = byKey.get(b.condition() + '\u0000' + item.dialogueId());
                if (d == null || r == null) {
                    throw new IllegalArgumentException("item " + item.id() + " of batch " + b.id()
                            + " needs dialogue '" + item.dialogueId() + "' and its reply of condition '"
                            + b.condition() + "'; " + (d == null ? "the dialogue" : "the reply") + " is missing");
                }
                position++;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("batch", b.id());
                row.put("position", position);
                row.put("item", item.id());
                row.put("situation", d.situation());
                row.put("conversation", d.turns().stream().map(t -> role(t) + ": " + t.text())
                        .collect(Collectors.joining("\n")));
                row.put("reply", r.text());
                row.put("question", dimension.question());
                row.put("levels", levels);
                rows.add(row);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("position", position);
                json.put("item", item.id());
                json.put("situation", d.situation());
                json.put("turns", d.turns().stream().map(t -> Map.of("role", role(t), "text", t.text())).toList());
                json.put("reply", r.text());
                items.add(json);
            }
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("batch", b.id());
            batch.put("items", items);
            jsonBatches.add(batch);
        }
        try {
            Files.createDirectories(directory);
            if (formats.contains(Format.CSV)) {
                CsvMapper csv = new CsvMapper();
                CsvSchema schema = CsvSchema.builder().addColumns(List.of("batch", "position", "item", "situation",
                        "conversation", "reply", "question", "levels"), CsvSchema.ColumnType.STRING).build()
                        .withHeader();
                csv.writer(schema).writeValues(directory.resolve(CSV_FILE).toFile()).writeAll(rows).close();
            }
            if (formats.contains(Format.JSON)) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("scale", scale);
                root.put("dimension", dimension.id());
                root.put("question", dimension.question());
                root.put("levels", dimension.levels());
                root.put("batches", jsonBatches);
                JSON.writeValue(directory.resolve(JSON_FILE).toFile(), root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export into " + directory, e);
        }
    }

    private static String role(Turn t) {
        return t.role() == Turn.Role.SPEAKER ? "Speaker" : "Listener";
    }
}
