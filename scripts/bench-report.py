#!/usr/bin/env python3
"""Reads lro4j's JMH results (JSON) and, when present, the output of DPDK's gro_bench and limit
(text), and prints the comparison tables of docs/PERFORMANCE.md as Markdown.

    python3 scripts/bench-report.py JMH.json [DPDK.txt]

lro4j's LRO cost is GroBenchmark.lro - ResetBenchmark.reset (the harness alone), as DPDK's is
total - reset in gro_bench.c. Allocation is JMH's gc.alloc.rate.norm (bytes per packet)."""
import json
import os
import re
import sys

SCEN = "ABCDEF"
DESC = {"A": "1 flow, 1448 B", "B": "4 flows round-robin", "C": "64 flows round-robin",
        "D": "1024 flows round-robin", "E": "1 flow, 64 B", "F": "4 flows, pairs swapped"}


def load_jmh(path):
    lro, reset, scaling, alloc = {}, {}, {}, []
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        cls, method = name[-2], name[-1]
        p = r.get("params", {})
        score = r["primaryMetric"]["score"]
        norm = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        if norm is not None:
            alloc.append((norm, "%s.%s %s" % (cls, method, ",".join("%s=%s" % kv for kv in sorted(p.items())))))
        if cls == "GroBenchmark":
            lro[(p["scenario"], int(p["burst"]), p["mode"], p["policy"])] = score
        elif cls == "ResetBenchmark":
            reset[(p["scenario"], int(p["burst"]))] = score
        elif cls == "ScalingBenchmark":
            scaling[(int(p["flows"]), p["descriptors"], method)] = score
    return lro, reset, scaling, alloc


def load_dpdk(path):
    gro, limit = {}, {}
    if not path or not os.path.exists(path):
        return gro, limit
    row = re.compile(r"^\s+([A-F])\s+.+?\s+(32|64)\s+(reset|light|heavy/\d+)\s+(\S+)\s+(\S+)\s+(\S+)")
    lim = re.compile(r"^\s+([A-D])\s+.+?\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+ok")
    for line in open(path):
        m = row.match(line)
        if m and m.group(3) != "reset":
            gro[(m.group(1), int(m.group(2)), m.group(3))] = float(m.group(6))
            continue
        m = lim.match(line)
        if m:
            limit[m.group(1)] = float(m.group(4))
    return gro, limit


def cost(lro, reset, s, b, mode, policy):
    key = (s, b, mode, policy)
    if key not in lro or (s, b) not in reset:
        return None
    return lro[key] - reset[(s, b)]


def fmt(x, d=1):
    return "-" if x is None else ("%.*f" % (d, x))


def main():
    lro, reset, scaling, alloc = load_jmh(sys.argv[1])
    gro, limit = load_dpdk(sys.argv[2] if len(sys.argv) > 2 else None)
    have_c = bool(gro)
    print("## LRO cost per packet: lro4j (chain, inet-lro) vs DPDK GRO, burst 32\n")
    print("ns per input packet of LRO/GRO work (harness subtracted on both sides).\n")
    print("| scenario | lro4j | DPDK heavy | ratio | target | DPDK light | C lower bound |")
    print("|---|---|---|---|---|---|---|")
    for s in SCEN:
        ours = cost(lro, reset, s, 32, "chain", "inet-lro")
        heavy = gro.get((s, 32, "heavy/1"))
        target = 0.5 if s in "CD" else 1.0
        ratio = ours / heavy if ours is not None and heavy else None
        verdict = "" if ratio is None else (" (met)" if ratio <= target else " (not met)")
        print("| %s: %s | %s | %s | %s | <= %.1f x%s | %s | %s |" % (
            s, DESC[s], fmt(ours), fmt(heavy), fmt(ratio, 2), target, verdict, fmt(gro.get((s, 32, "light"))),
            fmt(limit.get(s))))
    if not have_c:
        print("\n(no DPDK results: ../shared/perf/dpdk-gro was not found, so only lro4j's side ran)")
    print("\n## Every configuration: lro4j LRO ns/packet\n")
    print("| scenario | burst | chain, inet-lro | chain, gro | fragments, inet-lro | fragments, gro | fragments / chain | gro / inet-lro |")
    print("|---|---|---|---|---|---|---|---|")
    for s in SCEN:
        for b in (32, 64):
            c_i = cost(lro, reset, s, b, "chain", "inet-lro")
            c_g = cost(lro, reset, s, b, "chain", "gro")
            f_i = cost(lro, reset, s, b, "fragments", "inet-lro")
            f_g = cost(lro, reset, s, b, "fragments", "gro")
            fr = f_i / c_i if f_i is not None and c_i else None
            gr = c_g / c_i if c_g is not None and c_i else None
            print("| %s | %d | %s | %s | %s | %s | %s | %s |" % (s, b, fmt(c_i), fmt(c_g), fmt(f_i), fmt(f_g),
                                                              fmt(fr, 2), fmt(gr, 2)))
    print("\nTargets: fragments / chain <= 1.2; gro / inet-lro <= 1.1 (burst 32). Harness (reset) ns/packet: " +
          ", ".join("%s %s" % (s, fmt(reset.get((s, 32)))) for s in SCEN) + ".")
    if scaling:
        print("\n## Flow scaling (chain, inet-lro, 64-byte segments, two per flow per poll)\n")
        print("reset holds each poll of 2F packets, then releases it. With the table sized to fit, the engine holds")
        print("them too, so lro - reset is the engine alone. A table of 8 passes most flows straight through and")
        print("holds nothing, so its lro figure is given whole.\n")
        print("| flows | reset | lro, table fits | engine alone | vs 1 flow | lro, table of 8 | vs 1 flow |")
        print("|---|---|---|---|---|---|---|")
        base_fit = base_small = None
        for f in sorted({k[0] for k in scaling}):
            fit = scaling.get((f, "fit", "lro"))
            small = scaling.get((f, "8", "lro"))
            r = scaling.get((f, "fit", "reset"))
            alone = fit - r if fit is not None and r is not None else None
            base_fit = base_fit if base_fit is not None else alone
            base_small = base_small if base_small is not None else small
            print("| %d | %s | %s | %s | %s | %s | %s |" % (
                f, fmt(r), fmt(fit), fmt(alone), fmt(alone / base_fit if alone and base_fit else None, 2),
                fmt(small), fmt(small / base_small if small and base_small else None, 2)))
    if alloc:
        worst = max(alloc)
        print("\n## Allocation\n\nLargest gc.alloc.rate.norm of %d benchmark configurations: %.4f bytes per packet (%s)."
              % (len(alloc), worst[0], worst[1]))


if __name__ == "__main__":
    main()
