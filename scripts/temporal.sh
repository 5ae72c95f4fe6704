#!/usr/bin/env bash
# The real Temporal dev server (Temporal CLI), installed into .tools/bin through Go when missing;
# and the production engine (IRIS_TEMPORAL=server): the Temporal server on PostgreSQL with its Web UI.
#   scripts/temporal.sh install                   exit 0 when the CLI is there (installed now or before)
#   scripts/temporal.sh start PORT UI_PORT [DB]   start a dev server in the background; prints its pid
#                                                 (DB: a SQLite file for a persistent server, else in memory)
#   scripts/temporal.sh install-server            the CLI, temporal-server, temporal-sql-tool and
#                                                 temporal-ui-server (exit 0 when all are there)
#   scripts/temporal.sh setup-server [--fresh]    create (--fresh: drop first) the server's databases
#                                                 and set up or upgrade their schema; idempotent
#   scripts/temporal.sh start-server PORT UI_PORT start the server and its Web UI in the background,
#                                                 register the namespaces; prints "SERVER_PID UI_PID"
#   scripts/temporal.sh check-server PORT UI_PORT  `make test`'s smoke check: fresh databases, start,
#                                                 ask what it runs on, add a search attribute, stop
# Server settings: IRIS_TEMPORAL_HISTORY_SHARDS (8, fixed when the databases are set up),
# IRIS_TEMPORAL_DB / IRIS_TEMPORAL_VISIBILITY_DB (temporal / temporal_visibility) on the PostgreSQL
# of scripts/postgres.sh (IRIS_PG_HOST, IRIS_PG_PORT) as IRIS_TEMPORAL_DB_USER /
# IRIS_TEMPORAL_DB_PASSWORD (default IRIS_PG_USER / IRIS_PG_PASSWORD), IRIS_TEMPORAL_NAMESPACE_RETENTION
# (72h), IRIS_TEMPORAL_START_TIMEOUT (120s). Configuration: docker/temporal/config/iris.yaml.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-v1.29.1}"
# The Web UI server the CLI above pins (go version -m .tools/bin/temporal).
TEMPORAL_UI_SERVER_VERSION="${TEMPORAL_UI_SERVER_VERSION:-v2.42.1}"

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

go_install_as() { # name package@version: go install, the binary renamed (two packages are called "server")
  local name="$1" pkg="$2" tmp
  if [ -x "$IRIS_TOOLS/bin/$name" ]; then return 0; fi
  if ! command -v go >/dev/null 2>&1; then
    iris_warn "$name is missing and Go is not on PATH (install Go: https://go.dev/dl)."
    return 1
  fi
  iris_log "installing $name ($pkg) with Go into $IRIS_TOOLS/bin (once; several minutes)"
  mkdir -p "$IRIS_TOOLS/bin"
  tmp="$(mktemp -d)"
  GOBIN="$tmp" GOFLAGS=-mod=mod go install "$pkg" >&2 || { rm -rf "$tmp"; return 1; }
  mv "$tmp"/* "$IRIS_TOOLS/bin/$name"
  rm -rf "$tmp"
}

install_server() {
  install_cli || return 1
  go_install_as temporal-server "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" || return 1
  go_install_as temporal-sql-tool "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" || return 1
  go_install_as temporal-ui-server "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_SERVER_VERSION"
}

# The variables docker/temporal/config/iris.yaml reads (the password only in the environment).
server_environment() {
  export IRIS_TEMPORAL_DB_HOST="${IRIS_TEMPORAL_DB_HOST:-${IRIS_PG_HOST:-127.0.0.1}}"
  export IRIS_TEMPORAL_DB_PORT="${IRIS_TEMPORAL_DB_PORT:-${IRIS_PG_PORT:-5432}}"
  export IRIS_TEMPORAL_DB_USER="${IRIS_TEMPORAL_DB_USER:-${IRIS_PG_USER:-iris}}"
  export IRIS_TEMPORAL_DB_PASSWORD="${IRIS_TEMPORAL_DB_PASSWORD:-${IRIS_PG_PASSWORD:-iris}}"
  export IRIS_TEMPORAL_DB="${IRIS_TEMPORAL_DB:-temporal}"
  export IRIS_TEMPORAL_VISIBILITY_DB="${IRIS_TEMPORAL_VISIBILITY_DB:-temporal_visibility}"
  export IRIS_TEMPORAL_HISTORY_SHARDS="${IRIS_TEMPORAL_HISTORY_SHARDS:-8}"
  export IRIS_TEMPORAL_DYNAMIC_CONFIG="${IRIS_TEMPORAL_DYNAMIC_CONFIG:-$IRIS_ROOT/docker/temporal/dynamicconfig/development-sql.yaml}"
}

sql_tool() { # db args...: temporal-sql-tool against one of the server's databases
  local db="$1"; shift
  SQL_PASSWORD="$IRIS_TEMPORAL_DB_PASSWORD" temporal-sql-tool --plugin postgres12 \
    --endpoint "$IRIS_TEMPORAL_DB_HOST" --port "$IRIS_TEMPORAL_DB_PORT" --user "$IRIS_TEMPORAL_DB_USER" \
    --database "$db" "$@"
}

# As auto-setup does for compose: create the databases, then set up and upgrade each schema with
# Temporal's SQL tool and the versioned schema built into it (postgresql/v12/...). Re-running only
# applies what is new.
setup_server() {
  server_environment
  mkdir -p "$IRIS_DATA"
  local fresh="${1:-}" db schema
  for db in "$IRIS_TEMPORAL_DB" "$IRIS_TEMPORAL_VISIBILITY_DB"; do
    if [ "$fresh" = --fresh ]; then
      sql_tool "$db" drop-database --force >/dev/null 2>&1 || true
    fi
    if ! PGPASSWORD="$IRIS_TEMPORAL_DB_PASSWORD" psql -h "$IRIS_TEMPORAL_DB_HOST" -p "$IRIS_TEMPORAL_DB_PORT" \
        -U "$IRIS_TEMPORAL_DB_USER" -d postgres -qAt -c "select 1 from pg_database where datname = '$db'" | grep -q 1; then
      iris_log "creating database $db for the Temporal server"
      sql_tool "$db" create-database >/dev/null
    fi
  done
  for schema in "$IRIS_TEMPORAL_DB:postgresql/v12/temporal" "$IRIS_TEMPORAL_VISIBILITY_DB:postgresql/v12/visibility"; do
    db="${schema%%:*}"
    sql_tool "$db" setup-schema -v 0.0 >"$IRIS_DATA/temporal-sql-tool.log" 2>&1 \
      || { iris_warn "temporal-sql-tool setup-schema failed on $db:"; tail -n 20 "$IRIS_DATA/temporal-sql-tool.log" >&2; return 1; }
    sql_tool "$db" update-schema --schema-name "${schema#*:}" >>"$IRIS_DATA/temporal-sql-tool.log" 2>&1 \
      || { iris_warn "temporal-sql-tool update-schema failed on $db:"; tail -n 20 "$IRIS_DATA/temporal-sql-tool.log" >&2; return 1; }
  done
  iris_log "Temporal server schema up to date ($IRIS_TEMPORAL_DB, $IRIS_TEMPORAL_VISIBILITY_DB)"
}

start_production_server() {
  local port="$1" ui_port="$2" log ui_log pid ui_pid ns timeout="${IRIS_TEMPORAL_START_TIMEOUT:-120s}"
  server_environment
  timeout="${timeout%s}"
  log="$IRIS_DATA/temporal-server-$port.log"
  ui_log="$IRIS_DATA/temporal-ui-$ui_port.log"
  mkdir -p "$IRIS_DATA"
  IRIS_TEMPORAL_PORT="$port" temporal-server --root "$IRIS_ROOT" --config docker/temporal/config --env iris --allow-no-auth \
    start >"$log" 2>&1 &
  pid=$!
  local deadline=$((SECONDS + timeout))
  until temporal operator cluster health --address "127.0.0.1:$port" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      iris_warn "the Temporal server stopped at start; its log ($log):"; tail -n 20 "$log" >&2
      iris_warn "(a different IRIS_TEMPORAL_HISTORY_SHARDS than the databases were set up with stops it:"
      iris_warn " keep the first value, or drop them: scripts/temporal.sh setup-server --fresh)"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      iris_warn "the Temporal server did not answer on :$port within $timeout s; see $log"; kill "$pid"; return 1
    fi
    sleep 0.5
  done
  # The namespaces the apps use, as compose's DEFAULT_NAMESPACE; the apps add their search
  # attributes themselves at start-up (through the operator service).
  for ns in default ${TEMPORAL_NAMESPACE:-} ${IRIS_TEMPORAL_EXTRA_NAMESPACES:-}; do
    temporal operator namespace describe --namespace "$ns" --address "127.0.0.1:$port" >/dev/null 2>&1 && continue
    temporal operator namespace create --namespace "$ns" --retention "${IRIS_TEMPORAL_NAMESPACE_RETENTION:-72h}" \
      --address "127.0.0.1:$port" >/dev/null
  done
  # A namespace is served once every service has it in its registry (refreshed every few seconds).
  until temporal workflow count --namespace "${TEMPORAL_NAMESPACE:-default}" --address "127.0.0.1:$port" >/dev/null 2>&1; do
    [ "$SECONDS" -ge "$deadline" ] && { iris_warn "namespace not served within $timeout s"; kill "$pid"; return 1; }
    sleep 0.5
  done
  TEMPORAL_ADDRESS="127.0.0.1:$port" TEMPORAL_UI_PORT="$ui_port" \
    TEMPORAL_DEFAULT_NAMESPACE="${TEMPORAL_NAMESPACE:-default}" \
    temporal-ui-server --root "$IRIS_ROOT" --config docker/temporal/ui-config --env iris start >"$ui_log" 2>&1 &
  ui_pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$ui_port/healthz"; do
    if ! kill -0 "$ui_pid" 2>/dev/null; then
      iris_warn "the Temporal Web UI server stopped at start; its log ($ui_log):"; tail -n 20 "$ui_log" >&2
      kill "$pid"; return 1
    fi
    [ "$SECONDS" -ge "$deadline" ] && { iris_warn "the Web UI did not answer on :$ui_port; see $ui_log"; kill "$pid" "$ui_pid"; return 1; }
    sleep 0.5
  done
  echo "$pid $ui_pid"
}

check_server() {
  local port="$1" ui_port="$2" pids info status=0
  setup_server --fresh || return 1
  pids="$(start_production_server "$port" "$ui_port")" || return 1
  info="$(temporal operator cluster describe --address "127.0.0.1:$port" -o json)"
  grep -q '"persistenceStore": "postgres12"' <<<"$info" && grep -q '"visibilityStore": "postgres12"' <<<"$info" \
    && grep -q "\"historyShardCount\": $IRIS_TEMPORAL_HISTORY_SHARDS," <<<"$info" \
    || { iris_warn "the Temporal server does not run as configured: $info"; status=1; }
  # Custom search attributes go through the operator service on this engine (the apps do the same).
  temporal operator search-attribute create --name IrisServerCheck --type Keyword \
    --address "127.0.0.1:$port" >/dev/null 2>&1 \
    && temporal operator search-attribute list --address "127.0.0.1:$port" | grep -q IrisServerCheck \
    || { iris_warn "could not add a search attribute to the Temporal server"; status=1; }
  curl -fs -o /dev/null "http://127.0.0.1:$ui_port/" || { iris_warn "the Web UI does not serve its page"; status=1; }
  local pid
  for pid in $pids; do iris_stop_pid "$pid"; done
  [ "$status" = 0 ] && iris_log "Temporal server $TEMPORAL_SERVER_VERSION on PostgreSQL ($IRIS_TEMPORAL_HISTORY_SHARDS shards) and its Web UI: started, checked, stopped"
  return "$status"
}

case "${1:-}" in
  install) install_cli ;;
  start) shift; start_server "$@" ;;
  install-server) install_server ;;
  setup-server) shift; setup_server "$@" ;;
  start-server) shift; start_production_server "$@" ;;
  check-server) shift; check_server "$@" ;;
  *) echo "usage: $0 install | start PORT UI_PORT [DB] | install-server | setup-server [--fresh] | start-server PORT UI_PORT | check-server PORT UI_PORT" >&2
     exit 2 ;;
esac
