/**
 * The LRO engine as a stack and a driver see it: {@link io.lro4j.api.LroEngine}, its {@link io.lro4j.api.LroConfig}, policies, modes, verdicts and statistics, and {@link io.lro4j.api.Lro}, the entry point.
 */
@NullMarked
package io.lro4j.api;

import org.jspecify.annotations.NullMarked;
