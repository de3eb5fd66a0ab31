package io.github.emotion4j.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sources, reconnect policies and events without a recognizer. */
class LiveApiTest {
    @Test
    void sourcesDescribeThemselves() {
        assertEquals("camera /dev/video0", LiveSource.camera(0).describe());
        assertEquals("v4l2", LiveSource.camera(2).format().orElseThrow());
        assertEquals("microphone", LiveSource.microphone().describe());
        LiveSource url = LiveSource.url("rtsp://cam.local/s").withOption("rtsp_transport", "tcp").withTimeout(Duration.ofSeconds(2));
        assertEquals("stream rtsp://cam.local/s", url.describe());
        assertTrue(url.network() && url.realTime());
        assertEquals("tcp", url.options().get("rtsp_transport"));
        assertEquals("1000000", url.options().get("analyzeduration"), "short probe by default");
        assertEquals(Duration.ofSeconds(2), url.timeout());
        assertTrue(LiveSource.file(Path.of("a.mp4")).realTime());
        assertFalse(LiveSource.file(Path.of("a.mp4"), false).realTime());
        assertEquals("pulse input default", LiveSource.ffmpeg("default", "pulse").describe());
        assertEquals(LiveSource.Kind.URL, LiveSource.url(URI.create("https://x/live.m3u8")).kind());
    }

    @Test
    void badSourcesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LiveSource.url("file:///tmp/a.mp4"));
        assertThrows(IllegalArgumentException.class, () -> LiveSource.url("/tmp/a.mp4"));
        assertThrows(IllegalArgumentException.class, () -> LiveSource.camera(-1));
        assertThrows(IllegalStateException.class, () -> LiveSource.microphone().withOption("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> LiveSource.url("http://x/").withTimeout(Duration.ZERO));
    }

    @Test
    void reconnectBacksOffExponentiallyUpToTheCap() {
        Reconnect r = new Reconnect(5, Duration.ofMillis(100), Duration.ofMillis(350));
        assertEquals(Duration.ofMillis(100), r.delay(1));
        assertEquals(Duration.ofMillis(200), r.delay(2));
        assertEquals(Duration.ofMillis(350), r.delay(3));
        assertEquals(Duration.ofMillis(350), r.delay(5));
        assertEquals(0, Reconnect.never().attempts());
        assertEquals(3, Reconnect.defaults().attempts());
        assertThrows(IllegalArgumentException.class, () -> new Reconnect(-1, Duration.ofMillis(1), Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> new Reconnect(1, Duration.ofMillis(10), Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> r.delay(0));
    }

    @Test
    void terminalStates() {
        assertTrue(LiveStatus.State.ENDED.terminal());
        assertTrue(LiveStatus.State.STOPPED.terminal());
        assertTrue(LiveStatus.State.ERROR.terminal());
        assertFalse(LiveStatus.State.RECONNECTING.terminal());
    }
}
