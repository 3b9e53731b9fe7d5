/**
 * The conformance kit for driver adapters: subclass {@link io.lro4j.conformance.LroDriverConformance} and
 * name your driver's provider; every rule of {@link io.lro4j.conformance.Rule} then runs against it.
 */
@NullMarked
package io.lro4j.conformance;

import org.jspecify.annotations.NullMarked;
