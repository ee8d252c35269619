package io.github.empathy4j.report;

import io.github.empathy4j.core.rating.RatingScale;
import io.github.empathy4j.stats.Comparison;
import io.github.empathy4j.stats.ConditionSummary;
import io.github.empathy4j.stats.GroupAnalysis;
import io.github.empathy4j.stats.StudyAnalysis;
import io.github.empathy4j.stats.TestResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The report's charts, drawn with XChart as PNG images (no display needed). */
final class Charts {

    private static final Color BAD = new Color(0xD7, 0x30, 0x27);
    private static final Color MIDDLE = new Color(0xF4, 0xB6, 0x3F);
    private static final Color GOOD = new Color(0x1A, 0x98, 0x50);
    private static final Color BLUE = new Color(0x31, 0x68, 0xA8);
    private static final Color ORANGE = new Color(0xE0, 0x7B, 0x28);
    private static final Color GREY = new Color(0xB0, 0xB0, 0xB0);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** About the width of one character of {@link #TEXT}, to tell whether labels fit. */
    private static final double LABEL_PIXELS_PER_CHARACTER = 7.5;
    private static final int LABEL_ANGLE = 45;
    private static final int LABEL_CHARACTERS = 40;
    private static final int FILE_NAME_CHARACTERS = 60;
    private static final Pattern SAFE = Pattern.compile("[a-z0-9._-]+");
    private static final Set<String> FIXED = Set.of("ratings.png", "share.png", "valence.png");

    private Charts() {
    }

    /** Every chart the analysis has data for, by file name, in reading order. */
    static Map<String, byte[]> all(StudyAnalysis analysis) {
        Map<String, byte[]> charts = new LinkedHashMap<>();
        if (analysis.overall().conditions().stream().allMatch(c -> c.counts() != null)) {
            charts.put("ratings.png", png(levels(analysis)));
        }
        charts.put("share.png", png(share(analysis)));
        if (!analysis.valences().isEmpty()) {
            charts.put("valence.png", png(valences(analysis)));
        }
        if (!analysis.emotions().isEmpty()) {
            for (String condition : analysis.conditions().subList(1, analysis.conditions().size())) {
                charts.put("emotions-" + fileName(condition) + ".png", png(emotions(analysis, condition)));
            }
        }
        return charts;
    }

    /** Stacked bars: each condition's ratings by level, in percent. */
    static CategoryChart levels(StudyAnalysis analysis) {
        List<ConditionSummary> conditions = analysis.overall().conditions();
        List<String> names = labels(conditions.stream().map(ConditionSummary::condition).toList());
        CategoryChart chart = new CategoryChartBuilder().width(800).height(480 + labelDepth(names, 800))
                .title("Ratings by condition").xAxisTitle("").yAxisTitle("% of ratings").build();
        style(chart);
        CategoryStyler styler = chart.getStyler();
        fitLabels(styler, names, 800);
        styler.setStacked(true);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setYAxisMax(100.0);
        styler.setYAxisMin(0.0);
        styler.setSeriesColors(levelColors(analysis.levels().size()));
        List<RatingScale.Level> levels = analysis.levels();
        for (int i = 0; i < levels.size(); i++) {
            List<Double> percents = new ArrayList<>();
            for (ConditionSummary c : conditions) {
                percents.add(100.0 * c.counts().get(i) / c.n());
            }
            chart.addSeries(levels.get(i).label(), names, percents);
        }
        return chart;
    }

    /** The share of success by condition with its Wilson interval, as a dot and a horizontal line. */
    static XYChart share(StudyAnalysis analysis) {
        List<ConditionSummary> conditions = analysis.overall().conditions();
        int k = conditions.size();
        String success = StudyTables.successLabel(analysis);
        int confidence = (int) Math.round(analysis.confidenceLevel() * 100);
        XYChart chart = new XYChartBuilder().width(800).height(140 + 50 * k)
                .title("Share of " + success + " with " + confidence + "% Wilson intervals")
                .xAxisTitle("% " + success).yAxisTitle("").build();
        style(chart);
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setYAxisMin(0.5);
        styler.setYAxisMax(k + 0.5);
        styler.setYAxisTickMarkSpacingHint(20);
        styler.setPlotGridHorizontalLinesVisible(false);
        styler.setAxisTicksMarksVisible(false);
        styler.setAxisTickPadding(8);
        styler.setyAxisTickLabelsFormattingFunction(y -> label(conditions, k, y));
        styler.setxAxisTickLabelsFormattingFunction(x -> String.format(Locale.ROOT, "%.0f", x));
        double low = 100;
        double high = 0;
        for (int i = 0; i < k; i++) {
            ConditionSummary c = conditions.get(i);
            double y = k - i;
            Color color = i == 0 ? GREY.darker() : BLUE;
            XYSeries interval = chart.addSeries(c.condition() + " interval",
                    new double[] {100 * c.shareInterval().lower(), 100 * c.shareInterval().upper()},
                    new double[] {y, y});
            interval.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(new BasicStroke(3f));
            XYSeries point = chart.addSeries(c.condition(), new double[] {100 * c.share()}, new double[] {y});
            point.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color).setLineStyle(new BasicStroke(0f));
            low = Math.min(low, 100 * c.shareInterval().lower());
            high = Math.max(high, 100 * c.shareInterval().upper());
        }
        styler.setXAxisMin(Math.max(0, Math.floor(low / 5) * 5 - 5));
        styler.setXAxisMax(Math.min(100, Math.ceil(high / 5) * 5 + 5));
        return chart;
    }

    /**
     * The leaderboard's chart: each entry's share of Good with its Wilson interval, as a dot and a line, highest
     * first, the baselines in grey.
     */
    static byte[] leaderboard(Leaderboard board) {
        List<Leaderboard.Entry> entries = board.entries();
        int k = entries.size();
        List<String> names = entries.stream().map(e -> abbreviate(e.run() + ": " + e.condition())).toList();
        XYChart chart = new XYChartBuilder().width(900).height(140 + 40 * k)
                .title("Share of Good with Wilson intervals").xAxisTitle("% Good").yAxisTitle("").build();
        style(chart);
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setYAxisMin(0.5);
        styler.setYAxisMax(k + 0.5);
        styler.setYAxisTickMarkSpacingHint(20);
        styler.setPlotGridHorizontalLinesVisible(false);
        styler.setAxisTicksMarksVisible(false);
        styler.setAxisTickPadding(8);
        styler.setyAxisTickLabelsFormattingFunction(y -> {
            long index = Math.round(y);
            return Math.abs(y - index) > 1e-6 || index < 1 || index > k
                    ? " ".repeat(1 + (int) Math.max(0, Math.round(y * 100))) : names.get((int) (k - index));
        });
        styler.setxAxisTickLabelsFormattingFunction(x -> String.format(Locale.ROOT, "%.0f", x));
        double low = 100;
        double high = 0;
        for (int i = 0; i < k; i++) {
            Leaderboard.Entry e = entries.get(i);
            if (Double.isNaN(e.share())) {
                continue;
            }
            double y = k - i;
            Color color = e.atBaseline() ? GREY.darker() : BLUE;
            XYSeries interval = chart.addSeries(i + " interval", new double[] {100 * e.shareInterval().lower(),
                    100 * e.shareInterval().upper()}, new double[] {y, y});
            interval.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(new BasicStroke(3f));
            XYSeries point = chart.addSeries(i + " share", new double[] {100 * e.share()}, new double[] {y});
            point.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color).setLineStyle(new BasicStroke(0f));
            low = Math.min(low, 100 * e.shareInterval().lower());
            high = Math.max(high, 100 * e.shareInterval().upper());
        }
        styler.setXAxisMin(Math.max(0, Math.floor(low / 5) * 5 - 5));
        styler.setXAxisMax(Math.min(100, Math.ceil(high / 5) * 5 + 5));
        return png(chart);
    }

    /** Grouped bars: the share of success of each condition, one bar per valence. */
    static CategoryChart valences(StudyAnalysis analysis) {
        String success = StudyTables.successLabel(analysis);
        List<String> names = labels(analysis.conditions());
        CategoryChart chart = new CategoryChartBuilder().width(800).height(480 + labelDepth(names, 800))
                .title("Share of " + success + ": positive vs negative emotions").xAxisTitle("")
                .yAxisTitle("% " + success).build();
        style(chart);
        CategoryStyler styler = chart.getStyler();
        fitLabels(styler, names, 800);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(100.0);
        styler.setSeriesColors(new Color[] {ORANGE, BLUE});
        styler.setLabelsVisible(true);
        styler.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLabelsPosition(0.98);
        styler.setLabelsFontColorAutomaticEnabled(false);
        styler.setLabelsFontColor(Color.WHITE);
        styler.setyAxisTickLabelsFormattingFunction(y -> String.format(Locale.ROOT, "%.0f", y));
        Map<String, String> label = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            label.put(analysis.conditions().get(i), names.get(i));
        }
        for (GroupAnalysis g : analysis.valences()) {
            List<String> categories = g.conditions().stream().map(c -> label.get(c.condition())).toList();
            List<Double> shares = g.conditions().stream().map(c -> Math.round(1000 * finite(c.share())) / 10.0)
                    .toList();
            chart.addSeries(g.group().label(), categories, shares);
        }
        return chart;
    }

    /**
     * Bars: one condition's relative increase in success over the baseline in each emotion, largest first;
     * significant ones (Holm-corrected p below 0.05) coloured, the others grey; untestable emotions are left out.
     */
    static CategoryChart emotions(StudyAnalysis analysis, String condition) {
        String success = StudyTables.successLabel(analysis);
        List<GroupAnalysis> groups = new ArrayList<>(analysis.emotions().stream()
                .filter(g -> g.untestable().isEmpty()).toList());
        groups.sort(Comparator.comparingDouble((GroupAnalysis g) -> finite(g.comparison(condition)
                .relativeIncrease())).reversed());
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
                .title(abbreviate(condition) + " vs " + abbreviate(analysis.baseline()) + ": relative increase in "
                        + success + " by emotion")
                .xAxisTitle("").yAxisTitle("% increase over " + abbreviate(analysis.baseline())).build();
        style(chart);
        CategoryStyler styler = chart.getStyler();
        styler.setOverlapped(true);
        styler.setXAxisLabelRotation(90);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setSeriesColors(new Color[] {GOOD, GREY});
        styler.setyAxisTickLabelsFormattingFunction(y -> String.format(Locale.ROOT, "%.0f", y));
        List<String> names = new ArrayList<>();
        List<Double> significant = new ArrayList<>();
        List<Double> other = new ArrayList<>();
        for (GroupAnalysis g : groups) {
            Comparison x = g.comparison(condition);
            TestResult test = x.fisher() != null ? x.fisher() : x.yates();
            double percent = 100 * finite(x.relativeIncrease());
            boolean marked = test.p().holm() < 0.05;
            names.add(g.group().label());
            significant.add(marked ? percent : 0.0);
            other.add(marked ? 0.0 : percent);
        }
        chart.addSeries("significant (Holm p < 0.05)", names, significant);
        chart.addSeries("not significant", names, other);
        return chart;
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    /**
     * The y-axis label of a condition's row. Ticks between rows get blank labels, each a different number of spaces:
     * XChart drops every label of an axis when two are equal.
     */
    private static String label(List<ConditionSummary> conditions, int k, double y) {
        long index = Math.round(y);
        if (Math.abs(y - index) > 1e-6 || index < 1 || index > k) {
            return " ".repeat(1 + (int) Math.max(0, Math.round(y * 100)));
        }
        return abbreviate(conditions.get((int) (k - index)).condition());
    }

    private static Color[] levelColors(int levels) {
        if (levels == 3) {
            return new Color[] {BAD, MIDDLE, GOOD};
        }
        Color[] colors = new Color[levels];
        for (int i = 0; i < levels; i++) {
            float t = levels == 1 ? 1 : (float) i / (levels - 1);
            colors[i] = new Color(Math.round(BAD.getRed() + t * (GOOD.getRed() - BAD.getRed())),
                    Math.round(BAD.getGreen() + t * (GOOD.getGreen() - BAD.getGreen())),
                    Math.round(BAD.getBlue() + t * (GOOD.getBlue() - BAD.getBlue())));
        }
        return colors;
    }

    private static void style(Chart<? extends AxesChartStyler, ?> chart) {
        AxesChartStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(TITLE);
        styler.setLegendFont(TEXT);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setAxisTickLabelsFont(TEXT);
        styler.setAxisTitleFont(TEXT);
        styler.setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xE4));
        styler.setAntiAlias(true);
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the chart '" + chart.getTitle() + "'", e);
        }
    }

    /**
     * A condition's name as part of a file name, distinct for distinct names: the name itself when it is short and
     * only lower-case letters, digits, '.', '_' and '-' ({@code gpt-4}); otherwise those characters (others as '-',
     * at most {@value #FILE_NAME_CHARACTERS}) and the first 8 hex digits of the SHA-256 of the name
     * ({@code llama3.1:8b} is {@code llama3.1-8b-} and 8 digits, apart from {@code llama3.1-8b}).
     */
    static String fileName(String condition) {
        if (condition.length() <= FILE_NAME_CHARACTERS && SAFE.matcher(condition).matches()) {
            return condition;
        }
        String readable = condition.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        readable = readable.substring(0, Math.min(readable.length(), FILE_NAME_CHARACTERS));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(condition.getBytes(StandardCharsets.UTF_8));
            return readable + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Whether a file name in a report folder is one of the charts a report writes. */
    static boolean isChart(String fileName) {
        return FIXED.contains(fileName) || fileName.startsWith("emotions-") && fileName.endsWith(".png");
    }

    /** A label no longer than {@value #LABEL_CHARACTERS} characters: a long name is cut and ends with an ellipsis. */
    static String abbreviate(String name) {
        return name.length() <= LABEL_CHARACTERS ? name : name.substring(0, LABEL_CHARACTERS - 1) + "\u2026";
    }

    /** The conditions' axis labels, abbreviated and still distinct (XChart needs distinct categories). */
    static List<String> labels(List<String> conditions) {
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String c : conditions) {
            String label = abbreviate(c);
            for (int n = 2; !seen.add(label); n++) {
                label = abbreviate(c).substring(0, Math.min(abbreviate(c).length(), LABEL_CHARACTERS - 4)) + " #" + n;
            }
            labels.add(label);
        }
        return labels;
    }

    /** Whether the labels are too wide to stand side by side under their bars in a chart this wide. */
    private static boolean crowded(List<String> labels, int width) {
        double room = (width - 200.0) / Math.max(1, labels.size());
        return labels.stream().mapToInt(String::length).max().orElse(0) * LABEL_PIXELS_PER_CHARACTER > room - 8;
    }

    /** The extra height slanted labels need (0 when they stand side by side). */
    private static int labelDepth(List<String> labels, int width) {
        return crowded(labels, width) ? (int) Math.ceil(labels.stream().mapToInt(String::length).max().orElse(0)
                * LABEL_PIXELS_PER_CHARACTER * Math.sin(Math.toRadians(LABEL_ANGLE))) : 0;
    }

    /** Slants the x-axis labels when they would overlap side by side. */
    private static void fitLabels(CategoryStyler styler, List<String> labels, int width) {
        if (crowded(labels, width)) {
            styler.setXAxisLabelRotation(LABEL_ANGLE);
        }
    }
}
