#!/usr/bin/env bash
# `make bench`: the platform on its own ports (dev server in memory, database iris_bench), the
# send benchmark against it, results into docs/benchmarks.md. Not a test: nothing is asserted.
# IRIS_TEMPORAL=server: the Temporal server on PostgreSQL instead (fresh databases temporal_bench and
# temporal_bench_visibility, IRIS_TEMPORAL_HISTORY_SHARDS shards), the api with
# IRIS_WORKERS_ENABLED=false and IRIS_WORKER_PROCESSES worker processes apart (ports after the
# api's). Options go to bench.py, e.g. `IRIS_TEMPORAL=server scripts/bench.sh --kill-worker`.
# `--memory-scale` first (`make bench-memory`): instead, scripts/bench_memory.py — 10,000 sends
# waiting for receipts delayed by IRIS_BENCH_RECEIPT_DELAY (default 5m) in one worker process
# apart (IRIS_WORKER_JAVA_OPTS, default -XX:+UseZGC -Xmx1g), its heap after GC; options go to it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
iris_select_jdk
cd "$IRIS_ROOT"
mkdir -p "$IRIS_DATA"

BENCH_PORT="${IRIS_BENCH_PORT:-18080}"
BENCH_TEMPORAL_PORT="${IRIS_BENCH_TEMPORAL_PORT:-7253}"
ENGINE="${IRIS_TEMPORAL:-dev}"
WORKER_PROCESSES="${IRIS_WORKER_PROCESSES:-1}"
SCENARIO=sends
if [ "${1:-}" = --memory-scale ]; then
  SCENARIO=memory
  shift
  WORKER_PROCESSES=1
  RECEIPT_DELAY="${IRIS_BENCH_RECEIPT_DELAY:-5m}"
  # Two delayed status changes per SMS: its receipt wait must outlast them.
  export IRIS_SEND_RECEIPT_TIMEOUT_SMS="${IRIS_SEND_RECEIPT_TIMEOUT_SMS:-30m}"
fi
# Workers in processes of their own: the production engine's layout, and the memory scenario's.
WORKERS_APART=$([ "$ENGINE" = server ] || [ "$SCENARIO" = memory ] && echo true || echo false)
app_pid="" temporal_pid="" ui_pid="" pg_state="" worker_pids=()
cleanup() {
  local pid
  for pid in "${worker_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${worker_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -n "$ui_pid" ] && iris_stop_pid "$ui_pid"
  [ -n "$temporal_pid" ] && iris_stop_pid "$temporal_pid"
  [ "$pg_state" = started ] && scripts/postgres.sh stop
  return 0
}
trap cleanup EXIT

pg_state="$(IRIS_PG_DATABASES="iris iris_test iris_bench" scripts/postgres.sh ensure)"
bench_db=""
if [ "$ENGINE" = server ]; then
  scripts/temporal.sh install-server
  export IRIS_TEMPORAL_DB="${IRIS_BENCH_TEMPORAL_DB:-temporal_bench}"
  export IRIS_TEMPORAL_VISIBILITY_DB="${IRIS_BENCH_TEMPORAL_VISIBILITY_DB:-temporal_bench_visibility}"
  export IRIS_TEMPORAL_HISTORY_SHARDS="${IRIS_TEMPORAL_HISTORY_SHARDS:-8}"
  # Fresh, as the in-memory dev server: nothing of a previous run, and any shard count.
  scripts/temporal.sh setup-server --fresh
  read -r temporal_pid ui_pid < <(scripts/temporal.sh start-server "$BENCH_TEMPORAL_PORT" "$((BENCH_TEMPORAL_PORT + 1000))")
  [ -n "$ui_pid" ] || { temporal_pid=""; exit 1; }
  bench_mode="server-$WORKER_PROCESSES"
  bench_engine="Temporal server ${TEMPORAL_SERVER_VERSION:-v1.29.1} on PostgreSQL, $IRIS_TEMPORAL_HISTORY_SHARDS history shards, $WORKER_PROCESSES worker process$([ "$WORKER_PROCESSES" = 1 ] || echo es)"
else
  scripts/temporal.sh install
  # IRIS_BENCH_TEMPORAL=file: the dev server on a fresh SQLite file, as `make run` starts it
  # (IRIS_TEMPORAL_SQLITE_PRAGMAS as there); default: in memory.
  if [ "${IRIS_BENCH_TEMPORAL:-memory}" = file ]; then
    bench_db="$IRIS_DATA/bench-temporal.db"
    rm -f "$bench_db" "$bench_db-wal" "$bench_db-shm"
  fi
  temporal_pid="$(scripts/temporal.sh start "$BENCH_TEMPORAL_PORT" "$((BENCH_TEMPORAL_PORT + 1000))" "$bench_db")"
  bench_mode="${IRIS_BENCH_TEMPORAL:-memory}"
  bench_engine="dev server, $([ -n "$bench_db" ] && echo "SQLite file, pragmas: ${IRIS_TEMPORAL_SQLITE_PRAGMAS:-journal_mode=wal synchronous=normal}" || echo "in memory")"
fi
iris_build_if_changed
# The dev server is in memory: a previous bench's routing states, health figures, anomalies and
# remediations would outlive their workflows and skew this run. Start from none (the tables exist
# once the app has run here; the first time there is nothing to clear).
psql "postgresql://iris:iris@127.0.0.1:${IRIS_PG_PORT:-5432}/iris_bench" -qc \
  "truncate system_health_metrics, provider_health_scores, provider_routing, auto_remediation_log,
   remediation_runs, anomaly_events, tenant_throttles, blocked_ips, platform_controls" 2>/dev/null || true

export IRIS_BOOTSTRAP_ADMIN_KEY="iris_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
# Read by the api and, in server mode, by the worker processes too.
export TEMPORAL_TARGET="127.0.0.1:$BENCH_TEMPORAL_PORT" \
  DATABASE_URL="postgres://iris:iris@127.0.0.1:${IRIS_PG_PORT:-5432}/iris_bench" \
  SPRING_PROFILES_ACTIVE=dev IRIS_SIMULATOR_RECEIPT_DELAY="${RECEIPT_DELAY:-20ms}" IRIS_DEV_FAULTS_ENABLED=true
PORT="$BENCH_PORT" IRIS_WORKERS_ENABLED="$([ "$WORKERS_APART" = true ] && echo false || echo true)" \
  java ${IRIS_JAVA_OPTS:--XX:+UseZGC -Xmx2g} -cp "$IRIS_API_JAR" "-Dloader.path=$IRIS_SIMULATOR_LIB" \
  -Dloader.main=io.iris.api.IrisApplication org.springframework.boot.loader.launch.PropertiesLauncher \
  >"$IRIS_DATA/bench-app.log" 2>&1 &
app_pid=$!
until curl -fs -o /dev/null "http://localhost:$BENCH_PORT/actuator/health/readiness"; do
  kill -0 "$app_pid" 2>/dev/null || { tail -n 30 "$IRIS_DATA/bench-app.log"; exit 1; }
  sleep 1
done
pidfiles=""
if [ "$WORKERS_APART" = true ]; then
  APP_URL="http://localhost:$BENCH_PORT"
  for ((i = 1; i <= WORKER_PROCESSES; i++)); do
    : >"$IRIS_DATA/bench-worker-$i.log"
    iris_run_worker "$i" "$((BENCH_PORT + i))" "$IRIS_DATA/bench-worker-$i.log" "$IRIS_DATA/bench-worker-$i.pid" &
    worker_pids+=($!)
    pidfiles="$pidfiles${pidfiles:+,}$IRIS_DATA/bench-worker-$i.pid"
  done
  for ((i = 1; i <= WORKER_PROCESSES; i++)); do
    iris_wait_http "http://localhost:$((BENCH_PORT + i))/actuator/health/readiness" "${worker_pids[i - 1]}" 180 \
      "$IRIS_DATA/bench-worker-$i.log"
  done
fi
if [ "$SCENARIO" = memory ]; then
  python3 scripts/bench_memory.py --base "http://localhost:$BENCH_PORT" --admin-key "$IRIS_BOOTSTRAP_ADMIN_KEY" \
    --dsn "postgresql://iris:iris@127.0.0.1:${IRIS_PG_PORT:-5432}/iris_bench" --worker-pidfile "$pidfiles" \
    --receipt-delay "$RECEIPT_DELAY" --engine "$bench_engine" --worker-opts "${IRIS_WORKER_JAVA_OPTS:--XX:+UseZGC -Xmx1g}" "$@"
  exit 0
fi
python3 scripts/bench.py --base "http://localhost:$BENCH_PORT" --admin-key "$IRIS_BOOTSTRAP_ADMIN_KEY" \
  --dsn "postgresql://iris:iris@127.0.0.1:${IRIS_PG_PORT:-5432}/iris_bench" \
  --temporal "127.0.0.1:$BENCH_TEMPORAL_PORT" --mode "$bench_mode" --engine "$bench_engine" \
  --worker-pidfiles "$pidfiles" \
  --processes "$([ "$ENGINE" = server ] && echo "the api and $WORKER_PROCESSES worker JVM(s) apart" || echo "the app in one JVM")" "$@"
