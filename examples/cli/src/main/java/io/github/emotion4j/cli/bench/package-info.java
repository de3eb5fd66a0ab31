/** Speed benchmarks run by {@code emotion4j bench}: the vision pipeline and fusion alone. */
package io.github.emotion4j.cli.bench;
