/** Training of the fusion networks with DJL (PyTorch engine); the only package that touches DJL. Output: models the plain-Java nets read. */
package io.github.emotion4j.fusion.train;
