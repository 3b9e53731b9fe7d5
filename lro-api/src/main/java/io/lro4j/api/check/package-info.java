/**
 * An independent check of an LRO's output, written apart from the engine's parser: {@link
 * io.lro4j.api.check.FrameView} reads a delivered frame, {@link io.lro4j.api.check.FlowComparison} compares
 * what went in with what came out, flow by flow (the rules of {@code check_lro_output.py}). The engine's
 * tests, the capture replay checks and the conformance kit all judge output with it.
 */
@NullMarked
package io.lro4j.api.check;

import org.jspecify.annotations.NullMarked;
