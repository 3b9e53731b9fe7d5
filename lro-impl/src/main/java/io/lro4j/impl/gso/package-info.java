/**
 * Software GSO (re-segmentation); not exported.
 */
@NullMarked
package io.lro4j.impl.gso;

import org.jspecify.annotations.NullMarked;
