package io.github.empathy4j.core;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The 32 emotion labels of EmpatheticDialogues, each with the valence the 2024 study gave it
 * (14 positive, 18 negative).
 */
public enum Emotion {
    AFRAID(Valence.NEGATIVE),
    ANGRY(Valence.NEGATIVE),
    ANNOYED(Valence.NEGATIVE),
    ANTICIPATING(Valence.POSITIVE),
    ANXIOUS(Valence.NEGATIVE),
    APPREHENSIVE(Valence.NEGATIVE),
    ASHAMED(Valence.NEGATIVE),
    CARING(Valence.POSITIVE),
    CONFIDENT(Valence.POSITIVE),
    CONTENT(Valence.POSITIVE),
    DEVASTATED(Valence.NEGATIVE),
    DISAPPOINTED(Valence.NEGATIVE),
    DISGUSTED(Valence.NEGATIVE),
    EMBARRASSED(Valence.NEGATIVE),
    EXCITED(Valence.POSITIVE),
    FAITHFUL(Valence.POSITIVE),
    FURIOUS(Valence.NEGATIVE),
    GRATEFUL(Valence.POSITIVE),
    GUILTY(Valence.NEGATIVE),
    HOPEFUL(Valence.POSITIVE),
    IMPRESSED(Valence.POSITIVE),
    JEALOUS(Valence.NEGATIVE),
    JOYFUL(Valence.POSITIVE),
    LONELY(Valence.NEGATIVE),
    NOSTALGIC(Valence.NEGATIVE),
    PREPARED(Valence.POSITIVE),
    PROUD(Valence.POSITIVE),
    SAD(Valence.NEGATIVE),
    SENTIMENTAL(Valence.NEGATIVE),
    SURPRISED(Valence.POSITIVE),
    TERRIFIED(Valence.NEGATIVE),
    TRUSTING(Valence.POSITIVE);

    private final Valence valence;

    Emotion(Valence valence) {
        this.valence = valence;
    }

    /** The study's valence of this emotion. */
    public Valence valence() {
        return valence;
    }

    /** The label exactly as it appears in the data, in lower case, for example {@code apprehensive}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The emotions of one valence, in label order. */
    public static List<Emotion> of(Valence valence) {
        return Arrays.stream(values()).filter(e -> e.valence == valence).toList();
    }

    /**
     * Parses a label, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException for an unknown label; the message names the nearest label
     */
    public static Emotion parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Emotion e : values()) {
            if (e.label().equals(t)) {
                return e;
            }
        }
        Emotion nearest = Arrays.stream(values())
                .min(Comparator.comparingInt((Emotion e) -> editDistance(e.label(), t)))
                .orElseThrow();
        throw new IllegalArgumentException("'" + text + "' is not one of the 32 EmpatheticDialogues emotions;"
                + " did you mean '" + nearest.label() + "'?");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
