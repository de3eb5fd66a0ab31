/**
 * Training heads on the user's own labelled data with the bundled encoders: {@link
 * io.github.emotion4j.examples.train.LinearProbe} fits a plain-Java logistic-regression head and
 * {@link io.github.emotion4j.examples.train.HeadFolder} writes it as a model folder with its card.
 * Stateless.
 */
package io.github.emotion4j.examples.train;
