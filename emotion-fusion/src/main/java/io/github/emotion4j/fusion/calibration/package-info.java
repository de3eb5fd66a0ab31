/** Per-modality temperature scaling fitted on held-out data, expected calibration error, and a wrapper that calibrates any strategy. */
package io.github.emotion4j.fusion.calibration;
