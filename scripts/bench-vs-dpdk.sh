#!/usr/bin/env bash
# Runs DPDK's GRO library (C, ../shared/perf/dpdk-gro) and lro4j's JMH benchmarks on the same synthetic
# traffic (frames.h, scenarios A-F) on this machine, one after the other, and prints one table:
# scenario, lro4j ns/pkt, DPDK heavyweight ns/pkt, ratio (chain mode, inet-lro policy, burst 32),
# then the other comparisons (modes, policies, allocation, flow scaling).
#
#   scripts/bench-vs-dpdk.sh            the full run (about 12 minutes on 2 cores)
#   QUICK=1 scripts/bench-vs-dpdk.sh    shorter runs, wider error bars (about 5 minutes)
#   CPU=0                               core both sides are pinned to (taskset -c CPU)
#   LRO4J_SHARED=DIR                    where the shared folder is (default: ../shared beside the checkout)
#
# Needs: a JDK 21+ (found by scripts/with-jdk), Maven, python3; for the C side, Debian's libdpdk-dev,
# dpdk-dev, pkg-config and build-essential, installed here if missing (as root). Without ../shared (a user's
# checkout) it says so and runs the Java side alone. Results go to target/bench/<date>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

CPU=${CPU:-0}
QUICK=${QUICK:-0}
shared=${LRO4J_SHARED:-$root/../shared}
dpdk_src="$shared/perf/dpdk-gro"
out="$root/target/bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"

command -v python3 >/dev/null || { echo "bench-vs-dpdk: python3 is needed to read the results" >&2; exit 2; }
command -v taskset >/dev/null && pin=(taskset -c "$CPU") || pin=()

if [[ "$QUICK" == 1 ]]; then
  reps=3; dur=0.5; jmh=(-wi 2 -w 500ms -i 3 -r 500ms -f 1)
else
  reps=5; dur=1.0; jmh=(-wi 2 -w 1s -i 3 -r 1s -f 1)
fi

# ---------------------------------------------------------------- C side: DPDK GRO and the lower bound
if [[ -f "$dpdk_src/gro_bench.c" ]]; then
  missing=()
  for pkg in libdpdk-dev dpdk-dev pkg-config build-essential; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if (( ${#missing[@]} )); then
    if [[ $(id -u) == 0 ]]; then
      echo "bench-vs-dpdk: installing ${missing[*]}"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "bench-vs-dpdk: the C side needs: apt-get install -y ${missing[*]} (run as root, or install them)" >&2
      exit 2
    fi
  fi
  # ../shared is read-only: build a copy.
  rm -rf "$root/target/dpdk-gro" && cp -r "$dpdk_src" "$root/target/dpdk-gro" && chmod -R u+w "$root/target/dpdk-gro"
  echo "bench-vs-dpdk: building and running DPDK's GRO harness (pinned to cpu $CPU, $reps x ${dur}s per cell)"
  ( cd "$root/target/dpdk-gro" && make -s clean && make -s >/dev/null \
      && "${pin[@]}" ./gro_bench --scen ABCDEF --bursts 32,64 --heavy-bursts 32 --flush 1 --reps "$reps" --dur "$dur" \
      && "${pin[@]}" ./limit --scen ABCD --burst 32 --reps "$reps" --dur "$dur" ) > "$out/dpdk.txt" 2>&1 \
    || { echo "bench-vs-dpdk: the DPDK harness failed; see $out/dpdk.txt" >&2; tail -n 20 "$out/dpdk.txt" >&2; exit 1; }
else
  echo "bench-vs-dpdk: no DPDK harness at $dpdk_src (a user's checkout has no ../shared); running the Java side alone"
fi

# ---------------------------------------------------------------- Java side: JMH
echo "bench-vs-dpdk: building lro-benchmarks/target/benchmarks.jar"
scripts/with-jdk mvn -q -DskipTests -pl lro-benchmarks -am package > "$out/build.txt" 2>&1 \
  || { echo "bench-vs-dpdk: the build failed; see $out/build.txt" >&2; exit 1; }
echo "bench-vs-dpdk: running the JMH benchmarks (pinned to cpu $CPU; -prof gc)"
scripts/with-jdk "${pin[@]}" java -jar lro-benchmarks/target/benchmarks.jar "GroBenchmark|ResetBenchmark|ScalingBenchmark" \
  "${jmh[@]}" -prof gc -rf json -rff "$out/jmh.json" > "$out/jmh.txt" 2>&1 \
  || { echo "bench-vs-dpdk: JMH failed; see $out/jmh.txt" >&2; tail -n 20 "$out/jmh.txt" >&2; exit 1; }

{
  echo "# lro4j vs DPDK GRO, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(uname -r); $(scripts/with-jdk java -version 2>&1 | head -n 1)"
  echo
  python3 scripts/bench-report.py "$out/jmh.json" "$out/dpdk.txt"
} | tee "$out/report.md"
echo
echo "bench-vs-dpdk: raw results and this report are in $out"
