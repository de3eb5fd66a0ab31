package io.github.emotion4j.text.transcript;

import io.github.emotion4j.core.MediaDecodeException;
import io.github.emotion4j.core.TimeSpan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SRT, WebVTT and plain-text transcripts.
 *
 * <ul>
 *   <li>Encoding: UTF-8 (a BOM is skipped); invalid bytes become U+FFFD and a warning.</li>
 *   <li>Line ends: LF, CRLF or CR.</li>
 *   <li>SRT: blocks separated by blank lines, an optional cue number, a timing line
 *       {@code 00:00:01,000 --> 00:00:04,000} (comma or dot; hours optional) and text lines.</li>
 *   <li>WebVTT: a {@code WEBVTT} header; {@code NOTE}, {@code STYLE} and {@code REGION} blocks
 *       skipped; optional cue identifiers and cue settings after the timing.</li>
 *   <li>Cue text: tags ({@code <i>}, {@code <v Speaker>}, {@code <c.x>}, inline timestamps,
 *       {@code {\an8}}) removed, common entities decoded, lines joined with spaces.</li>
 *   <li>A malformed timestamp, an end before its start, or a timing line without text block
 *       structure: {@link TranscriptFormatException} naming file and line.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class TranscriptParser {
    private static final Pattern TIME = Pattern.compile("(?:(\\d{1,6}):)?(\\d{1,2}):(\\d{1,2})(?:[,.](\\d{1,3}))?");
    private static final Pattern TAG = Pattern.compile("<[^>]*>|\\{\\\\[^}]*\\}");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern TIMING_LINE = Pattern.compile("\\s*(\\d+:)?\\d{1,2}:\\d{1,2}([,.]\\d{1,3})?\\s*-->.*");

    private TranscriptParser() {
    }

    /**
     * Reads a transcript file: {@code .srt}, {@code .vtt}, or anything else as plain text (the
     * content decides when it starts with {@code WEBVTT} or looks like SRT).
     *
     * @throws MediaDecodeException when the file is missing, unreadable or malformed
     */
    public static Transcript read(Path file) throws MediaDecodeException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MediaDecodeException(file.toString(), "transcript file does not exist", e);
        } catch (IOException e) {
            throw new MediaDecodeException(file.toString(), "cannot read transcript: " + e.getMessage(), e);
        }
        List<String> warnings = new ArrayList<>();
        String text = decodeUtf8(bytes, file.toString(), warnings);
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        Transcript t;
        if (name.endsWith(".srt")) {
            t = parseSrt(text, file.toString());
        } else if (name.endsWith(".vtt")) {
            t = parseVtt(text, file.toString());
        } else {
            t = parse(text, file.toString());
        }
        if (warnings.isEmpty()) {
            return t;
        }
        warnings.addAll(t.warnings());
        return new Transcript(t.source(), t.format(), t.cues(), warnings);
    }

    /** Decodes UTF-8, replacing invalid bytes with U+FFFD (and saying so in {@code warnings}); drops a BOM. */
    public static String decodeUtf8(byte[] bytes, String source, List<String> warnings) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = strict.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            CharBuffer cb;
            try {
                cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException impossible) {
                throw new IllegalStateException(impossible);
            }
            text = cb.toString();
            warnings.add(source + " is not valid UTF-8; invalid bytes were replaced with U+FFFD");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Parses text whose format is guessed: WebVTT, SRT, else plain text. */
    public static Transcript parse(String text, String source) throws TranscriptFormatException {
        Objects.requireNonNull(text, "text");
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (t.startsWith("WEBVTT")) {
            return parseVtt(t, source);
        }
        if (looksLikeSrt(t)) {
            return parseSrt(t, source);
        }
        return new Transcript(source, "text", List.of(new TranscriptCue(1, Optional.empty(), t, 1)), List.of());
    }

    static boolean looksLikeSrt(String text) {
        List<String> lines = lines(text);
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i < lines.size() && lines.get(i).strip().matches("\\d+")) {
            i++;
        }
        return i < lines.size() && TIMING_LINE.matcher(lines.get(i)).matches();
    }

    /** Parses SRT subtitles. */
    public static Transcript parseSrt(String text, String source) throws TranscriptFormatException {
        return parseBlocks(text, source, false);
    }

    /** Parses WebVTT subtitles. */
    public static Transcript parseVtt(String text, String source) throws TranscriptFormatException {
        return parseBlocks(text, source, true);
    }

    private static Transcript parseBlocks(String text, String source, boolean vtt) throws TranscriptFormatException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        List<String> lines = lines(text.startsWith("\uFEFF") ? text.substring(1) : text);
        List<TranscriptCue> cues = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int i = 0;
        if (vtt) {
            if (lines.isEmpty() || !lines.get(0).startsWith("WEBVTT")) {
                throw new TranscriptFormatException(source, 1, "a WebVTT file must start with 'WEBVTT'");
            }
            while (i < lines.size() && !lines.get(i).isBlank()) {
                i++;
            }
        }
        while (i < lines.size()) {
            while (i < lines.size() && lines.get(i).isBlank()) {
                i++;
            }
            if (i >= lines.size()) {
                break;
            }
            int blockStart = i;
            List<String> block = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).isBlank()) {
                block.add(lines.get(i));
                i++;
            }
            String first = block.get(0).strip();
            if (vtt && (first.startsWith("NOTE") || first.equals("STYLE") || first.equals("REGION"))) {
                continue;
            }
            int timing = -1;
            for (int k = 0; k < Math.min(2, block.size()); k++) {
                if (block.get(k).contains("-->")) {
                    timing = k;
                    break;
                }
            }
            if (timing < 0) {
                throw new TranscriptFormatException(source, blockStart + 1, "expected a timing line like '00:00:01"
                        + (vtt ? "." : ",") + "000 --> 00:00:04" + (vtt ? "." : ",") + "000' but found '"
                        + abbreviate(block.get(Math.min(1, block.size() - 1))) + "'");
            }
            int lineNo = blockStart + timing + 1;
            TimeSpan span = timing(block.get(timing), source, lineNo);
            StringBuilder sb = new StringBuilder();
            for (int k = timing + 1; k < block.size(); k++) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(block.get(k));
            }
            cues.add(new TranscriptCue(cues.size() + 1, Optional.of(span), cleanCueText(sb.toString()), blockStart + 1));
        }
        return new Transcript(source, vtt ? "vtt" : "srt", cues, warnings);
    }

    private static TimeSpan timing(String line, String source, int lineNo) throws TranscriptFormatException {
        int arrow = line.indexOf("-->");
        String left = line.substring(0, arrow).strip();
        String right = line.substring(arrow + 3).strip();
        int space = right.indexOf(' ');
        if (space >= 0) {
            right = right.substring(0, space);
        }
        int tab = right.indexOf('\t');
        if (tab >= 0) {
            right = right.substring(0, tab);
        }
        double start = seconds(left, source, lineNo);
        double end = seconds(right, source, lineNo);
        if (end < start) {
            throw new TranscriptFormatException(source, lineNo, "cue ends (" + right + ") before it starts (" + left + ")");
        }
        return new TimeSpan(start, end);
    }

    static double seconds(String stamp, String source, int lineNo) throws TranscriptFormatException {
        Matcher m = TIME.matcher(stamp);
        if (!m.matches()) {
            throw new TranscriptFormatException(source, lineNo, "bad timestamp '" + abbreviate(stamp)
                    + "', expected hh:mm:ss,mmm (SRT) or hh:mm:ss.mmm (WebVTT)");
        }
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        int min = Integer.parseInt(m.group(2));
        int s = Integer.parseInt(m.group(3));
        if (min >= 60 || s >= 60) {
            throw new TranscriptFormatException(source, lineNo, "bad timestamp '" + stamp
                    + "': minutes and seconds must be below 60");
        }
        double frac = 0;
        if (m.group(4) != null) {
            String f = m.group(4);
            frac = Integer.parseInt(f) / Math.pow(10, f.length());
        }
        return h * 3600.0 + min * 60.0 + s + frac;
    }

    /** Removes tags and entities and collapses white space. */
    public static String cleanCueText(String raw) {
        String s = TAG.matcher(raw).replaceAll("");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&lrm;", "")
                .replace("&rlm;", "").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        return SPACES.matcher(s).replaceAll(" ").strip();
    }

    private static List<String> lines(String text) {
        return List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }
}
