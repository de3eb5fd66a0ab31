/**
 * Writers for predictions: JSON with stable field names ({@link io.github.emotion4j.examples.report.PredictionJson}),
 * W3C EmotionML 1.0 ({@link io.github.emotion4j.examples.report.EmotionMl}), a timeline PNG
 * ({@link io.github.emotion4j.examples.report.TimelineChart}) and a self-contained HTML report
 * ({@link io.github.emotion4j.examples.report.HtmlReport}). All are stateless and thread-safe.
 */
package io.github.emotion4j.examples.report;
