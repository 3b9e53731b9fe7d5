/**
 * A RealTek RTL8169 gigabit NIC and its Linux r8169 driver, modelled closely enough to be the paper's
 * physical NIC: the descriptor rings in host memory ({@link io.lro4j.drivers.rtl8169.DescriptorRing}), the
 * chip ({@link io.lro4j.drivers.rtl8169.Rtl8169Device}), the NAPI driver with LRO
 * ({@link io.lro4j.drivers.rtl8169.Rtl8169Driver}), and a host that runs them on a virtual clock or under
 * the conformance kit ({@link io.lro4j.drivers.rtl8169.Rtl8169Host}). See {@code docs/rtl8169-model.md}.
 */
@NullMarked
package io.lro4j.drivers.rtl8169;

import org.jspecify.annotations.NullMarked;
