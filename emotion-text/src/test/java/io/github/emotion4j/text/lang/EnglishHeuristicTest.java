package io.github.emotion4j.text.lang;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnglishHeuristicTest {
    @Test
    void englishPasses() {
        assertFalse(EnglishHeuristic.notEnglishReason("I am so happy today, this is wonderful!").isPresent());
        assertFalse(EnglishHeuristic.notEnglishReason("WHY THE FUCK IS BAYLESS ISOING").isPresent());
    }

    @Test
    void otherLanguagesAndScriptsAreFlagged() {
        assertTrue(EnglishHeuristic.notEnglishReason("Ich bin heute so glücklich, das ist wunderbar!").isPresent());
        assertTrue(EnglishHeuristic.notEnglishReason("Je suis très heureux aujourd'hui, c'est merveilleux").isPresent());
        assertTrue(EnglishHeuristic.notEnglishReason("Estoy muy feliz hoy, es maravilloso").isPresent());
        assertTrue(EnglishHeuristic.notEnglishReason("Я сегодня так счастлив").isPresent());
        assertTrue(EnglishHeuristic.notEnglishReason("今日はとても幸せです").isPresent());
    }

    @Test
    void noVerdictWithoutLetters() {
        assertFalse(EnglishHeuristic.notEnglishReason("😀😀🎉 123 !!!").isPresent());
        assertFalse(EnglishHeuristic.notEnglishReason("").isPresent());
    }
}
