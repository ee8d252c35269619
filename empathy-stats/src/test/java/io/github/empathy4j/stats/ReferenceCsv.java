package io.github.empathy4j.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the reference cases that the R and python scripts beside them wrote (test resources under
 * {@code io/github/empathy4j/stats/}): a CSV file with a header, fields optionally in double quotes, no commas
 * inside fields; vectors are space-separated, tables rows separated by {@code ;}.
 */
final class ReferenceCsv {

    private ReferenceCsv() {
    }

    /** The rows of a resource relative to this package, each a map from column name to text. */
    static List<Map<String, String>> read(String resource) {
        try (InputStream in = ReferenceCsv.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            String[] header = fields(lines[0]);
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String[] values = fields(lines[i]);
                Map<String, String> row = new LinkedHashMap<>();
                for (int j = 0; j < header.length; j++) {
                    row.put(header[j], values[j]);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    static double[] codes(String text) {
        return text.isEmpty() ? new double[0] : Arrays.stream(text.split(" ")).mapToDouble(Double::parseDouble)
                .toArray();
    }

    static long[] counts(String text) {
        return Arrays.stream(text.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    static boolean[] booleans(String text) {
        double[] codes = codes(text);
        boolean[] result = new boolean[codes.length];
        for (int i = 0; i < codes.length; i++) {
            result[i] = codes[i] == 1;
        }
        return result;
    }

    /** A table's rows, each row's values space-separated and rows separated by {@code ;}. */
    static long[][] table(String text) {
        return Arrays.stream(text.split(";")).map(ReferenceCsv::counts).toArray(long[][]::new);
    }

    /** The columns of a table given as rows (dialogues by conditions becomes conditions by dialogues). */
    static double[][] columns(String text) {
        long[][] rows = table(text);
        double[][] columns = new double[rows[0].length][rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                columns[j][i] = rows[i][j];
            }
        }
        return columns;
    }

    private static String[] fields(String line) {
        String[] fields = line.strip().split(",", -1);
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i];
            fields[i] = f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"") ? f.substring(1, f.length() - 1) : f;
        }
        return fields;
    }
}
