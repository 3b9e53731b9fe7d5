/**
 * Internal helpers shared with lro4j's own modules; not public API.
 */
@NullMarked
package io.lro4j.api.internal;

import org.jspecify.annotations.NullMarked;
