package io.github.emotion4j.text.lang;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Guesses whether a text is not English, for a warning (the bundled encoder and heads were
 * trained on English Reddit comments).
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Fewer than 3 letters (emoji, numbers, punctuation only): no verdict.</li>
 *   <li>If less than half of the letters are Latin, the text is in another script (Cyrillic,
 *       Greek, Arabic, CJK ...): not English.</li>
 *   <li>Otherwise the words are matched against small lists of very frequent function words
 *       of English and of German, French, Spanish, Italian, Portuguese and Dutch. With at least
 *       one hit, the text is not English when the foreign hits outnumber the English ones.</li>
 * </ol>
 * Short or mixed texts can be misjudged; the result only adds a warning. Stateless, thread-safe.
 */
public final class EnglishHeuristic {
    private static final Set<String> ENGLISH = Set.copyOf(java.util.Arrays.asList("the", "a", "an", "and", "or", "but", "is", "are", "was",
            "were", "be", "been", "am", "i", "you", "he", "she", "it", "we", "they", "me", "my", "your", "his",
            "her", "our", "their", "this", "that", "these", "those", "of", "to", "in", "on", "at", "for", "with",
            "from", "by", "not", "no", "do", "does", "did", "have", "has", "had", "what", "which", "who", "so",
            "just", "very", "can", "will", "would", "should", "could", "it's", "i'm", "don't", "im", "dont", "if",
            "about", "all", "there", "here", "when", "how", "why", "too", "really", "like", "get", "got", "one"));
    private static final Set<String> FOREIGN = Set.copyOf(java.util.Arrays.asList(
            // German
            "der", "die", "das", "und", "ist", "nicht", "ich", "du", "sie", "wir", "ein", "eine", "mit", "auf",
            "den", "dem", "zu", "es", "sich", "auch", "bin", "sehr", "heute", "aber", "wie", "was", "mir", "mich",
            // French
            "le", "la", "les", "et", "est", "je", "tu", "il", "elle", "nous", "vous", "ils", "un", "une", "des",
            "du", "pas", "que", "qui", "suis", "très", "c'est", "avec", "pour", "dans", "ce", "mais", "aujourd'hui",
            // Spanish / Portuguese / Italian
            "el", "los", "las", "y", "es", "yo", "muy", "pero", "con", "para", "por", "una", "del", "estoy",
            "hoy", "que", "eu", "não", "é", "uma", "com", "muito", "estou", "il", "di", "che", "è", "sono", "molto",
            "oggi", "non", "per", "ma", "sei", "mi",
            // Dutch
            "het", "een", "en", "niet", "ik", "jij", "zijn", "ben", "heel", "vandaag", "maar", "met", "van"));

    private EnglishHeuristic() {
    }

    /** Why the text looks non-English, or empty when it looks English or cannot be judged. */
    public static Optional<String> notEnglishReason(String text) {
        Objects.requireNonNull(text, "text");
        int letters = 0;
        int latin = 0;
        int limit = Math.min(text.length(), 20_000);
        for (int i = 0; i < limit; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                letters++;
                if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
                    latin++;
                }
            }
        }
        if (letters < 3) {
            return Optional.empty();
        }
        if (latin * 2 < letters) {
            return Optional.of(String.format(Locale.ROOT, "only %d%% of its letters are Latin", Math.round(100.0 * latin / letters)));
        }
        int english = 0;
        int foreign = 0;
        for (String w : text.substring(0, limit).toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
            if (w.isEmpty()) {
                continue;
            }
            boolean en = ENGLISH.contains(w);
            boolean fo = FOREIGN.contains(w);
            if (en && !fo) {
                english++;
            } else if (fo && !en) {
                foreign++;
            }
        }
        if (foreign > english) {
            return Optional.of(foreign + " common non-English words against " + english + " English ones");
        }
        return Optional.empty();
    }
}
