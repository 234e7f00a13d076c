#!/usr/bin/env bash
# B1: durable webhook ingest. Starts a daemon in a temporary data dir, adds one
# rule (trigger.body.value greaterthan 90 -> core.noop), then drives
# POST /api/v1/webhooks/bench with wrk on loopback and prints one JSON line.
#   bench/webhook/run.sh [build dir] [duration, e.g. 30s] [connections]
# Needs wrk (Debian package "wrk").
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
duration=${2:-30s}
conns=${3:-50}
squall="$build/app/squall/squall"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$squall" serve --data-dir "$tmp/data" --listen 127.0.0.1:0 --packs-dir "$here/packs" --no-action-trigger \
    >"$tmp/daemon.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$tmp/daemon.log")
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { cat "$tmp/daemon.log" >&2; exit 1; }
key=$(cat "$tmp/data/admin.key")
cat >"$tmp/rule.yaml" <<RULE
name: disk_full
pack: bench
enabled: true
trigger:
  type: core.st2.webhook
  parameters: {url: bench}
criteria:
  trigger.body.value: {type: greaterthan, pattern: 90}
action:
  ref: core.noop
RULE
SQUALL_URL=$url SQUALL_API_KEY=$key "$squall" rule create "$tmp/rule.yaml" >/dev/null
cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"event":"disk_full","host":"web-01","value":97}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["St2-Api-Key"] = "$key"
LUA
cpu0=$(awk '{print $14+$15}' /proc/$pid/stat)
wrk -t1 -c"$conns" -d"$duration" --latency -s "$tmp/post.lua" "$url/api/v1/webhooks/bench" >"$tmp/wrk.txt"
cpu1=$(awk '{print $14+$15}' /proc/$pid/stat)
rss=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
stored=$(python3 -c '
import sys, urllib.request
r = urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/api/v1/triggerinstances?limit=1", headers={"St2-Api-Key": sys.argv[2]}))
print(r.headers.get("X-Total-Count", ""))' "$url" "$key" || true)
python3 - "$tmp/wrk.txt" "$cpu0" "$cpu1" "$rss" "${stored:-}" "$conns" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
def lat(p):
    m = re.search(r'^\s*%s%%\s+([\d.]+)(us|ms|s)' % p, text, re.M)
    if not m: return None
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == 'us' else v * 1000 if u == 's' else v
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
total = int(re.search(r'(\d+) requests in', text).group(1))
non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', text)
ticks = (int(sys.argv[3]) - int(sys.argv[2])) / 100.0
print(json.dumps({"bench": "B1-webhook-ingest", "connections": int(sys.argv[6]), "requests": total,
                  "req_per_s": rps, "p50_ms": lat(50), "p99_ms": lat(99),
                  "non_2xx": int(non2xx.group(1)) if non2xx else 0,
                  "daemon_cpu_s_per_1000": ticks * 1000 / max(total, 1),
                  "daemon_peak_rss_mb": int(sys.argv[4]) / 1024,
                  "trigger_instances_stored": int(sys.argv[5]) if sys.argv[5] else None}))
PY
