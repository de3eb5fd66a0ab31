/** The DJL PyTorch engine plug-in. */
package io.github.emotion4j.engine.pytorch;
