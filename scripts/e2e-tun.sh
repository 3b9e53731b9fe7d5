#!/usr/bin/env bash
# End to end through a real kernel: a TCP transfer between two network namespaces whose only path is
# `lro forward`, a user-space LRO forwarder between two TUN devices.
#
#   scripts/e2e-tun.sh                        # 64 MiB with LRO (gro policy): stream, checksums, counters
#   scripts/e2e-tun.sh --compare --bytes 256M # the same without LRO, then with: throughput and their ratio
#   scripts/e2e-tun.sh --help
#
#   ns a (10.201.1.1/24 on tun A) --route 10.201.2.0/24--> [lro forward: A -> LRO -> B] --> ns b (10.201.2.1/24 on tun B)
#                                 <----------------------- [            B -> LRO -> A] <--
#
# Needs root (network namespaces, CAP_NET_ADMIN for the TUN devices), iproute2, python3 (the sender and the
# receiver), and a built lro-cli (scripts/with-jdk mvn -q -DskipTests package); LRO="..." overrides how `lro`
# is started. It creates its own namespaces and devices, sends only between the addresses it assigns inside
# them, and removes everything on exit, also on failure or interruption. Each run is bounded by --timeout.
# The last line is `RESULT {json}` for tools; the exit status is 0 only if every stream arrived intact and
# the kernel counted no checksum or header errors.
set -euo pipefail
cd "$(dirname "$0")/.."

BYTES=64M
TIMEOUT=60
COMPARE=0
POLICY=gro
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --bytes) BYTES=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --compare) COMPARE=1; shift ;;
    --policy) POLICY=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "e2e-tun: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case $BYTES in
  *K) N=$(( ${BYTES%K} * 1024 )) ;;
  *M) N=$(( ${BYTES%M} * 1024 * 1024 )) ;;
  *G) N=$(( ${BYTES%G} * 1024 * 1024 * 1024 )) ;;
  *) N=$BYTES ;;
esac
[[ $N =~ ^[0-9]+$ && $N -gt 0 && $N -le $((1024 * 1024 * 1024)) ]] || { echo "e2e-tun: --bytes must be 1 to 1G (the sender holds it in memory), was $BYTES" >&2; exit 2; }
[[ $TIMEOUT =~ ^[0-9]+$ && $TIMEOUT -gt 0 ]] || { echo "e2e-tun: --timeout must be a number of seconds, was $TIMEOUT" >&2; exit 2; }

skip() { echo "e2e-tun: SKIPPED: $*"; echo "RESULT {\"skipped\": \"$*\"}"; exit 77; }
[[ $(id -u) -eq 0 ]] || skip "needs root (network namespaces and CAP_NET_ADMIN)"
command -v ip >/dev/null || skip "needs iproute2 (ip)"
command -v python3 >/dev/null || skip "needs python3 for the sender and the receiver"
[[ -c /dev/net/tun ]] || skip "no /dev/net/tun"
if [[ -z ${LRO:-} ]]; then
  [[ -f lro-cli/target/lro.jar ]] || { echo "e2e-tun: lro-cli/target/lro.jar is missing: run scripts/with-jdk mvn -q -DskipTests package" >&2; exit 2; }
  LRO="scripts/with-jdk java -jar lro-cli/target/lro.jar"
fi

TAG=$$
WORK=$(mktemp -d)
NAMESPACES=()
FORWARDER=""
cleanup() {
  [[ -n $FORWARDER ]] && kill "$FORWARDER" 2>/dev/null && wait "$FORWARDER" 2>/dev/null || true
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# counters NS: the kernel's IP and TCP error counters inside a namespace, as "name=value ..."
counters() {
  ip netns exec "$1" awk '
    /^Ip: Forwarding/ { split($0, h); getline; split($0, v); for (i in h) ip[h[i]] = v[i] }
    /^Tcp: RtoAlgorithm/ { split($0, h); getline; split($0, v); for (i in h) tcp[h[i]] = v[i] }
    END { printf "IpInHdrErrors=%s IpInDiscards=%s TcpInCsumErrors=%s TcpInErrs=%s TcpRetransSegs=%s", \
          ip["InHdrErrors"], ip["InDiscards"], tcp["InCsumErrors"], tcp["InErrs"], tcp["RetransSegs"] }' /proc/net/snmp
}

RECEIVER='
import hashlib, json, socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 5001)); s.listen(1); print("listening", flush=True)
c, _ = s.accept(); h = hashlib.sha256(); n = 0; buf = bytearray(1 << 20); mv = memoryview(buf)
while True:
    k = c.recv_into(buf)
    if not k: break
    h.update(mv[:k]); n += k
c.close(); print(json.dumps({"bytes": n, "sha256": h.hexdigest()}), flush=True)
'
SENDER='
import hashlib, json, random, socket, sys, time
n = int(sys.argv[2]); rnd = random.Random(20261207); h = hashlib.sha256(); chunks = []
for at in range(0, n, 1 << 20):
    chunks.append(rnd.randbytes(min(1 << 20, n - at))); h.update(chunks[-1])
digest = h.hexdigest()
c = socket.create_connection((sys.argv[1], 5001), timeout=30); t0 = time.monotonic()
for chunk in chunks: c.sendall(chunk)
c.shutdown(socket.SHUT_WR); c.settimeout(None); c.recv(1)
t = time.monotonic() - t0; c.close()
print(json.dumps({"bytes": n, "sha256": digest, "seconds": t, "mbps": n * 8 / t / 1e6}), flush=True)
'

# run LABEL FORWARDER-OPTIONS...: one transfer through a fresh pair of namespaces; prints a JSON object
run() {
  local label=$1; shift
  local nsa=lro4j-a-$TAG-$label nsb=lro4j-b-$TAG-$label tuna=l4a${TAG: -5}$label tunb=l4b${TAG: -5}$label
  tuna=${tuna:0:15}; tunb=${tunb:0:15}
  ip netns add "$nsa"; NAMESPACES+=("$nsa")
  ip netns add "$nsb"; NAMESPACES+=("$nsb")
  $LRO forward --tun-a "$tuna" --tun-b "$tunb" "$@" > "$WORK/$label.forward" 2>&1 &
  FORWARDER=$!
  for _ in $(seq 1 100); do
    ip link show "$tuna" >/dev/null 2>&1 && ip link show "$tunb" >/dev/null 2>&1 && break
    kill -0 "$FORWARDER" 2>/dev/null || { cat "$WORK/$label.forward" >&2; echo "e2e-tun: lro forward exited" >&2; exit 1; }
    sleep 0.1
  done
  ip link set "$tuna" netns "$nsa"
  ip link set "$tunb" netns "$nsb"
  ip -n "$nsa" link set lo up; ip -n "$nsb" link set lo up
  # a longer transmit queue than the default 500 in front of the forwarder: fewer drops while it catches up
  ip -n "$nsa" link set "$tuna" txqueuelen 4000; ip -n "$nsb" link set "$tunb" txqueuelen 4000
  ip -n "$nsa" addr add 10.201.1.1/24 dev "$tuna"; ip -n "$nsa" link set "$tuna" up
  ip -n "$nsb" addr add 10.201.2.1/24 dev "$tunb"; ip -n "$nsb" link set "$tunb" up
  ip -n "$nsa" route add 10.201.2.0/24 dev "$tuna"
  ip -n "$nsb" route add 10.201.1.0/24 dev "$tunb"

  timeout "$TIMEOUT" ip netns exec "$nsb" python3 -c "$RECEIVER" 10.201.2.1 > "$WORK/$label.recv" &
  local receiver=$!
  for _ in $(seq 1 100); do grep -q listening "$WORK/$label.recv" 2>/dev/null && break; sleep 0.1; done
  local sent
  if ! sent=$(timeout "$TIMEOUT" ip netns exec "$nsa" python3 -c "$SENDER" 10.201.2.1 "$N"); then
    echo "e2e-tun: $label: the transfer did not finish within ${TIMEOUT}s" >&2
    kill "$receiver" 2>/dev/null || true
    kill "$FORWARDER"; wait "$FORWARDER" || true; FORWARDER=""
    cat "$WORK/$label.forward" >&2
    exit 1
  fi
  wait "$receiver" || true
  local received; received=$(tail -n 1 "$WORK/$label.recv")
  local ca cb; ca=$(counters "$nsa"); cb=$(counters "$nsb")
  kill "$FORWARDER"; wait "$FORWARDER" || true; FORWARDER=""
  sed 's/^/  forward: /' "$WORK/$label.forward" >&2
  python3 - "$label" "$sent" "$received" "$ca" "$cb" <<'PY'
import json, sys
label, sent, received, ca, cb = sys.argv[1:6]
s, r = json.loads(sent), json.loads(received)
kv = lambda t: {k: int(v) for k, v in (x.split("=") for x in t.split())}
a, b = kv(ca), kv(cb)
bad = {k: v for side in (a, b) for k, v in side.items() if k in ("TcpInCsumErrors", "IpInHdrErrors") and v}
out = {"label": label, "bytes": s["bytes"], "mbps": round(s["mbps"], 1), "seconds": round(s["seconds"], 3),
       "intact": s["sha256"] == r["sha256"] and s["bytes"] == r["bytes"], "sha256": r["sha256"],
       "counters": {"a": a, "b": b}, "checksumErrors": bad}
print(json.dumps(out))
PY
}

# (run in this shell, not in $(...): its namespaces and forwarder must be visible to cleanup)
if ((COMPARE)); then
  echo "e2e-tun: $N bytes without LRO, then with LRO ($POLICY)" >&2
  run nolro --no-lro > "$WORK/nolro.json"
  run lro --policy "$POLICY" > "$WORK/lro.json"
else
  echo "e2e-tun: $N bytes with LRO ($POLICY)" >&2
  run lro --policy "$POLICY" > "$WORK/lro.json"
fi
python3 - "$WORK"/nolro.json "$WORK"/lro.json <<'PY'
import json, os, sys
runs = [json.load(open(f)) for f in sys.argv[1:] if os.path.exists(f)]
for r in runs:
    print(f"  {r['label']:6} {r['bytes']} bytes in {r['seconds']} s = {r['mbps']} Mbit/s, stream "
          f"{'identical (SHA-256 ' + r['sha256'][:16] + '...)' if r['intact'] else 'DIFFERS'}, "
          f"checksum/header errors: {r['checksumErrors'] or 'none'}")
out = {"runs": runs, "ok": all(r["intact"] and not r["checksumErrors"] for r in runs)}
if len(runs) == 2:
    out["ratio"] = round(runs[1]["mbps"] / runs[0]["mbps"], 2)
    print(f"  with LRO / without: {out['ratio']}x")
print("RESULT " + json.dumps(out))
sys.exit(0 if out["ok"] else 1)
PY
