/**
 * Live input: a camera, a microphone, a network stream (RTSP, HTTP, HLS) or a file played at
 * real-time pace, analysed as it arrives by an {@link io.github.emotion4j.core.EmotionRecognizer}.
 * A {@link io.github.emotion4j.live.LiveSession} hands out {@link io.github.emotion4j.live.LiveSegment}s
 * (a face expression per sampled frame, a speech segment after each voice-activity end, fused
 * windows) and {@link io.github.emotion4j.live.LiveStatus} changes (connected, reconnecting, error,
 * ended) to listeners and through a {@link java.util.concurrent.Flow.Publisher}, with bounded queues
 * that drop and count frames instead of falling ever further behind.
 */
package io.github.emotion4j.live;
