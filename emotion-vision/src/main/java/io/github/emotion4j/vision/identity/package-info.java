/**
 * Face identity: {@link io.github.emotion4j.vision.identity.FaceDescriptorNet} (face-api.js's 128-d
 * FaceRecognitionNet on ONNX Runtime or DJL) and {@link io.github.emotion4j.vision.identity.FaceIdentities},
 * which re-identifies people by descriptor distance so that a video yields one timeline per person.
 */
package io.github.emotion4j.vision.identity;
