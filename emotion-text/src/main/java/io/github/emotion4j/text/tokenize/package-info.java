/**
 * Tokenisation of text for transformer models: a {@code tokenizer.json} (Hugging Face format)
 * read with DJL's Hugging Face tokenizers. The only package of emotion-text that touches DJL.
 */
package io.github.emotion4j.text.tokenize;
