#!/usr/bin/env bash
# Guardrail against plain YARP, side by side in one run, on loopback, against the same fast upstream
# (bench/Guardrail.BenchUpstream). wrk drives each with a fresh request text per request (bench/fresh-chat.lua), so no
# verdict cache answers; the two proxies are measured back to back, REPS times, and medians are reported:
#   throughput ratio     Guardrail req/s / plain YARP req/s at C connections
#   CPU per request      the proxy process's utime+stime (/proc/PID/stat) over the run / requests, ratio to plain YARP
#   added p50 / p99      at 1 connection, Guardrail minus plain YARP (and plain YARP minus the upstream direct)
# Bounded: about (2 x REPS x (D + D1) + warm-up) seconds. 127.0.0.1 only. WARMUP (seconds, 12) per proxy.
#   bench/proxy-vs-yarp.sh [MODE=chat|science] [REPS=3] [D=10] [C=16]      (D1, the 1-connection run, is D as well)
# Environment: POLICY (a policy directory) replaces the shipped policies/; GUARD_ARGS adds options to Guardrail
# (e.g. GUARD_ARGS=--Logging:LogLevel:Guardrail=Warning to price the decision log); GUARD_DLL runs another build of
# Guardrail.Proxy.dll; BEFORE_DLL runs a second Guardrail (an older commit's build) in the same run, measured in
# turn with the other two in every repetition, so a before/after comparison shares the box's load of the moment;
# BEFORE_POLICY gives that build its own policy directory (a newer lexicon may not load in an older build).
# Each process logs into its own folder: a log written into the tenants file's folder would wake Guardrail's file
# watcher on every line, which plain YARP (no watcher) does not pay.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-chat}; REPS=${2:-3}; D=${3:-10}; C=${4:-16}
UP_PORT=18790; PLAIN_PORT=18791; GUARD_PORT=18792; BEFORE_PORT=18793
command -v wrk > /dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 2; }
for p in bench/Guardrail.BenchUpstream bench/Guardrail.PlainYarp src/Guardrail.Proxy; do
  dotnet build -c Release "$p" -v q -nologo > /dev/null
done

WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done; wait 2> /dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# No limits and no strikes: the load generator is one address sending thousands of requests a second.
cat > "$WORK/tenants.yaml" <<'YAML'
defaults: { requests_per_minute: unlimited, concurrent_requests: unlimited, input_tokens_per_minute: unlimited }
anonymous: { requests_per_minute: unlimited, concurrent_requests: unlimited, input_tokens_per_minute: unlimited }
strikes: { enabled: false }
tenants: {}
YAML

start() { # name port command...
  local name=$1 port=$2; shift 2
  mkdir -p "$WORK/logs/$name"
  "$@" > "$WORK/logs/$name/$name.log" 2>&1 &
  PIDS+=($!)
  eval "${name}_PID=$!"
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "http://127.0.0.1:$port/readyz" && return 0
    sleep 0.2
  done
  echo "$name did not start; log:" >&2; cat "$WORK/logs/$name/$name.log" >&2; exit 1
}

start up "$UP_PORT" dotnet bench/Guardrail.BenchUpstream/bin/Release/net10.0/Guardrail.BenchUpstream.dll --urls "http://127.0.0.1:$UP_PORT"
start plain "$PLAIN_PORT" dotnet bench/Guardrail.PlainYarp/bin/Release/net10.0/Guardrail.PlainYarp.dll \
  --urls "http://127.0.0.1:$PLAIN_PORT" --upstream "http://127.0.0.1:$UP_PORT/"
start guard "$GUARD_PORT" dotnet "${GUARD_DLL:-src/Guardrail.Proxy/bin/Release/net10.0/Guardrail.Proxy.dll}" \
  --urls "http://127.0.0.1:$GUARD_PORT" --upstream "http://127.0.0.1:$UP_PORT/" --policy "${POLICY:-policies}" --tenants "$WORK/tenants.yaml" ${GUARD_ARGS:-}
until curl -sf "http://127.0.0.1:$GUARD_PORT/readyz" > /dev/null; do sleep 0.5; done   # encoder loaded
NAMES="plain guard"
if [ -n "${BEFORE_DLL:-}" ]; then
  start before "$BEFORE_PORT" dotnet "$BEFORE_DLL" \
    --urls "http://127.0.0.1:$BEFORE_PORT" --upstream "http://127.0.0.1:$UP_PORT/" --policy "${BEFORE_POLICY:-${POLICY:-policies}}" --tenants "$WORK/tenants.yaml" ${GUARD_ARGS:-}
  until curl -sf "http://127.0.0.1:$BEFORE_PORT/readyz" > /dev/null; do sleep 0.5; done
  NAMES="plain guard before"
fi

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, clock ticks
TICK=$(getconf CLK_TCK)

# One wrk run: prints "requests req_per_s cpu_ticks p50_us p99_us non2xx".
run() { # pid port connections seconds
  local pid=$1 port=$2 c=$3 d=$4 before after out
  before=$(cpu "$pid")
  out=$(MODE=$MODE wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "${d}s" --latency -s bench/fresh-chat.lua "http://127.0.0.1:$port" 2>&1)
  after=$(cpu "$pid")
  echo "$out" > "$WORK/last-wrk.txt"
  awk -v cpu=$(( after - before )) '
    function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1000000; return v }
    / requests in / { req = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = us($2) }
    /^ +99%/ { p99 = us($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%d %.1f %d %.0f %.0f %d\n", req, rps, cpu, p50, p99, bad + 0 }' <<< "$out"
}

median() { sort -g | awk '{a[NR] = $1} END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "mode=$MODE reps=$REPS duration=${D}s connections=$C; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm-up: JIT, connection pools, tiered compilation. Guardrail has far more code to tier up than plain YARP: under
# load its background compiler was still busy ~12 s in, so a 3-second warm-up left that in its first repetition.
W=${WARMUP:-12}
run "$plain_PID" "$PLAIN_PORT" "$C" "$W" > /dev/null
run "$guard_PID" "$GUARD_PORT" "$C" "$W" > /dev/null
[ -z "${BEFORE_DLL:-}" ] || run "$before_PID" "$BEFORE_PORT" "$C" "$W" > /dev/null
run "$up_PID" "$UP_PORT" 1 2 > /dev/null

: > "$WORK/rows"
for r in $(seq 1 "$REPS"); do
  # The order turns each repetition, so no build is always measured first (or right after the same neighbour).
  order=$(echo $NAMES | awk -v r="$r" '{ for (i = 0; i < NF; i++) printf "%s ", $((i + r - 1) % NF + 1) }')
  for name in $order; do
    pidvar=${name}_PID; portvar=${name^^}_PORT
    read -r req rps ticks _ _ bad < <(run "${!pidvar}" "${!portvar}" "$C" "$D")
    [ "$bad" -eq 0 ] || { echo "$name: $bad non-2xx answers" >&2; cat "$WORK/last-wrk.txt" >&2; exit 1; }
    read -r _ _ _ p50 p99 bad1 < <(run "${!pidvar}" "${!portvar}" 1 "$D")
    [ "$bad1" -eq 0 ] || { echo "$name: $bad1 non-2xx answers at 1 connection" >&2; exit 1; }
    cpu_us=$(awk -v t="$ticks" -v n="$req" -v hz="$TICK" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    echo "$r $name $rps $cpu_us $p50 $p99" | tee -a "$WORK/rows"
  done
  read -r _ _ _ p50 p99 _ < <(run "$up_PID" "$UP_PORT" 1 "$D")
  echo "$r direct - - $p50 $p99" | tee -a "$WORK/rows"
done

col() { awk -v n="$1" -v c="$2" '$2 == n { print $c }' "$WORK/rows" | median; }
P_RPS=$(col plain 3); G_RPS=$(col guard 3); P_CPU=$(col plain 4); G_CPU=$(col guard 4)
P50=$(col plain 5); G50=$(col guard 5); P99=$(col plain 6); G99=$(col guard 6); D50=$(col direct 5); D99=$(col direct 6)
echo
echo "medians of $REPS runs ($MODE, fresh text per request; load average now $(cut -d' ' -f1-3 /proc/loadavg)):"
awk -v pr="$P_RPS" -v gr="$G_RPS" -v pc="$P_CPU" -v gc="$G_CPU" -v p50="$P50" -v g50="$G50" -v p99="$P99" -v g99="$G99" -v d50="$D50" -v d99="$D99" -v c="$C" 'BEGIN {
  printf "throughput at %d connections: plain YARP %.0f req/s, Guardrail %.0f req/s, ratio %.2f\n", c, pr, gr, gr / pr
  printf "proxy CPU per request:        plain YARP %.0f us, Guardrail %.0f us, ratio %.2f\n", pc, gc, gc / pc
  printf "1 connection p50 / p99:       direct %d / %d us, plain YARP %d / %d us, Guardrail %d / %d us\n", d50, d99, p50, p99, g50, g99
  printf "added by Guardrail over plain YARP: p50 %+d us, p99 %+d us (plain YARP over direct: p50 %+d us)\n", g50 - p50, g99 - p99, p50 - d50
}'
if [ -n "${BEFORE_DLL:-}" ]; then
  B_RPS=$(col before 3); B_CPU=$(col before 4); B50=$(col before 5); B99=$(col before 6)
  awk -v pr="$P_RPS" -v br="$B_RPS" -v pc="$P_CPU" -v bc="$B_CPU" -v p50="$P50" -v b50="$B50" -v p99="$P99" -v b99="$B99" 'BEGIN {
    printf "before (BEFORE_DLL), same run:  %.0f req/s, ratio %.2f; CPU per request %.0f us, ratio %.2f; added p50 %+d us, p99 %+d us\n", br, br / pr, bc, bc / pc, b50 - p50, b99 - p99
  }'
fi
