package io.github.emotion4j.text.encoder;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Splits text into sentences with the JDK's {@link BreakIterator} (Unicode sentence
 * boundaries), dropping blank pieces. Stateless and thread-safe.
 */
public final class SentenceSplitter {
    private SentenceSplitter() {
    }

    /** The sentences of a text, stripped, in order; empty for blank text. */
    public static List<String> split(String text) {
        Objects.requireNonNull(text, "text");
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        List<String> out = new ArrayList<>();
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
