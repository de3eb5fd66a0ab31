/** Training the lifting-scheme facial dynamics parameters on labelled clips of face-expression distributions. */
package io.github.emotion4j.training.dynamics;
