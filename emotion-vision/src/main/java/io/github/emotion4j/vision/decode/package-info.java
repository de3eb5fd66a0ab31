/**
 * Media in: {@link io.github.emotion4j.vision.decode.ImageDecoder} reads still images (JPEG, PNG,
 * BMP, grey or colour; huge ones are subsampled while decoding) and
 * {@link io.github.emotion4j.vision.decode.VideoReader} streams sampled frames of a video with
 * JavaCV/FFmpeg, honouring rotation metadata. Everything leaves this package as a
 * {@code TYPE_3BYTE_BGR} {@link java.awt.image.BufferedImage} that the caller owns; JavaCV frames
 * never leave it.
 */
package io.github.emotion4j.vision.decode;
