package io.github.emotion4j.text.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.emotion4j.core.model.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face {@code tokenizer.json} (WordPiece, BPE, Unigram ...) read with DJL's native
 * tokenizers. Encodes whole texts with the model's special tokens and without truncation or
 * padding: chunking and padding are done by the caller, so it knows exactly what the model saw.
 *
 * <p>Input text is made safe for the native library first: lone UTF-16 surrogates and control
 * characters other than tab and line breaks become spaces. Thread-safe; close it once.
 */
public final class TextTokenizer implements AutoCloseable {
    private static final Pattern PADDING_ID = Pattern.compile("\"padding\"\\s*:\\s*\\{[^{}]*?\"pad_id\"\\s*:\\s*(\\d+)");
    private static final Pattern PAD_TOKEN = Pattern.compile(
            "\\{\\s*\"id\"\\s*:\\s*(\\d+)\\s*,\\s*\"content\"\\s*:\\s*\"(\\[PAD\\]|<pad>)\"");

    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private final long padId;
    private final long[] prefix;
    private final long[] suffix;
    private volatile boolean closed;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Path file, long padId) {
        this.tokenizer = tokenizer;
        this.file = file;
        this.padId = padId;
        Encoding e = tokenizer.encode("a", true, false);
        long[] ids = e.getIds();
        long[] special = e.getSpecialTokenMask();
        int p = 0;
        while (p < ids.length && special[p] == 1) {
            p++;
        }
        int s = 0;
        while (s < ids.length - p && special[ids.length - 1 - s] == 1) {
            s++;
        }
        this.prefix = Arrays.copyOfRange(ids, 0, p);
        this.suffix = Arrays.copyOfRange(ids, ids.length - s, ids.length);
    }

    /**
     * Loads a {@code tokenizer.json}.
     *
     * @param file  the tokenizer file
     * @param padId the padding id to use; empty to take it from the file ({@code padding.pad_id},
     *              else the id of {@code [PAD]} or {@code <pad>}, else 0)
     * @throws ModelLoadException when the file is missing or not a tokenizer the library reads
     */
    public static TextTokenizer load(Path file, OptionalLong padId) throws ModelLoadException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(padId, "padId");
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("Tokenizer file " + file + " is missing", file);
        }
        long pad;
        try {
            pad = padId.isPresent() ? padId.getAsLong() : findPadId(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("Cannot read tokenizer file " + file + ": " + e, file, e);
        }
        try {
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new TextTokenizer(hf, file, pad);
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new ModelLoadException("Cannot load tokenizer " + file + " (is it a Hugging Face tokenizer.json?): "
                    + e.getMessage(), file, e);
        }
    }

    static long findPadId(String json) {
        Matcher m = PADDING_ID.matcher(json);
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        m = PAD_TOKEN.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The tokenizer file. */
    public Path file() {
        return file;
    }

    /** The id used for padding positions (masked out). */
    public long padId() {
        return padId;
    }

    /** Special token ids the tokenizer puts before a text (e.g. {@code [CLS]}). */
    public long[] prefix() {
        return prefix.clone();
    }

    /** Special token ids the tokenizer puts after a text (e.g. {@code [SEP]}). */
    public long[] suffix() {
        return suffix.clone();
    }

    /** Encodes one text with special tokens, not truncated. */
    public long[] encode(String text) {
        return encode(List.of(text))[0];
    }

    /** Encodes texts with special tokens, not truncated. */
    public long[][] encode(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (closed) {
            throw new IllegalStateException("tokenizer " + file + " is closed");
        }
        if (texts.isEmpty()) {
            return new long[0][];
        }
        String[] safe = new String[texts.size()];
        for (int i = 0; i < safe.length; i++) {
            safe[i] = sanitize(Objects.requireNonNull(texts.get(i), "text"));
        }
        Encoding[] enc = tokenizer.batchEncode(safe, true, false);
        long[][] out = new long[enc.length][];
        for (int i = 0; i < enc.length; i++) {
            out[i] = enc[i].getIds();
        }
        return out;
    }

    /** The word pieces of a text, without special tokens (for inspection and tests). */
    public List<String> tokens(String text) {
        return Arrays.asList(tokenizer.encode(sanitize(text), false, false).getTokens());
    }

    /**
     * Replaces what the native tokenizer cannot take (lone surrogates, NUL and other control
     * characters except tab, CR and LF) with spaces.
     */
    public static String sanitize(String text) {
        StringBuilder sb = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1));
                if (!bad) {
                    if (sb != null) {
                        sb.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                bad = true;
            } else {
                bad = Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
            }
            if (bad && sb == null) {
                sb = new StringBuilder(n);
                sb.append(text, 0, i);
            }
            if (sb != null) {
                sb.append(bad ? ' ' : c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** Releases the native tokenizer. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            tokenizer.close();
        }
    }

    @Override
    public String toString() {
        return "TextTokenizer[" + file + "]";
    }
}
