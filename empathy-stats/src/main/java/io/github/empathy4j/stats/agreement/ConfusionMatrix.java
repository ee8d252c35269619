package io.github.empathy4j.stats.agreement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How often two raters gave each pair of categories to the same units: rows are the first rater's category,
 * columns the second's, in the order of {@code categories}.
 *
 * <p>JSON fields: {@code categories}, {@code counts} (a list of rows).
 *
 * @param categories the category codes, in scale order (weights of {@link Agreement#cohensKappa} use this order)
 * @param counts {@code counts.get(i).get(j)}: units the first rater put in category {@code i} and the second in
 *     category {@code j}
 */
public record ConfusionMatrix(List<Integer> categories, List<List<Long>> counts) {

    public ConfusionMatrix {
        categories = List.copyOf(categories);
        List<List<Long>> rows = new ArrayList<>();
        for (List<Long> row : counts) {
            rows.add(List.copyOf(row));
        }
        counts = List.copyOf(rows);
        int k = categories.size();
        if (k < 2 || counts.size() != k || counts.stream().anyMatch(r -> r.size() != k)) {
            throw new IllegalArgumentException("a confusion matrix needs at least two categories and a square "
                    + "table of their size; got categories " + categories + " and counts " + counts);
        }
        for (int i = 0; i < counts.size(); i++) {
            for (int j = 0; j < counts.size(); j++) {
                if (counts.get(i).get(j) < 0) {
                    throw new IllegalArgumentException("confusion matrix cell [" + i + "][" + j + "] is "
                            + counts.get(i).get(j) + "; counts must not be negative");
                }
            }
        }
    }

    /**
     * Counts the pairs {@code (first[u], second[u])}.
     *
     * @throws IllegalArgumentException when the arrays differ in length or a value is not a category (naming the
     *     unit index and the value)
     */
    public static ConfusionMatrix of(int[] first, int[] second, List<Integer> categories) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.length != second.length) {
            throw new IllegalArgumentException("the raters rated " + first.length + " and " + second.length
                    + " units; expected the same units");
        }
        long[][] table = new long[categories.size()][categories.size()];
        for (int u = 0; u < first.length; u++) {
            table[index(categories, first[u], "first", u)][index(categories, second[u], "second", u)]++;
        }
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : table) {
            rows.add(Arrays.stream(row).boxed().toList());
        }
        return new ConfusionMatrix(categories, rows);
    }

    private static int index(List<Integer> categories, int value, String rater, int unit) {
        int i = categories.indexOf(value);
        if (i < 0) {
            throw new IllegalArgumentException("the " + rater + " rater's value " + value + " for unit " + unit
                    + " is not one of the categories " + categories);
        }
        return i;
    }

    /** The number of units. */
    public long total() {
        return counts.stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
    }
}
