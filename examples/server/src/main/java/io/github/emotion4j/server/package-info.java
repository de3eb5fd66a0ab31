/** The emotion4j REST server: {@link io.github.emotion4j.server.EmotionServer} on embedded Jetty 12. */
package io.github.emotion4j.server;
