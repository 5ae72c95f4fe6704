#!/usr/bin/env bash
# The real Temporal dev server (Temporal CLI), installed into .tools/bin through Go when missing.
#   scripts/temporal.sh install                   exit 0 when the CLI is there (installed now or before)
#   scripts/temporal.sh start PORT UI_PORT [DB]   start a dev server in the background; prints its pid
#                                                 (DB: a SQLite file for a persistent server, else in memory)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"

install_cli() {
  if command -v temporal >/dev/null 2>&1; then return 0; fi
  if ! command -v go >/dev/null 2>&1; then
    iris_warn "neither the Temporal CLI nor Go is on PATH."
    return 1
  fi
  iris_log "installing the Temporal CLI $TEMPORAL_CLI_VERSION with Go into $IRIS_TOOLS/bin (once; a few minutes)"
  mkdir -p "$IRIS_TOOLS/bin"
  GOBIN="$IRIS_TOOLS/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2
}

start_server() {
  local port="$1" ui_port="$2" db="${3:-}" log args
  log="$IRIS_DATA/temporal-$port.log"
  mkdir -p "$IRIS_DATA"
  args=(server start-dev --ip 127.0.0.1 --port "$port" --ui-port "$ui_port" --log-level warn --namespace default)
  if [ -n "$db" ]; then
    args+=(--db-filename "$db")
    # A write-ahead log with synchronous=normal (docs/benchmarks.md: about 2-3x the default's
    # throughput): a power cut may lose the last commits of the engine's file, never corrupt it;
    # the send outbox and idempotency keys make a re-run of what was lost safe. "none": SQLite's
    # own defaults.
    local pragma
    for pragma in ${IRIS_TEMPORAL_SQLITE_PRAGMAS:-journal_mode=wal synchronous=normal}; do
      [ "$pragma" = none ] && continue
      args+=(--sqlite-pragma "$pragma")
    done
  fi
  # More namespaces for the server to create at start (the fault tests run in one of their own).
  local ns
  for ns in ${IRIS_TEMPORAL_EXTRA_NAMESPACES:-}; do args+=(--namespace "$ns"); done
  temporal "${args[@]}" >"$log" 2>&1 &
  local pid=$!
  local deadline=$((SECONDS + 60))
  until temporal operator cluster health --address "127.0.0.1:$port" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      iris_warn "the Temporal dev server stopped at start; its log ($log):"; tail -n 20 "$log" >&2; return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      iris_warn "the Temporal dev server did not answer on :$port within 60 s"; kill "$pid"; return 1
    fi
    sleep 0.5
  done
  echo "$pid"
}

case "${1:-}" in
  install) install_cli ;;
  start) shift; start_server "$@" ;;
  *) echo "usage: $0 install | start PORT UI_PORT [DB]" >&2; exit 2 ;;
esac
