/**
 * The hypervisor of the Xen model: domains and pages, grant tables, grant copy and map, event channels, and the deterministic scheduler everything runs on.
 */
@NullMarked
package io.lro4j.xen.hypervisor;

import org.jspecify.annotations.NullMarked;
