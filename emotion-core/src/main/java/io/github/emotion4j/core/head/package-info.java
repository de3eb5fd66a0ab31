/** Small dense classification heads evaluated in plain Java, the export format of the project's trained heads. */
package io.github.emotion4j.core.head;
