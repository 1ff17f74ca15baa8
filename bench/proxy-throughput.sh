#!/usr/bin/env bash
# Throughput of the proxy, cascade (shipped policy) against the lexical tier alone, on loopback with the built-in
# demo model as upstream. Bounded: N requests per run, P in flight, 127.0.0.1 only.
#   bench/proxy-throughput.sh [N=400] [P=8]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-400}; P=${2:-8}; PORT=18781
dotnet build -c Release src/Guardrail.Proxy -v q -nologo > /dev/null
BIN=src/Guardrail.Proxy/bin/Release/net10.0/Guardrail.Proxy.dll

# Lexical-only copy of the shipped policy: the same file without the cascade and encoder sections.
LEX=$(mktemp -d); cp -r policies/lexicons "$LEX/"
awk '/^  # When the lexical tier escalates/{skip=1} /^# Categories \(required/{skip=0} !skip' policies/default.yaml > "$LEX/default.yaml"

BODIES=$(mktemp)
for q in "What is the capital of Australia?" "Write a haiku about autumn leaves." "How do I reverse a linked list in Python?" \
         "Summarise the causes of the French Revolution." "What are good stretches for lower back pain?" "Explain compound interest simply." \
         "Translate thank you into German." "Give me three ideas for a birthday party." "How do I fix a leaking tap?" \
         "How is anthrax infection treated?"; do
  printf '{"model":"demo","messages":[{"role":"user","content":"%s"}]}\n' "$q" >> "$BODIES"
done

run() {
  local name=$1 policy=$2
  dotnet "$BIN" --demo --urls "http://127.0.0.1:$PORT" --policy "$policy" --Logging:LogLevel:Default=Warning > /dev/null 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null; do sleep 0.2; done
  local rss; rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  local start; start=$(date +%s.%N)
  for i in $(seq 1 "$N"); do sed -n "$(( (i % 10) + 1 ))p" "$BODIES"; done | \
    xargs -P "$P" -d '\n' -I{} curl -s -o /dev/null -H 'content-type: application/json' -d '{}' "http://127.0.0.1:$PORT/v1/chat/completions"
  local end; end=$(date +%s.%N)
  local rss2; rss2=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  kill "$pid"; wait "$pid" 2> /dev/null || true
  awk -v n="$N" -v s="$start" -v e="$end" -v name="$name" -v r1="$rss" -v r2="$rss2" \
    'BEGIN { printf "%-14s %5d requests in %6.2f s = %7.1f req/s; RSS ready %d MB, after %d MB\n", name, n, e-s, n/(e-s), r1/1024, r2/1024 }'
}

run "lexical only" "$LEX"
run "cascade" policies
rm -rf "$LEX" "$BODIES"
