package io.lro4j.testbed.report;

import io.lro4j.testbed.LocalResult;
import io.lro4j.testbed.RunResult;
import io.lro4j.testbed.TestbedOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The paper's tables II to VI with the model's figures beside the paper's, and a table of the model's own
 * figures. Counts are scaled to the paper's 10 GiB transfer so they compare directly; the run's own counts
 * are in the JSON. Paper figures not recorded in SPEC §1 are "n/a".
 */
public final class PaperReport {

    private final List<RunResult> results;

    /**
     * @param results one result per configuration, in report order
     */
    public PaperReport(final List<RunResult> results) {
        this.results = List.copyOf(Objects.requireNonNull(results, "results"));
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no results to report");
        }
    }

    /** @return every table, in the paper's order, then the model's extras, then the local traffic's if a run had it */
    public List<Table> tables() {
        final List<Table> t = new ArrayList<>(List.of(table2(), table3(), table4(), table5(), table6(), extras()));
        if (results.stream().anyMatch(r -> r.local() != null)) {
            t.add(local());
        }
        return List.copyOf(t);
    }

    private static String f(final @Nullable Double v, final String format) {
        return v == null ? "n/a" : String.format(Locale.ROOT, format, v);
    }

    private static String millions(final double v) {
        return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }

    private List<List<String>> rows(final Function<RunResult, List<String>> row) {
        final List<List<String>> out = new ArrayList<>();
        for (final RunResult r : results) {
            final List<String> cells = new ArrayList<>();
            cells.add(r.config().label());
            cells.addAll(row.apply(r));
            out.add(cells);
        }
        return out;
    }

    /** @return Table II: throughput and LRO rate */
    public Table table2() {
        return new Table("table2", "Table II: throughput and LRO rate", "Mbit/s of goodput; LRO rate = segments per TCP-layer packet.",
                List.of("config", "paper Mbit/s", "model Mbit/s", "paper LRO rate", "model LRO rate"),
                rows(r -> {
                    final PaperNumbers p = PaperNumbers.of(r.config());
                    return List.of(f(p.mbps(), "%.1f"), f(r.mbps(), "%.1f"), f(p.lroRate(), "%.2f"), f(r.lroRate(), "%.2f"));
                }));
    }

    /** @return Table III: CPU cycles (the model's equivalent of cycles and instructions) */
    public Table table3() {
        return new Table("table3", "Table III: CPU cost of the transfer",
                "The paper's cycle and instruction counts are not recorded in SPEC §1 (n/a); the model counts cycles only "
                        + "(no instructions), scaled to 10 GiB.",
                List.of("config", "paper cycles", "model Gcycles", "model cycles/packet", "model cycles/KiB"),
                rows(r -> List.of("n/a", f(r.perPaperTransfer(r.totalCycles()) / 1e9, "%.1f"),
                        f(r.totalCycles() / Math.max(1, r.physRx()), "%.0f"), f(r.totalCycles() / (r.bytes() / 1024.0), "%.0f"))));
    }

    /** @return Table IV: per-domain breakdown */
    public Table table4() {
        final List<List<String>> rows = new ArrayList<>();
        for (final RunResult r : results) {
            for (final Map.Entry<String, Map<String, Double>> cpu : r.cpuCycles().entrySet()) {
                final List<String> row = new ArrayList<>();
                row.add(r.config().label());
                row.add(cpu.getKey());
                row.add(f(100 * r.cpuBusy().getOrDefault(cpu.getKey(), 0.0), "%.0f%%"));
                final double total = cpu.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
                row.add(f(r.perPaperTransfer(total) / 1e9, "%.1f"));
                for (final double c : cpu.getValue().values()) {
                    row.add(total == 0 ? "0%" : f(100 * c / total, "%.0f%%"));
                }
                rows.add(row);
            }
        }
        final List<String> header = new ArrayList<>(List.of("config", "CPU", "busy", "Gcycles"));
        header.addAll(results.get(0).cpuCycles().values().iterator().next().keySet());
        return new Table("table4", "Table IV: per-domain CPU breakdown",
                "The paper's breakdown is not recorded in SPEC §1; model only. Gcycles scaled to 10 GiB; shares by component.",
                header, rows);
    }

    /** @return Table V: physical and TCP-layer packets */
    public Table table5() {
        return new Table("table5", "Table V: packets received and sent (per 10 GiB)",
                "Phys Rx/Tx: frames at the physical NIC; TCP Rx: data packets at the receiver's TCP layer = Phys Rx / LRO rate. "
                        + "The paper's Phys figures are not recorded (n/a).",
                List.of("config", "paper Phys Rx", "model Phys Rx", "paper Phys Tx", "model Phys Tx", "paper TCP Rx", "model TCP Rx"),
                rows(r -> {
                    final PaperNumbers p = PaperNumbers.of(r.config());
                    return List.of("n/a", millions(r.perPaperTransfer((double) r.physRx())), "n/a", millions(r.perPaperTransfer((double) r.physTx())),
                            p.tcpRx() == null ? "n/a" : millions(p.tcpRx()), millions(r.perPaperTransfer((double) r.tcpRx())));
                }));
    }

    /** @return Table VI: ACKs and SACKs */
    public Table table6() {
        return new Table("table6", "Table VI: ACKs and SACKs",
                "Packets per ACK = TCP-layer data packets / ACKs sent (about 2 with delayed ACK, 1 when every packet is ACKed); "
                        + "SACK rate = ACKs with SACK blocks / ACKs. ACK counts per 10 GiB.",
                List.of("config", "model ACKs", "model SACKs", "paper pkts/ACK", "model pkts/ACK", "paper SACK rate", "model SACK rate"),
                rows(r -> {
                    final PaperNumbers p = PaperNumbers.of(r.config());
                    return List.of(millions(r.perPaperTransfer((double) r.acks())), millions(r.perPaperTransfer((double) r.sackAcks())),
                            f(p.packetsPerAck(), "%.2f"), f(r.packetsPerAck(), "%.2f"),
                            p.sackRate() == null ? "n/a" : f(100 * p.sackRate(), "%.1f%%"), f(100 * r.sackRate(), "%.1f%%"));
                }));
    }

    /** @return the model's own figures */
    public Table extras() {
        return new Table("extras", "Model figures beyond the paper's tables",
                "Per run (not scaled). Linearize: bridge copies of frag-list aggregates; netbk_copy_skb: heads crossing a page; "
                        + "fragmented rejected: multi-slot packets skb-mode LRO passed up; stream: receiver's bytes equal the sender's.",
                List.of("config", "linearize", "linearized bytes", "netbk_copy_skb", "copy_skb bytes", "grant copy bytes",
                        "fragmented rejected", "pkts/NIC poll", "pkts/netfront poll", "notifications", "retransmits", "RTOs", "stream"),
                rows(r -> {
                    final long nfPolls = r.xen("NETFRONT_POLLS");
                    return List.of(Long.toString(r.xen("BRIDGE_LINEARIZE")), Long.toString(r.xen("BRIDGE_LINEARIZE_BYTES")),
                            Long.toString(r.xen("NETBACK_COPY_SKB")), Long.toString(r.xen("NETBACK_COPY_SKB_BYTES")),
                            Long.toString(r.xen("GRANT_COPY_BYTES")), Long.toString(r.lroVerdicts().getOrDefault("FRAGMENTED_INPUT", 0L)),
                            f(r.packetsPerNicPoll(), "%.2f"),
                            nfPolls == 0 ? "–" : f((double) r.xen("NETFRONT_RX_PACKETS") / nfPolls, "%.2f"),
                            Long.toString(r.xen("EVTCHN_SEND")), Long.toString(r.retransmissions()), Long.toString(r.timeouts()),
                            r.streamIntact() ? "identical" : (r.complete() ? "DIFFERS" : "INCOMPLETE"));
                }));
    }

    /** @return the driver domain's local connection beside the transfer, per configuration (Native has none) */
    public Table local() {
        return new Table("local", "Driver-domain local traffic (the paper's loopback packets)",
                "Domain-0's own TCP connection to the guest through netloop: each segment reaches netfront as a header page and a "
                        + "data page. fragmented rejected: such packets skb-mode LRO on eth0 passed up untouched; vif: eth0 (beside "
                        + "the transfer) or eth1 (a second vif pair without LRO, the paper's workaround).",
                List.of("config", "vif", "local Mbit/s", "local TCP Rx", "local retransmits", "fragmented rejected", "transfer LRO rate",
                        "local stream"),
                rows(r -> {
                    final @Nullable LocalResult l = r.local();
                    if (l == null) {
                        return List.of("–", "–", "–", "–", "–", f(r.lroRate(), "%.2f"), "–");
                    }
                    return List.of(l.secondVif() ? "eth1" : "eth0", f(l.mbps(), "%.1f"), Long.toString(l.dataPackets()),
                            Long.toString(l.retransmissions()), Long.toString(r.lroVerdicts().getOrDefault("FRAGMENTED_INPUT", 0L)),
                            f(r.lroRate(), "%.2f"), l.streamIntact() ? "identical" : (l.complete() ? "DIFFERS" : "INCOMPLETE"));
                }));
    }

    /**
     * @param options the run's set-up
     * @return the whole report as Markdown
     */
    public String markdown(final TestbedOptions options) {
        final StringBuilder b = new StringBuilder("## lro4j paper testbed: Hatori and Oi, model vs paper\n\n");
        b.append(String.format(Locale.ROOT, "%d bytes per configuration, seed %d, CPU %.2f GHz. Paper: 10 GiB per configuration.%n%n",
                options.bytes(), options.seed(), options.costs().hz() / 1e9));
        for (final Table t : tables()) {
            b.append(TableFormat.markdown(t));
        }
        return b.toString();
    }
}
