#!/usr/bin/env bash
# make run: build fednews, serve the bundled demo news site, crawl it into a
# data directory under the repository, build the search index and serve the
# search page. Ctrl-C stops everything.
#
# Environment: GO (go), FEDNEWS_RUN_DATA (fednews-data/demo),
# FEDNEWS_ADDR (127.0.0.1:8080), FEDNEWS_DEMO_PORT (8081, on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
DATA=${FEDNEWS_RUN_DATA:-fednews-data/demo}
ADDR=${FEDNEWS_ADDR:-127.0.0.1:8080}
DEMO=127.0.0.1:${FEDNEWS_DEMO_PORT:-8081}
BIN=bin/fednews
start=$SECONDS

say() { printf '\033[1mrun:\033[0m %s\n' "$*"; }

pids=()
stop() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop EXIT
trap 'echo; say "stopping"; exit 0' INT TERM

# wait_port HOST:PORT waits until something listens there (bash's /dev/tcp:
# a fresh machine may have no curl).
wait_port() {
  local host=${1%:*} port=${1##*:}
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  say "nothing listens on $1"; return 1
}

port_free() {
  local host=${1%:*} port=${1##*:}
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    say "$1 is already in use: stop what runs there, or pick another with $2="
    exit 1
  fi
}

port_free "$DEMO" FEDNEWS_DEMO_PORT
port_free "$ADDR" FEDNEWS_ADDR

say "building $BIN and its go-trafilatura helper"
$GO build -o bin/ ./cmd/fednews ./cmd/fednews-trafilatura

say "starting the demo site on http://$DEMO/"
"$BIN" demo-site --addr="$DEMO" >"${TMPDIR:-/tmp}/fednews-demo-site.log" 2>&1 &
pids+=($!)
wait_port "$DEMO"

mkdir -p "$DATA"
sources="$DATA/sources.toml"
# The example sources file points at the demo site on 127.0.0.1:8081.
sed "s/:8081/:${DEMO##*:}/g" sources.example.toml >"$sources"

say "crawling the demo site into $DATA"
"$BIN" ingest --config="$sources" --data="$DATA"

say "building the search index"
"$BIN" index --data="$DATA"

say "ready after $((SECONDS - start)) s: open http://$ADDR/  (Ctrl-C stops)"
"$BIN" serve --addr="$ADDR" --data="$DATA" &
pids+=($!)
wait "${pids[-1]}"
