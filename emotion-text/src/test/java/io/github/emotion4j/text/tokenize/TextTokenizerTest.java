package io.github.emotion4j.text.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.emotion4j.core.model.ModelLoadException;
import io.github.emotion4j.core.model.ModelLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTokenizerTest {
    static TextTokenizer tok;

    @BeforeAll
    static void load() throws ModelLoadException {
        tok = TextTokenizer.load(ModelLocator.fromClasspath("text-minilm-l6-v2-q").file("tokenizer.json"), OptionalLong.empty());
    }

    @AfterAll
    static void close() {
        tok.close();
        tok.close();
    }

    @Test
    void encodesWordPieceWithSpecialTokensAndNoPadding() {
        assertArrayEquals(new long[] {101, 7592, 2088, 102}, tok.encode("Hello world"));
        assertArrayEquals(new long[] {101}, tok.prefix());
        assertArrayEquals(new long[] {102}, tok.suffix());
        assertEquals(0, tok.padId());
        long[][] two = tok.encode(List.of("hi", "a much longer sentence than the first"));
        assertEquals(3, two[0].length);
        assertEquals(9, two[1].length);
    }

    @Test
    void longTextsAreNotTruncated() {
        String text = "word ".repeat(1000);
        assertEquals(1002, tok.encode(text).length);
    }

    @Test
    void sanitizeReplacesWhatTheNativeSideCannotTake() {
        assertEquals("a b", TextTokenizer.sanitize("a\u0000b"));
        assertEquals("x y", TextTokenizer.sanitize("x\uD800y"));
        assertEquals("x ", TextTokenizer.sanitize("x\uDC00"));
        assertEquals("ok \uD83D\uDE00\ttab\nline", TextTokenizer.sanitize("ok \uD83D\uDE00\ttab\nline"));
        assertEquals(2, tok.encode("\u0000\uD800\u0007").length, "only [CLS] [SEP] and nothing crashes");
    }

    @Test
    void findsPadIdInTokenizerJson() {
        assertEquals(1, TextTokenizer.findPadId("{\"padding\": {\"strategy\": \"BatchLongest\", \"pad_id\": 1, \"pad_token\": \"<pad>\"}}"));
        assertEquals(1, TextTokenizer.findPadId("{\"added_tokens\":[{\"id\":1,\"content\":\"<pad>\",\"single_word\":false}]}"));
        assertEquals(0, TextTokenizer.findPadId("{}"));
    }

    @Test
    void badFileIsAModelLoadException(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, "{not json");
        assertThrows(ModelLoadException.class, () -> TextTokenizer.load(f, OptionalLong.empty()));
        assertThrows(ModelLoadException.class, () -> TextTokenizer.load(dir.resolve("missing.json"), OptionalLong.empty()));
    }
}
