/** The programs that trained and evaluated the bundled EmoDB speech models. */
package io.github.emotion4j.programs.audio;
