package io.lro4j.xen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lro4j.api.LroConfig;
import io.lro4j.api.Verdict;
import io.lro4j.api.packet.Packet;
import io.lro4j.conformance.Frames;
import io.lro4j.xen.accounting.Counter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The machine's second vif pair: the paper's workaround for the driver domain's local traffic. */
class XenMachineTest {

    private static final long SECOND_MAC = 0x0200_0000_0003L;

    private final List<byte[]> eth0 = new ArrayList<>();
    private final List<byte[]> eth1 = new ArrayList<>();

    private XenMachine machine() {
        return new XenMachine(LroConfig.defaults(), p -> keep(eth0, p), XenOptions.defaults(), Packet::release, Packet::release);
    }

    private static void keep(final List<byte[]> list, final Packet p) {
        list.add(p.toFrameBytes());
        p.release();
    }

    @Test
    @DisplayName("Domain-0's packets to the second MAC reach eth1 whole, and eth0's skb-mode LRO never sees them")
    void secondVifCarriesTheLocalTraffic() {
        final XenMachine m = machine();
        m.addSecondVif(SECOND_MAC, p -> keep(eth1, p));
        final List<byte[]> sent = new ArrayList<>();
        for (final var f : Frames.train(1000, 16)) {
            final byte[] b = f.toBytes();
            ByteBuffer.wrap(b).putShort(0, (short) (SECOND_MAC >>> 32)).putInt(2, (int) SECOND_MAC);
            sent.add(b);
            m.sendFromDriverDomain(ByteBuffer.wrap(b), 0, b.length, 0);
        }
        m.runUntilIdle();
        m.netfront().flush();
        assertEquals(16, eth1.size(), m.ledger().format());
        for (int i = 0; i < 16; i++) {
            // netloop sends CHECKSUM_HW: the TCP checksum field holds the pseudo-header sum, not the checksum
            final byte[] got = eth1.get(i).clone();
            final byte[] want = sent.get(i).clone();
            got[50] = got[51] = want[50] = want[51] = 0;
            assertArrayEquals(want, got, "packet " + i);
        }
        // eth0 hears eth1's gratuitous ARP (a broadcast), nothing else
        assertEquals(1, eth0.size());
        assertTrue(eth0.get(0)[12] == 0x08 && eth0.get(0)[13] == 0x06, "an ARP");
        assertEquals(0, m.netfrontLroStats().verdict(Verdict.FRAGMENTED_INPUT));
        assertEquals(16, m.ledger().get(Counter.NETFRONT_RX_MULTI_SLOT), "still header page + data page, on eth1");
        m.shutdown();
    }

    @Test
    @DisplayName("a second vif needs its own unicast MAC, and there is only one")
    void misuse() {
        final XenMachine m = machine();
        assertThrows(IllegalArgumentException.class, () -> m.addSecondVif(XenOptions.DEFAULT_GUEST_MAC, p -> keep(eth1, p)));
        assertThrows(IllegalArgumentException.class, () -> m.addSecondVif(0x0100_0000_0003L, p -> keep(eth1, p)));
        m.addSecondVif(SECOND_MAC, p -> keep(eth1, p));
        assertThrows(IllegalStateException.class, () -> m.addSecondVif(0x0200_0000_0004L, p -> keep(eth1, p)));
    }
}
