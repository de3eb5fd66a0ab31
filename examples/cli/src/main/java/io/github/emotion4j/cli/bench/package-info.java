/**
 * Speed benchmarks: run by {@code emotion4j bench} (the vision pipeline and fusion alone), and
 * {@link io.github.emotion4j.cli.bench.BatchBenchmark} (a batch against one CLI run per file).
 */
package io.github.emotion4j.cli.bench;
