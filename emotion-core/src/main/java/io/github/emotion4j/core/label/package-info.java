/** The label taxonomy: canonical emotions, named label sets of datasets and models with their mappings, a synonym parser, and valence/arousal/dominance prototypes. */
package io.github.emotion4j.core.label;
