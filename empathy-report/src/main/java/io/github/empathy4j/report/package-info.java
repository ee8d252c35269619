/**
 * A {@link io.github.empathy4j.stats.StudyAnalysis} for people: {@link io.github.empathy4j.report.StudyTables}
 * turns it into {@link io.github.empathy4j.report.Table}s (plain text, Markdown, HTML), and
 * {@link io.github.empathy4j.report.Report} writes a report folder with Markdown, self-contained HTML,
 * JSON and PNG charts (XChart, headless).
 *
 * <pre>{@code
 * StudyAnalysis analysis = StudyAnalysis.ofCounts(PublishedResults.counts(), AnalysisOptions.study());
 * System.out.println(StudyTables.conditions(analysis, analysis.overall()).toText());
 * Report.write(analysis, "Welivita & Pu (2024), published counts", Path.of("report"));
 * }</pre>
 */
package io.github.empathy4j.report;
