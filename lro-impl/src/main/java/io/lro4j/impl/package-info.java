/**
 * The engine provider; not exported.
 */
@NullMarked
package io.lro4j.impl;

import org.jspecify.annotations.NullMarked;
