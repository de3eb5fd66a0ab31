/**
 * The {@code emotion4j} command line (picocli): {@code analyze}, {@code evaluate}, {@code train-head},
 * {@code models}, {@code bench}. Entry point {@link io.github.emotion4j.cli.Emotion4jCli}; each
 * command is a new object per run, so none is shared between threads.
 */
package io.github.emotion4j.cli;
