/**
 * A cheap guess whether a text is English, so the analyser can warn that the bundled models
 * were trained on English only. A heuristic over scripts and function words, not a language
 * identifier.
 */
package io.github.emotion4j.text.lang;
