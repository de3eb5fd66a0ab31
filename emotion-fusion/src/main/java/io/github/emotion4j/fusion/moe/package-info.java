/** Mixture-of-experts fusion (speech, vision, text and cross-modal experts, presence-aware gate), plain Java; registered as {@code moe}. */
package io.github.emotion4j.fusion.moe;
