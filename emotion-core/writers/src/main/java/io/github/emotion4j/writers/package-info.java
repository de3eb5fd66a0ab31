/** Writers for predictions: JSON, CSV, EmotionML and the timeline picture (PNG) and page (HTML). Depend on emotion-core only. */
package io.github.emotion4j.writers;
