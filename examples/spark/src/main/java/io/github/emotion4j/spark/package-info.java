/**
 * An Apache Spark job that scores a table of media paths with emotion4j.
 *
 * <p>{@link io.github.emotion4j.spark.EmotionSparkJob} reads the inputs (a CSV or Parquet table with a
 * {@code path} column, or a folder listing), scores each partition with its own
 * {@link io.github.emotion4j.core.EmotionRecognizer} ({@link io.github.emotion4j.spark.MediaScorer}) and
 * writes the {@link io.github.emotion4j.writers.CsvWriter} columns plus an {@code error} column
 * ({@link io.github.emotion4j.spark.ScoreTable}). A program module: nothing here is a library API.
 */
package io.github.emotion4j.spark;
