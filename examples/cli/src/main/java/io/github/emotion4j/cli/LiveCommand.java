package io.github.emotion4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emotion4j.core.EmotionRecognizer;
import io.github.emotion4j.core.LabelScore;
import io.github.emotion4j.core.Modality;
import io.github.emotion4j.core.fusion.Fusions;
import io.github.emotion4j.live.LiveCounters;
import io.github.emotion4j.live.LiveEvent;
import io.github.emotion4j.live.LiveSegment;
import io.github.emotion4j.live.LiveSession;
import io.github.emotion4j.live.LiveSource;
import io.github.emotion4j.live.LiveStatus;
import io.github.emotion4j.live.Reconnect;
import io.github.emotion4j.writers.PredictionJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code emotion4j live}: reads a camera, the microphone, a network stream or a file as it plays
 * and prints one line per decided segment (or JSON lines) until the source ends or Ctrl-C.
 */
@Command(name = "live", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recognises emotion in live input as it arrives: a camera, the microphone, a network stream "
                + "(RTSP, HTTP, HLS) or a file played at real-time pace.",
                "Prints one line per decided segment: a face expression per sampled frame, each speech segment after its "
                        + "voice-activity end, fused windows; status changes (connected, reconnecting, ended) go to stderr "
                        + "(with --jsonl: JSON lines on stdout). Runs until the source ends or Ctrl-C."})
public final class LiveCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Exactly one source. */
    static final class Source {
        @Option(names = "--camera", paramLabel = "N|DEVICE", description = "A V4L2 camera: an index (0 = /dev/video0) or a device path.")
        String camera;

        @Option(names = "--mic", description = "The default microphone (javax.sound.sampled).")
        boolean mic;

        @Option(names = "--url", paramLabel = "URL", description = "A network stream: rtsp://, http(s)://, an HLS .m3u8, srt://, udp:// ...")
        String url;

        @Option(names = "--file", paramLabel = "FILE", description = "A media file (add --realtime to play it at its own pace).")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--realtime", description = "With --file: play at real-time pace and drop frames when the analysis is behind "
            + "(default: as fast as the analysis goes, nothing dropped).")
    boolean realtime;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "4", description = "Video frames analysed per second (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "2",
            description = "Length of the fused windows; 0 = none (default: ${DEFAULT-VALUE}).")
    double window;

    @Option(names = "--reconnect", paramLabel = "N",
            description = "Reconnect attempts when the source drops (default: 3 for --url, 0 otherwise).")
    Integer reconnect;

    @Option(names = "--backoff", paramLabel = "MS", defaultValue = "1000",
            description = "Wait before the first reconnect attempt, doubling after each (default: ${DEFAULT-VALUE}).")
    long backoffMs;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Network open/read timeout (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--fusion", paramLabel = "probability|attention|moe|late|product", defaultValue = "probability",
            description = "How the fused windows combine face and speech (default: ${DEFAULT-VALUE}).")
    String fusion;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until the end or Ctrl-C).")
    Double duration;

    @Option(names = "--jsonl", description = "Print JSON lines (segments and status changes) instead of text.")
    boolean jsonl;

    @Mixin
    RecognizerOptions recognizer;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LiveSource src = source();
        if (!(window >= 0)) {
            throw new IllegalArgumentException("--window must be >= 0, was " + window);
        }
        if (duration != null && !(duration > 0)) {
            throw new IllegalArgumentException("--duration must be > 0, was " + duration);
        }
        EmotionRecognizer.Builder b = EmotionRecognizer.builder().withDefaultModels()
                .modalities(Modality.VISION, Modality.AUDIO).fusion(Fusions.named(fusion));
        recognizer.apply(b);
        try (EmotionRecognizer r = b.build()) {
            LiveSession.Builder lb = LiveSession.builder(r).source(src).fps(fps)
                    .window(Duration.ofMillis(Math.round(window * 1000)))
                    .onEvent(e -> print(out, err, e));
            if (reconnect != null) {
                lb.reconnect(reconnect == 0 ? Reconnect.never() : Reconnect.attempts(reconnect, Duration.ofMillis(Math.max(1, backoffMs))));
            }
            LiveSession live = lb.build();
            Thread hook = new Thread(live::close, "emotion4j-live-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                live.start();
                if (duration != null) {
                    if (!live.awaitTermination(Duration.ofMillis(Math.round(duration * 1000)))) {
                        live.close();
                    }
                } else {
                    while (!live.awaitTermination(Duration.ofHours(1))) {
                        // until the source ends, fails, or Ctrl-C closes the session
                    }
                }
                live.awaitTermination(Duration.ofSeconds(30));
            } finally {
                live.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: Ctrl-C
                }
            }
            synchronized (this) {
                out.flush();
                if (!jsonl) {
                    err.println("# " + summary(live.counters()));
                }
                err.flush();
            }
            if (live.failure().isPresent()) {
                throw live.failure().get();
            }
        }
        return 0;
    }

    private LiveSource source() {
        LiveSource s;
        if (source.camera != null) {
            s = source.camera.matches("\\d+") ? LiveSource.camera(Integer.parseInt(source.camera)) : LiveSource.camera(source.camera);
        } else if (source.mic) {
            s = LiveSource.microphone();
        } else if (source.url != null) {
            s = LiveSource.url(source.url);
        } else {
            s = LiveSource.file(source.file, realtime);
        }
        if (realtime && source.file == null) {
            throw new IllegalArgumentException("--realtime goes with --file (cameras, microphones and streams are real-time already)");
        }
        if (s.network()) {
            if (!(timeout > 0)) {
                throw new IllegalArgumentException("--timeout must be > 0, was " + timeout);
            }
            s = s.withTimeout(Duration.ofMillis(Math.round(timeout * 1000)));
        }
        return s;
    }

    private synchronized void print(PrintWriter out, PrintWriter err, LiveEvent e) {
        if (jsonl) {
            out.println(json(e));
            out.flush();
        } else if (e instanceof LiveSegment s) {
            out.println(line(s));
            out.flush();
        } else if (e instanceof LiveStatus s) {
            err.println("# " + s.state().name().toLowerCase(Locale.ROOT) + ": " + s.message());
            err.flush();
        }
    }

    /** {@code "   3.25 s  face    happiness 0.83  [3.25-3.50]  latency 412 ms"}. */
    static String line(LiveSegment s) {
        LabelScore top = s.segment().distribution().top();
        return String.format(Locale.ROOT, "%8.2f s  %-6s  %-10s %.2f  [%.2f-%.2f]  latency %d ms%s", s.streamTime(),
                s.kind().name().toLowerCase(Locale.ROOT), top.label().word(), top.probability(), s.segment().span().start(),
                s.segment().span().end(), s.latency().toMillis(),
                s.counters().framesDropped() > 0 ? "  dropped " + s.counters().framesDropped() : "");
    }

    /** One JSON object per event: {@code type} "segment" (with kind) or "status" (with state). */
    static String json(LiveEvent e) {
        ObjectNode n = PredictionJson.mapper().createObjectNode();
        if (e instanceof LiveSegment s) {
            n.put("type", "segment");
            n.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
            n.put("source", s.segment().source());
            n.put("start", round(s.segment().span().start()));
            n.put("end", round(s.segment().span().end()));
            n.set("top", PredictionJson.labelScore(s.segment().distribution().top()));
            n.set("distribution", PredictionJson.distribution(s.segment().distribution()));
            n.set("dimensions", PredictionJson.dimensions(s.segment().dimensions()));
            if (s.segment().modalities().size() > 1 || s.kind() == LiveSegment.Kind.FUSED) {
                ObjectNode m = n.putObject("modalities");
                s.segment().modalities().forEach((k, d) -> m.set(k.word(), PredictionJson.labelScore(d.top())));
            }
            n.put("latencyMs", s.latency().toMillis());
        } else if (e instanceof LiveStatus s) {
            n.put("type", "status");
            n.put("state", s.state().name().toLowerCase(Locale.ROOT));
            n.put("message", s.message());
            if (s.attempt() > 0) {
                n.put("attempt", s.attempt());
            }
        }
        n.put("streamTime", round(e.streamTime()));
        n.put("decidedAt", e.decidedAt().toString());
        LiveCounters c = e.counters();
        n.put("framesDropped", c.framesDropped());
        n.put("audioSecondsDropped", round(c.audioSecondsDropped()));
        return n.toString();
    }

    static String summary(LiveCounters c) {
        return String.format(Locale.ROOT, "%d frames decoded, %d sampled, %d analysed, %d dropped, %d without face; %.1f s audio "
                        + "(%.1f s dropped), %d speech segments; %d events dropped; %d reconnects", c.videoFrames(),
                c.framesSampled(), c.framesAnalysed(), c.framesDropped(), c.framesWithoutFace(), c.audioSeconds(),
                c.audioSecondsDropped(), c.speechSegments(), c.eventsDropped(), c.reconnects());
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }
}
