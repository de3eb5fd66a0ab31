/** The programs that trained and evaluated the bundled GoEmotions text heads. */
package io.github.emotion4j.programs.text;
