/** Attention fusion (multi-head attention of a learned fusion token over modality tokens), evaluated in plain Java; registered as {@code attention}. */
package io.github.emotion4j.fusion.attention;
