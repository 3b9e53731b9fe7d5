package io.lro4j.xen.ring;

/**
 * What a netfront writes to xenstore for its backend ({@code talk_to_backend}, research notes §1.7): its ring
 * grant references, its event channel port and the features it asks for. Netback reads it in
 * {@code connect_rings} and maps, binds and configures the vif from it.
 *
 * @param domid the frontend's domain
 * @param txRingRef grant reference of the TX ring page ({@code tx-ring-ref})
 * @param rxRingRef grant reference of the RX ring page ({@code rx-ring-ref})
 * @param eventChannel the frontend's unbound port ({@code event-channel})
 * @param requestRxCopy copy rather than flip receive ({@code request-rx-copy})
 * @param featureRxNotify the frontend notifies when it posts RX buffers ({@code feature-rx-notify})
 * @param featureSg the frontend takes multi-slot packets ({@code feature-sg})
 * @param featureGsoTcpv4 the frontend takes TCPv4 GSO packets ({@code feature-gso-tcpv4})
 * @param featureGsoTcpv6 the frontend takes TCPv6 GSO packets ({@code feature-gso-tcpv6}, after Xen 3.1)
 */
public record FrontendDetails(int domid, int txRingRef, int rxRingRef, int eventChannel, boolean requestRxCopy,
        boolean featureRxNotify, boolean featureSg, boolean featureGsoTcpv4, boolean featureGsoTcpv6) {
}
