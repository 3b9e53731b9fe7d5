/**
 * A software header seeker for drivers whose hardware does not locate headers or verify checksums.
 */
@NullMarked
package io.lro4j.spi.seeker;

import org.jspecify.annotations.NullMarked;
