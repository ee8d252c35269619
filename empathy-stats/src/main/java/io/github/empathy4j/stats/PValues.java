package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A test's p-value, raw and corrected for multiple comparisons within its family (see {@link PValueCorrection}).
 *
 * <p>JSON fields: {@code raw}, {@code bonferroni}, {@code holm}, {@code benjaminiHochberg}, {@code familySize},
 * {@code family}. A test alone is a family of one, whose corrected values equal the raw one. An undefined test has
 * {@code NaN} everywhere (written as the string {@code "NaN"} in JSON) and does not count in the family size.
 *
 * @param raw the unadjusted p-value
 * @param bonferroni Bonferroni-adjusted
 * @param holm Holm-adjusted
 * @param benjaminiHochberg Benjamini-Hochberg-adjusted
 * @param familySize how many defined p-values the family had
 * @param family which family the p-value was corrected in, such as {@code "emotions, yates, gpt-4 vs human"};
 *     {@value #ALONE} for a test alone
 */
public record PValues(double raw, double bonferroni, double holm, double benjaminiHochberg, int familySize,
        String family) {

    /** The family of a test alone. */
    public static final String ALONE = "alone";

    /** The family name of p-values corrected together without a name. */
    public static final String UNNAMED = "unnamed";

    /** The same p-values under another family name. */
    public PValues named(String name) {
        return new PValues(raw, bonferroni, holm, benjaminiHochberg, familySize, name);
    }

    public PValues {
        Objects.requireNonNull(family, "family");
    }

    /** A p-value with its corrections in an unnamed family ({@value #ALONE} when the family has one member). */
    public PValues(double raw, double bonferroni, double holm, double benjaminiHochberg, int familySize) {
        this(raw, bonferroni, holm, benjaminiHochberg, familySize, ALONE);
    }

    /** One p-value, alone in its family. */
    public static PValues single(double raw) {
        return family(raw).get(0);
    }

    /** A family of p-values, each with its corrections, in the order given; named {@value #UNNAMED}. */
    public static List<PValues> family(double... raw) {
        return family(raw.length == 1 ? ALONE : UNNAMED, raw);
    }

    /** A named family of p-values, each with its corrections and the family's name, in the order given. */
    public static List<PValues> family(String name, double... raw) {
        Objects.requireNonNull(name, "name");
        double[] bonferroni = PValueCorrection.BONFERRONI.adjust(raw);
        double[] holm = PValueCorrection.HOLM.adjust(raw);
        double[] bh = PValueCorrection.BENJAMINI_HOCHBERG.adjust(raw);
        int size = 0;
        for (double p : raw) {
            size += Double.isNaN(p) ? 0 : 1;
        }
        List<PValues> result = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            result.add(new PValues(raw[i], bonferroni[i], holm[i], bh[i], size, name));
        }
        return List.copyOf(result);
    }
}
