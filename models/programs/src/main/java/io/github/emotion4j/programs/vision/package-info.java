/** Face-folder evaluation and the lifting-dynamics clip benchmark. */
package io.github.emotion4j.programs.vision;
