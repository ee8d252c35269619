/**
 * The {@code empathy} command-line tool (picocli): {@link io.github.empathy4j.examples.cli.EmpathyCli} and one class
 * per command. The commands only wire the modules together: datasets and runs from empathy-core, models from
 * empathy-adapters, statistics from empathy-stats, reports from {@link io.github.empathy4j.report}.
 *
 * <pre>{@code
 * int exitCode = EmpathyCli.execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
 *         "reproduce", "--format", "json");
 * }</pre>
 */
package io.github.empathy4j.examples.cli;
