/**
 * Writers for predictions: JSON ({@link io.github.emotion4j.writers.PredictionJson}), CSV
 * ({@link io.github.emotion4j.writers.CsvWriter}), EmotionML ({@link io.github.emotion4j.writers.EmotionMl}),
 * the timeline picture ({@link io.github.emotion4j.writers.TimelineChart}, PNG) and page
 * ({@link io.github.emotion4j.writers.HtmlReport}, HTML). They depend on emotion-core, Jackson,
 * Apache Commons CSV and the JDK only: no logging binding, no modality module. A prediction without
 * evidence is written as such, never as the uniform placeholder's top label.
 */
package io.github.emotion4j.writers;
