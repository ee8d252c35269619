package io.github.empathy4j.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * A test's p-value, raw and corrected for multiple comparisons within its family (see {@link PValueCorrection}).
 *
 * <p>JSON fields: {@code raw}, {@code bonferroni}, {@code holm}, {@code benjaminiHochberg}, {@code familySize}.
 * A test alone is a family of one, whose corrected values equal the raw one. An undefined test has {@code NaN}
 * everywhere (written as the string {@code "NaN"} in JSON) and does not count in the family size.
 *
 * @param raw the unadjusted p-value
 * @param bonferroni Bonferroni-adjusted
 * @param holm Holm-adjusted
 * @param benjaminiHochberg Benjamini-Hochberg-adjusted
 * @param familySize how many defined p-values the family had
 */
public record PValues(double raw, double bonferroni, double holm, double benjaminiHochberg, int familySize) {

    /** One p-value, alone in its family. */
    public static PValues single(double raw) {
        return family(raw).get(0);
    }

    /** A family of p-values, each with its corrections, in the order given. */
    public static List<PValues> family(double... raw) {
        double[] bonferroni = PValueCorrection.BONFERRONI.adjust(raw);
        double[] holm = PValueCorrection.HOLM.adjust(raw);
        double[] bh = PValueCorrection.BENJAMINI_HOCHBERG.adjust(raw);
        int size = 0;
        for (double p : raw) {
            size += Double.isNaN(p) ? 0 : 1;
        }
        List<PValues> result = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            result.add(new PValues(raw[i], bonferroni[i], holm[i], bh[i], size));
        }
        return List.copyOf(result);
    }
}
