/**
 * Small runnable programs: {@link io.github.empathy4j.examples.ReproduceStudy} (the study's chi-square values from
 * its published counts), {@link io.github.empathy4j.examples.EvaluateModel} (one model against the human replies)
 * and {@link io.github.empathy4j.examples.EchoProvider} (how to add a model provider). The {@code empathy}
 * command-line tool is in {@link io.github.empathy4j.examples.cli}, its reports in
 * {@link io.github.empathy4j.report}.
 */
package io.github.empathy4j.examples;
