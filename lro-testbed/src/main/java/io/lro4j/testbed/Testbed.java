package io.lro4j.testbed;

import io.lro4j.api.LroConfig;
import io.lro4j.api.LroStats;
import io.lro4j.api.PacketSink;
import io.lro4j.api.Verdict;
import io.lro4j.api.packet.Packet;
import io.lro4j.drivers.rtl8169.Rtl8169Options;
import io.lro4j.testbed.cpu.Component;
import io.lro4j.testbed.cpu.CpuMeter;
import io.lro4j.testbed.cpu.LroCharge;
import io.lro4j.testbed.net.DriverDomainStack;
import io.lro4j.testbed.net.TimedNic;
import io.lro4j.testbed.net.Wire;
import io.lro4j.testbed.tcp.Endpoints;
import io.lro4j.testbed.tcp.TcpReceiver;
import io.lro4j.testbed.tcp.TcpSender;
import io.lro4j.xen.LroPlacement;
import io.lro4j.xen.XenMachine;
import io.lro4j.xen.XenOptions;
import io.lro4j.xen.guest.Netfront;
import io.lro4j.xen.guest.NetfrontOptions;
import io.lro4j.xen.hypervisor.Scheduler;
import io.lro4j.xen.hypervisor.Vcpu;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.DoubleConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs one configuration of the paper's testbed: builds the sender, the wire and the receiving machine from
 * the project's models on one discrete-event clock, sends the transfer and collects a {@link RunResult}.
 * A run is a pure function of its configuration and options (the seed included).
 *
 * <pre>
 *   sender (TcpSender) ─ Wire ─► RTL8169 (TimedNic) ─► Native: TCP receiver            [one CPU]
 *                                                  └─► Xen: bridge → netback → ring → netfront → TCP receiver
 *                                                       [driver domain's CPU]          [guest's CPU]
 *   sender ◄─ Wire ─ RTL8169 transmit ◄─ ACKs (through netfront TX, netback and the bridge in Xen)
 * </pre>
 */
public final class Testbed {

    private static final long EVENTS_PER_PROGRESS = 1L << 16;
    /** The driver domain's MAC (its stack behind netloop) and IPv4 address 10.0.0.3, for local traffic. */
    private static final long DOM0_MAC = 0x0200_0000_0010L;
    private static final long DOM0_IP = 0x0A00_0003L;
    /** The guest's second interface (the paper's workaround): 02:00:00:00:00:03, 10.0.1.2. */
    private static final long SECOND_VIF_MAC = 0x0200_0000_0003L;
    private static final long SECOND_VIF_IP = 0x0A00_0102L;

    private Testbed() {
    }

    /**
     * Runs a configuration.
     *
     * @param config the configuration
     * @param options the set-up
     * @param progress told the fraction of bytes acknowledged now and then (0 to 1)
     * @return what it measured
     */
    public static RunResult run(final PaperConfig config, final TestbedOptions options, final DoubleConsumer progress) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        final int isn = new SplittableRandom(options.seed()).nextInt();
        final LroConfig lro = LroConfig.builder().mode(config.mode()).policy(config.policy())
                .maxAggregated(options.maxAggregated()).maxDescriptors(options.maxDescriptors()).mtu(1500).build();
        final Rig rig = config.virtualized() ? xen(config, options, lro, isn) : nativeHost(config, options, isn);
        final Scheduler s = rig.scheduler;
        rig.sender.start();
        final @Nullable TcpSender local = rig.localSender;
        if (local != null) {
            local.start();
        }
        // A bound on virtual time: the transfer at 1 Mbit/s (the local one at a tenth of its rate), against a
        // model that never finishes.
        final LocalTraffic lt = options.local();
        final long deadline = s.now() + Math.max(Math.max(10_000_000_000L, options.bytes() * 8_000L),
                local == null ? 0 : (long) (lt.bytes() * 8e10 / lt.bitsPerSecond()));
        long events = 0;
        while (!(rig.sender.complete() && (local == null || local.complete())) && s.nextTime() <= deadline && s.runNext()) {
            if (++events % EVENTS_PER_PROGRESS == 0) {
                progress.accept((double) rig.sender.bytesAcked() / options.bytes());
            }
        }
        progress.accept((double) rig.sender.bytesAcked() / options.bytes());
        return rig.result(config, options);
    }

    /** Native: the RTL8169 and the TCP receiver on one CPU. */
    private static Rig nativeHost(final PaperConfig config, final TestbedOptions options, final int isn) {
        final Scheduler s = new Scheduler();
        final Vcpu cpu = new Vcpu(s, "native");
        final CpuMeter meter = new CpuMeter(s, options.costs());
        meter.register(cpu);
        final Endpoints ends = Endpoints.of(XenOptions.DEFAULT_GUEST_MAC, isn);
        final Rig rig = new Rig(s, meter);
        final Wire toSender = new Wire(s, options.linkBitsPerSecond(), options.switchLatencyNanos(), rig::toSender);
        final Wire toReceiver = new Wire(s, options.linkBitsPerSecond(), options.switchLatencyNanos(), rig::toReceiver);
        final TimedNic nic = new TimedNic(s, cpu, meter, false, options.irqLatencyNanos(), LroConfig.builder().enabled(false).build(),
                rig::toStack, Rtl8169Options.defaults(), toSender);
        rig.nic = nic;
        rig.receiver = new TcpReceiver(s, cpu, meter, ends, options.mss(), options.receiveWindow(), config.delayedAck(), nic::transmit);
        rig.sender = new TcpSender(s, toReceiver, ends, options.bytes(), options.mss(), options.txQueueFrames(), () -> { });
        return rig;
    }

    /** A Xen guest: the RTL8169 on the driver domain's CPU, the machine behind it, the receiver on the guest's CPU. */
    private static Rig xen(final PaperConfig config, final TestbedOptions options, final LroConfig lro, final int isn) {
        final XenOptions xo = new XenOptions(config.placement(), config.bridgeMode(), NetfrontOptions.defaults(),
                XenOptions.DEFAULT_NIC, 1500, options.upcallLatencyNanos(), 64, XenOptions.DEFAULT_GUEST_MAC);
        final @Nullable Rig[] holder = new Rig[1];
        // The machine exists before the rig that consumes its packets: what it sends while it comes up
        // (the guest's gratuitous ARP) is dropped.
        final XenMachine machine = new XenMachine(lro, via(holder, Rig::toGuestStack), xo, via(holder, Rig::toDriverDomain),
                via(holder, Rig::toWire));
        final LocalTraffic local = options.local();
        final @Nullable Netfront eth1 = local.enabled() && local.secondVif()
                ? machine.addSecondVif(SECOND_VIF_MAC, via(holder, Rig::toSecondVif)) : null;
        final Scheduler s = machine.scheduler();
        final CpuMeter meter = new CpuMeter(s, options.costs());
        final Vcpu dom0 = machine.driverDomain().vcpu();
        final Vcpu guest = machine.guest().vcpu();
        meter.register(dom0);
        meter.register(guest);
        machine.ledger().listen(meter);
        final Endpoints ends = Endpoints.of(xo.guestMac(), isn);
        final Rig rig = new Rig(s, meter);
        holder[0] = rig;
        rig.machine = machine;
        rig.netfrontLro = config.placement() == LroPlacement.NETFRONT;
        if (rig.netfrontLro) {
            rig.netfrontCharge = new LroCharge(meter, machine::netfrontLroStats);
        }
        final Wire toSender = new Wire(s, options.linkBitsPerSecond(), options.switchLatencyNanos(), rig::toSender);
        final Wire toReceiver = new Wire(s, options.linkBitsPerSecond(), options.switchLatencyNanos(), rig::toReceiver);
        rig.nic = new TimedNic(s, dom0, meter, true, options.irqLatencyNanos(), XenMachine.nicConfig(lro, xo), machine::fromPhysicalNic,
                Rtl8169Options.defaults(), toSender);
        rig.receiver = new TcpReceiver(s, guest, meter, ends, options.mss(), options.receiveWindow(), config.delayedAck(),
                machine::sendFromGuest);
        rig.sender = new TcpSender(s, toReceiver, ends, options.bytes(), options.mss(), options.txQueueFrames(), () -> { });
        if (local.enabled()) {
            // Domain-0's own connection to the guest, through netloop: to eth0 beside the transfer, or to eth1
            final Endpoints le = new Endpoints(DOM0_MAC, eth1 != null ? SECOND_VIF_MAC : xo.guestMac(), DOM0_IP,
                    eth1 != null ? SECOND_VIF_IP : ends.receiverIp(), ends.senderPort() + 1, ends.receiverPort() + 1, ~isn);
            rig.localReceiver = new TcpReceiver(s, guest, meter, le, options.mss(), options.receiveWindow(), config.delayedAck(),
                    eth1 != null ? eth1::transmit : machine::sendFromGuest);
            rig.localOnSecondVif = eth1 != null;
            final DriverDomainStack stack = new DriverDomainStack(machine);
            final TcpSender sender = new TcpSender(s, new Wire(s, local.bitsPerSecond(), 0, stack::send), le, local.bytes(),
                    options.mss(), options.txQueueFrames(), () -> { });
            stack.connect(sender);
            rig.driverDomainStack = stack;
            rig.localSender = sender;
        }
        return rig;
    }

    /** A sink that hands packets to the rig once it exists (what the machine sends while it comes up is dropped). */
    private static PacketSink via(final @Nullable Rig[] holder, final BiConsumer<Rig, Packet> route) {
        return p -> {
            final @Nullable Rig rig = holder[0];
            if (rig == null) {
                p.release();
            } else {
                route.accept(rig, p);
            }
        };
    }

    /** One run's parts, wired through methods so each can be built after the others refer to it. */
    private static final class Rig {
        final Scheduler scheduler;
        final CpuMeter meter;
        @Nullable XenMachine machine;
        @SuppressWarnings("NullAway.Init") TimedNic nic;
        @SuppressWarnings("NullAway.Init") TcpReceiver receiver;
        @SuppressWarnings("NullAway.Init") TcpSender sender;
        boolean netfrontLro;
        @Nullable LroCharge netfrontCharge;
        @Nullable TcpSender localSender;
        @Nullable TcpReceiver localReceiver;
        boolean localOnSecondVif;
        @Nullable DriverDomainStack driverDomainStack;

        Rig(final Scheduler scheduler, final CpuMeter meter) {
            this.scheduler = scheduler;
            this.meter = meter;
        }

        void toSender(final ByteBuffer frame, final int offset, final int length) {
            sender.receive(frame, offset, length);
        }

        void toReceiver(final ByteBuffer frame, final int offset, final int length) {
            nic.receive(frame, offset, length);
        }

        /** Native: the driver passes packets straight to TCP. */
        void toStack(final Packet packet) {
            receiver.deliver(packet);
        }

        /** Xen: netfront (with or without its LRO) passes packets to the guest's TCP: the transfer's or the local one's. */
        void toGuestStack(final Packet packet) {
            final LroCharge c = netfrontCharge;
            if (c != null) {
                c.passedUp();
            }
            final @Nullable TcpReceiver lr = localReceiver;
            if (lr != null && !localOnSecondVif && sourcePort(packet) == lr.endpoints().senderPort()) {
                lr.deliver(packet);
            } else {
                receiver.deliver(packet);
            }
        }

        /** Xen: the guest's second interface (no LRO) carries the local connection only. */
        void toSecondVif(final Packet packet) {
            final @Nullable TcpReceiver lr = localReceiver;
            if (lr == null) {
                packet.release();
            } else {
                lr.deliver(packet);
            }
        }

        /** Xen: what the bridge sends to the driver domain's own stack (netloop): the guest's ACKs of the local connection. */
        void toDriverDomain(final Packet packet) {
            final @Nullable DriverDomainStack d = driverDomainStack;
            if (d == null) {
                packet.release();
            } else {
                d.deliver(packet);
            }
        }

        /** @return the TCP source port of an IPv4 TCP frame, or -1 */
        private static int sourcePort(final Packet p) {
            if (p.length() < 54 || (p.getByte(12) & 0xFF) != 0x08 || p.getByte(13) != 0 || p.getByte(23) != 6) {
                return -1;
            }
            final int tcp = 14 + (p.getByte(14) & 0x0F) * 4;
            return p.length() < tcp + 20 ? -1 : (p.getByte(tcp) & 0xFF) << 8 | (p.getByte(tcp + 1) & 0xFF);
        }

        /** Xen: what the bridge sends out of peth0 goes to the NIC's transmit. */
        void toWire(final Packet packet) {
            nic.transmit(packet);
        }

        RunResult result(final PaperConfig config, final TestbedOptions options) {
            final boolean complete = sender.complete();
            final double seconds = seconds(sender);
            final Map<String, Map<String, Double>> cycles = new LinkedHashMap<>();
            final Map<String, Double> busy = new LinkedHashMap<>();
            for (final Vcpu cpu : meter.cpus()) {
                final Map<String, Double> byComponent = new LinkedHashMap<>();
                for (final Component c : Component.values()) {
                    byComponent.put(c.label(), meter.cycles(cpu, c));
                }
                cycles.put(cpu.name(), byComponent);
                busy.put(cpu.name(), Math.min(1.0, cpu.busyNanos() / (seconds * 1e9)));
            }
            final Map<String, Long> xenCounters = new LinkedHashMap<>();
            final XenMachine m = machine;
            if (m != null) {
                m.ledger().toMap().forEach((k, v) -> {
                    if (v != 0) {
                        xenCounters.put(k, v);
                    }
                });
            }
            final Map<String, Long> verdicts = new LinkedHashMap<>();
            long merged = 0;
            if (config.lro()) {
                final LroStats stats = m != null && netfrontLro ? m.netfrontLroStats() : nic.lroStats();
                for (final Verdict v : Verdict.values()) {
                    if (stats.verdict(v) != 0) {
                        verdicts.put(v.name(), stats.verdict(v));
                    }
                }
                merged = stats.mergedAggregates();
            }
            final boolean intact = intact(sender, receiver);
            final long tcpRx = receiver.dataPackets();
            return new RunResult(config, options.bytes(), options.seed(), complete, intact, seconds,
                    receiver.bytesDelivered() * 8 / seconds / 1e6, nic.device().rxFrames(), nic.device().rxMissed(),
                    nic.device().txFrames(), tcpRx,
                    receiver.segments(), tcpRx == 0 ? 0 : (double) receiver.segments() / tcpRx, receiver.acks(),
                    receiver.sackAcks(), receiver.delayedAcks(), sender.retransmissions(), sender.recoveries(),
                    sender.timeouts(), nic.polls(), nic.polledPackets(), cycles, busy, xenCounters, verdicts, merged, localResult());
        }

        private @Nullable LocalResult localResult() {
            final @Nullable TcpSender ls = localSender;
            final @Nullable TcpReceiver lr = localReceiver;
            if (ls == null || lr == null) {
                return null;
            }
            return new LocalResult(ls.bytes(), localOnSecondVif, ls.complete(), intact(ls, lr),
                    lr.bytesDelivered() * 8 / seconds(ls) / 1e6, lr.dataPackets(), ls.retransmissions());
        }

        /** @return virtual seconds from a sender's first segment to its last ACK, or to now if it has not finished */
        private double seconds(final TcpSender s) {
            return Math.max(1e-9, ((s.complete() ? s.completeNanos() : scheduler.now()) - s.startNanos()) / 1e9);
        }

        /** @return true if the receiver got exactly the bytes the sender sent, all acknowledged (length and CRC-32C) */
        private static boolean intact(final TcpSender s, final TcpReceiver r) {
            return s.complete() && r.bytesDelivered() == s.bytes() && r.streamCrc() == s.streamCrc();
        }
    }
}
