/**
 * The LRO engine's parts: parser, flow table, policies, aggregators, header rewrite; not exported.
 */
@NullMarked
package io.lro4j.impl.engine;

import org.jspecify.annotations.NullMarked;
