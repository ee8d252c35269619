package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.Emotion;
import io.github.empathy4j.core.Valence;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable, ordered set of dialogues with unique ids: what a run answers.
 *
 * <p>{@link #sample(int, long)} draws a sample balanced over emotions, reproducibly from a seed;
 * {@link #contentHash()} identifies the exact content, so a run can record which set it used.
 */
public final class DialogueSet {

    private final List<Dialogue> dialogues;
    private final Map<String, Dialogue> byId;
    private volatile String contentHash;

    private DialogueSet(List<Dialogue> dialogues) {
        this.dialogues = List.copyOf(dialogues);
        Map<String, Dialogue> index = new HashMap<>(this.dialogues.size() * 2);
        for (Dialogue d : this.dialogues) {
            if (index.putIfAbsent(d.id(), d) != null) {
                throw new IllegalArgumentException("duplicate dialogue id '" + d.id() + "'; ids must be unique");
            }
        }
        this.byId = index;
    }

    /**
     * A set of these dialogues, in this order.
     *
     * @throws IllegalArgumentException naming the first id that occurs twice
     */
    public static DialogueSet of(Collection<Dialogue> dialogues) {
        Objects.requireNonNull(dialogues, "dialogues");
        return new DialogueSet(new ArrayList<>(dialogues));
    }

    /** A set of these dialogues, in this order; see {@link #of(Collection)}. */
    public static DialogueSet of(Dialogue... dialogues) {
        return of(Arrays.asList(dialogues));
    }

    /** The dialogues, in order. */
    public List<Dialogue> dialogues() {
        return dialogues;
    }

    /** The ids, in order. */
    public List<String> ids() {
        return dialogues.stream().map(Dialogue::id).toList();
    }

    /** The number of dialogues. */
    public int size() {
        return dialogues.size();
    }

    /** Whether the set has no dialogue. */
    public boolean isEmpty() {
        return dialogues.isEmpty();
    }

    /** The dialogue with this id, if any. */
    public Optional<Dialogue> find(String id) {
        return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
    }

    /** The dialogues that match, in order. */
    public DialogueSet filter(Predicate<? super Dialogue> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new DialogueSet(dialogues.stream().filter(predicate).toList());
    }

    /** The dialogues of these emotions, in order. */
    public DialogueSet withEmotions(Collection<Emotion> emotions) {
        Objects.requireNonNull(emotions, "emotions");
        Set<Emotion> wanted = emotions.isEmpty() ? EnumSet.noneOf(Emotion.class) : EnumSet.copyOf(emotions);
        return filter(d -> wanted.contains(d.emotion()));
    }

    /** The dialogues of these emotions, in order. */
    public DialogueSet withEmotions(Emotion... emotions) {
        return withEmotions(Arrays.asList(emotions));
    }

    /** The dialogues of this valence, in order. */
    public DialogueSet withValence(Valence valence) {
        Objects.requireNonNull(valence, "valence");
        return filter(d -> d.valence() == valence);
    }

    /** The number of dialogues of each of the 32 emotions, in label order, zero included. */
    public Map<Emotion, Integer> countsByEmotion() {
        Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            counts.put(e, 0);
        }
        dialogues.forEach(d -> counts.merge(d.emotion(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    /** The number of dialogues of each valence, zero included. */
    public Map<Valence, Integer> countsByValence() {
        Map<Valence, Integer> counts = new EnumMap<>(Valence.class);
        for (Valence v : Valence.values()) {
            counts.put(v, 0);
        }
        dialogues.forEach(d -> counts.merge(d.valence(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    /**
     * A sample of {@code n} dialogues stratified by emotion, reproducible from the seed on any JVM.
     *
     * <p>The strata are the emotions present in this set, say <i>m</i> of them (32 for a full dataset).
     * When {@link #canBalance(int) it can}, each gets {@code n / m} dialogues and the remaining {@code n % m}
     * go, one each, to emotions chosen at random among those with dialogues to spare. Otherwise (an emotion has
     * too few dialogues for an equal share) each emotion's share is proportional to its size: emotion <i>e</i>
     * with <i>s</i> of the set's <i>N</i> dialogues gets {@code floor(n * s / N)}, and the dialogues left over
     * go, one each, to the emotions with the largest remainders {@code (n * s) mod N}.
     *
     * <p>Algorithm, with one {@link Random} seeded with {@code seed} (its algorithm is specified, so the sample
     * is the same on every JVM) and the Fisher-Yates shuffle (for {@code i} from the last index down to 1, swap
     * elements {@code i} and {@code random.nextInt(i + 1)}): shuffle the strata, listed in {@link Emotion}
     * order; balanced, give the extra dialogues to the first {@code n % m} of them that have more than
     * {@code n / m}; proportional, give the left-over ones in order of decreasing remainder, ties in the
     * shuffled order. Then, in {@link Emotion} order, shuffle each stratum's dialogues (in set order) and take
     * the first ones. The sample keeps this set's order.
     *
     * @throws IllegalArgumentException when {@code n} is negative or larger than the set
     */
    public DialogueSet sample(int n, long seed) {
        if (n < 0 || n > dialogues.size()) {
            throw new IllegalArgumentException("cannot sample " + n + " dialogues from a set of " + dialogues.size());
        }
        Map<Emotion, List<Dialogue>> strata = strata();
        if (strata.isEmpty()) {
            return this;
        }
        boolean balanced = canBalance(n);
        Random random = new Random(seed);
        List<Emotion> order = new ArrayList<>(strata.keySet());
        shuffle(order, random);
        Map<Emotion, Integer> quota = new EnumMap<>(Emotion.class);
        if (balanced) {
            int base = n / strata.size();
            int extra = n % strata.size();
            for (Emotion e : order) {
                boolean spare = extra > 0 && strata.get(e).size() > base;
                quota.put(e, spare ? base + 1 : base);
                extra -= spare ? 1 : 0;
            }
        } else {
            long total = dialogues.size();
            int left = n;
            for (Emotion e : order) {
                int share = (int) ((long) n * strata.get(e).size() / total);
                quota.put(e, share);
                left -= share;
            }
            List<Emotion> byRemainder = new ArrayList<>(order);
            byRemainder.sort(Comparator.comparingLong((Emotion e) -> (long) n * strata.get(e).size() % total)
                    .reversed());
            for (int i = 0; i < left; i++) {
                quota.merge(byRemainder.get(i), 1, Integer::sum);
            }
        }
        Set<String> chosen = new HashSet<>();
        for (Map.Entry<Emotion, List<Dialogue>> s : strata.entrySet()) {
            List<Dialogue> pool = s.getValue();
            shuffle(pool, random);
            pool.subList(0, quota.get(s.getKey())).forEach(d -> chosen.add(d.id()));
        }
        return new DialogueSet(dialogues.stream().filter(d -> chosen.contains(d.id())).toList());
    }

    /**
     * Whether a sample of {@code n} can be balanced over the emotions present, each getting {@code n / m} or one
     * more (for the release's 2,000 dialogues, up to 32 times its smallest emotion); otherwise
     * {@link #sample(int, long)} allocates in proportion to each emotion's size.
     */
    public boolean canBalance(int n) {
        Map<Emotion, List<Dialogue>> strata = strata();
        if (n < 0 || n > dialogues.size() || strata.isEmpty()) {
            return n >= 0 && n <= dialogues.size();
        }
        int base = n / strata.size();
        long spare = strata.values().stream().filter(s -> s.size() > base).count();
        return strata.values().stream().allMatch(s -> s.size() >= base) && spare >= n % strata.size();
    }

    /** The dialogues of each emotion present, in set order, emotions in {@link Emotion} order. */
    private Map<Emotion, List<Dialogue>> strata() {
        Map<Emotion, List<Dialogue>> strata = new EnumMap<>(Emotion.class);
        for (Dialogue d : dialogues) {
            strata.computeIfAbsent(d.emotion(), e -> new ArrayList<>()).add(d);
        }
        return strata;
    }

    /** Fisher-Yates, spelled out so that the sample cannot change with the JDK. */
    private static <T> void shuffle(List<T> list, Random random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    /**
     * The SHA-256 of the set's canonical form, as 64 lower-case hex digits. The canonical form is the
     * JSON Lines file {@link DialogueJsonl#write(java.nio.file.Path, DialogueSet)} writes (UTF-8, one line
     * per dialogue, in order), so {@code sha256sum} of that file gives the same value. It depends only on
     * the dialogues and their order.
     */
    public String contentHash() {
        String hash = contentHash;
        if (hash == null) {
            MessageDigest digest = sha256();
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                DialogueJsonl.write(out, dialogues);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hash = HexFormat.of().formatHex(digest.digest());
            contentHash = hash;
        }
        return hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Equal when the dialogues and their order are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DialogueSet other && dialogues.equals(other.dialogues);
    }

    @Override
    public int hashCode() {
        return dialogues.hashCode();
    }

    @Override
    public String toString() {
        return "DialogueSet[" + dialogues.size() + " dialogues, " + countsByValence() + "]";
    }
}
