#!/usr/bin/env bash
# `make run`: the whole platform on this machine — PostgreSQL, the Temporal dev server with its
# Web UI, and the api + workers in one JVM on :8080, with the provider simulator (profile dev).
# Ctrl-C stops everything it started.
#
# The engine: IRIS_TEMPORAL=dev (default) the Temporal dev server above; IRIS_TEMPORAL=server the
# production engine on this machine: the Temporal server (Go module go.temporal.io/server) on the
# same PostgreSQL (its own databases, schema by Temporal's SQL tool, IRIS_TEMPORAL_HISTORY_SHARDS
# history shards) with the Temporal Web UI server beside it, and api and workers as separate
# processes: the api on :8080 with IRIS_WORKERS_ENABLED=false, and IRIS_WORKER_PROCESSES (1) worker
# processes on IRIS_WORKERS_PORT (8081), 8082, ... The same settings as docker/compose.yaml.
#
# The simulator: IRIS_SIMULATOR=inprocess (default: inside the platform's JVM, at :8080/sim/...),
# IRIS_SIMULATOR=process (its own process on IRIS_SIMULATOR_PORT, 8090, reused when one already
# answers there, e.g. `make simulator` in another terminal: what the providers received then
# survives a kill -9 of the platform), IRIS_SIMULATOR=none (the production jar alone). A
# SPRING_PROFILES_ACTIVE without dev means none.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
iris_select_jdk
cd "$IRIS_ROOT"
mkdir -p "$IRIS_DATA"

APP_PORT="${PORT:-8080}"
TEMPORAL_PORT="${IRIS_TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${IRIS_TEMPORAL_UI_PORT:-8233}"
SIM_PORT="${IRIS_SIMULATOR_PORT:-8090}"
ENGINE="${IRIS_TEMPORAL:-dev}"
case "$ENGINE" in dev|server) ;; *) iris_warn "IRIS_TEMPORAL is dev or server, not '$ENGINE'"; exit 1 ;; esac
WORKER_PROCESSES="${IRIS_WORKER_PROCESSES:-1}"
WORKERS_PORT="${IRIS_WORKERS_PORT:-8081}"
export SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE-dev}"
SIMULATOR="${IRIS_SIMULATOR:-inprocess}"
[[ ",$SPRING_PROFILES_ACTIVE," == *,dev,* ]] || SIMULATOR=none
case "$SIMULATOR" in inprocess|process|none) ;; *)
  iris_warn "IRIS_SIMULATOR is inprocess, process or none, not '$SIMULATOR'"; exit 1 ;;
esac
# The simulator's signing keys are kept here, and published for the platform (both sides read it).
export IRIS_SIMULATOR_DIR="${IRIS_SIMULATOR_DIR:-$IRIS_DATA/simulator}"
app_pid="" sim_pid="" temporal_pid="" ui_pid="" pg_state="" worker_pids=()

cleanup() {
  trap - EXIT INT TERM
  echo >&2
  local pid
  for pid in "${worker_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${worker_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  [ -n "$ui_pid" ] && iris_stop_pid "$ui_pid"
  if [ -n "$temporal_pid" ]; then
    iris_log "stopping the Temporal $([ "$ENGINE" = server ] && echo server || echo dev server)"
    iris_stop_pid "$temporal_pid"
  fi
  [ "$pg_state" = started ] && scripts/postgres.sh stop
  iris_log "stopped"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

if curl -fs -o /dev/null "http://localhost:$APP_PORT/actuator/health/liveness"; then
  iris_warn "something already answers on :$APP_PORT (another 'make run'?). Stop it or set PORT."
  exit 1
fi

# 1. PostgreSQL
pg_state="$(scripts/postgres.sh ensure)"

# 2. Temporal: a target given by the user, else the dev server (installed once), else in-process.
embedded=false
temporal_ui="http://localhost:$TEMPORAL_UI_PORT"
engine_note="Temporal dev server (SQLite file $IRIS_DATA/temporal.db)"
if [ -n "${TEMPORAL_TARGET:-}" ]; then
  iris_log "TEMPORAL_TARGET is set: using $TEMPORAL_TARGET"
  temporal_ui="(the Web UI of $TEMPORAL_TARGET)"
  engine_note="$TEMPORAL_TARGET (TEMPORAL_TARGET)"
elif command -v temporal >/dev/null 2>&1 && temporal operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" >/dev/null 2>&1; then
  iris_log "a Temporal server already answers on :$TEMPORAL_PORT: using it"
  engine_note="the Temporal server that already answered on :$TEMPORAL_PORT"
  export TEMPORAL_TARGET="127.0.0.1:$TEMPORAL_PORT"
elif [ "$ENGINE" = server ]; then
  if ! scripts/temporal.sh install-server; then
    iris_warn "IRIS_TEMPORAL=server needs Go to build the Temporal server (https://go.dev/dl), or TEMPORAL_TARGET."
    exit 1
  fi
  scripts/temporal.sh setup-server
  iris_log "starting the Temporal server on PostgreSQL (${IRIS_TEMPORAL_HISTORY_SHARDS:-8} history shards; log: $IRIS_DATA/temporal-server-$TEMPORAL_PORT.log)"
  read -r temporal_pid ui_pid < <(scripts/temporal.sh start-server "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT")
  [ -n "$ui_pid" ] || { temporal_pid=""; exit 1; }
  export TEMPORAL_TARGET="127.0.0.1:$TEMPORAL_PORT"
  export IRIS_TEMPORAL_UI_URL="${IRIS_TEMPORAL_UI_URL:-$temporal_ui}"
  engine_note="Temporal server ${TEMPORAL_SERVER_VERSION:-v1.29.1} on PostgreSQL, ${IRIS_TEMPORAL_HISTORY_SHARDS:-8} history shards (log: $IRIS_DATA/temporal-server-$TEMPORAL_PORT.log)"
elif scripts/temporal.sh install; then
  iris_log "starting the Temporal dev server (data: $IRIS_DATA/temporal.db)"
  temporal_pid="$(scripts/temporal.sh start "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT" "$IRIS_DATA/temporal.db")"
  export TEMPORAL_TARGET="127.0.0.1:$TEMPORAL_PORT"
  # Links in Slack and the API point at this Web UI (unless the operator gave one).
  export IRIS_TEMPORAL_UI_URL="${IRIS_TEMPORAL_UI_URL:-$temporal_ui}"
else
  embedded=true
  temporal_ui="(none: in-process Temporal server)"
  engine_note="Temporal's in-process test server"
  iris_warn "no Temporal CLI and no Go: falling back to Temporal's in-process test server."
  iris_warn "Missing then: the Temporal Web UI and Schedules. Install Go (https://go.dev/dl) and run 'make run' again."
fi
export IRIS_TEMPORAL_EMBEDDED="$embedded"

# 3. Build when the sources changed since the last build.
iris_build_if_changed

# 4. The admin key: the user's, or a new one shown once (it replaces the previous bootstrap key).
if [ -n "${IRIS_BOOTSTRAP_ADMIN_KEY:-}" ]; then
  key_note="(from IRIS_BOOTSTRAP_ADMIN_KEY)"
else
  IRIS_BOOTSTRAP_ADMIN_KEY="iris_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  export IRIS_BOOTSTRAP_ADMIN_KEY
  key_note="(new for this run and shown only here; set IRIS_BOOTSTRAP_ADMIN_KEY to keep one)"
fi

# 5. The simulator in its own process, when asked for (reusing one that already answers).
sim_note="none (SPRING_PROFILES_ACTIVE=$SPRING_PROFILES_ACTIVE, IRIS_SIMULATOR=$SIMULATOR)"
if [ "$SIMULATOR" = process ]; then
  if curl -fs -o /dev/null "http://localhost:$SIM_PORT/sim/twilio/behavior"; then
    iris_log "a simulator already answers on :$SIM_PORT: using it"
  else
    iris_log "starting the provider simulator on :$SIM_PORT (log: $IRIS_DATA/simulator.log)"
    IRIS_SIMULATOR_PORT="$SIM_PORT" IRIS_SIMULATOR_PLATFORM_URL="http://localhost:$APP_PORT" \
      java ${IRIS_SIMULATOR_JAVA_OPTS:--Xmx256m} -jar "$IRIS_SIMULATOR_JAR" >"$IRIS_DATA/simulator.log" 2>&1 &
    sim_pid=$!
    iris_wait_http "http://localhost:$SIM_PORT/sim/twilio/behavior" "$sim_pid" 120 "$IRIS_DATA/simulator.log" \
      || { sim_pid=""; exit 1; }
  fi
  export IRIS_SIMULATOR_URL="http://localhost:$SIM_PORT"
  sim_note="its own process: http://localhost:$SIM_PORT/sim/twilio/messages"
elif [ "$SIMULATOR" = inprocess ]; then
  sim_note="in this process: http://localhost:$APP_PORT/sim/twilio/messages"
fi

# 6. The application: the production jar, with the simulator's jar on its loader.path when the
#    simulator runs inside it.
if [ "$SIMULATOR" = inprocess ]; then
  launch=(-cp "$IRIS_API_JAR" "-Dloader.path=$IRIS_SIMULATOR_LIB" -Dloader.main=io.iris.api.IrisApplication
          org.springframework.boot.loader.launch.PropertiesLauncher)
else
  launch=(-jar "$IRIS_API_JAR")
fi
# With the production engine the api only starts workflows; the workers run apart (as compose).
workers_here=true
[ "$ENGINE" = server ] && workers_here=false
iris_log "starting IRIS on :$APP_PORT (log: $IRIS_DATA/iris.log)"
PORT="$APP_PORT" IRIS_WORKERS_ENABLED="${IRIS_WORKERS_ENABLED:-$workers_here}" \
  java ${IRIS_JAVA_OPTS:--XX:+UseZGC -Xmx1g} "${launch[@]}" >"$IRIS_DATA/iris.log" 2>&1 &
app_pid=$!
iris_wait_http "http://localhost:$APP_PORT/actuator/health/readiness" "$app_pid" 180 "$IRIS_DATA/iris.log" \
  || { app_pid=""; exit 1; }

workers_note="in the api process"
if [ "$ENGINE" = server ]; then
  APP_URL="http://localhost:$APP_PORT"
  for ((i = 1; i <= WORKER_PROCESSES; i++)); do
    port=$((WORKERS_PORT + i - 1))
    iris_log "starting worker process $i on :$port (log: $IRIS_DATA/worker-$i.log)"
    : >"$IRIS_DATA/worker-$i.log"
    iris_run_worker "$i" "$port" "$IRIS_DATA/worker-$i.log" "$IRIS_DATA/worker-$i.pid" &
    worker_pids+=($!)
  done
  for ((i = 1; i <= WORKER_PROCESSES; i++)); do
    iris_wait_http "http://localhost:$((WORKERS_PORT + i - 1))/actuator/health/readiness" "${worker_pids[i - 1]}" 180 \
      "$IRIS_DATA/worker-$i.log" || exit 1
  done
  workers_note="$WORKER_PROCESSES process(es) on :$WORKERS_PORT…$((WORKERS_PORT + WORKER_PROCESSES - 1)) (logs: $IRIS_DATA/worker-N.log; pids: worker-N.pid)"
fi

cat <<BANNER

  IRIS Command Center is up.

    App            http://localhost:$APP_PORT
    Health         http://localhost:$APP_PORT/actuator/health
    API docs       http://localhost:$APP_PORT/swagger-ui.html   (OpenAPI: /v3/api-docs)
    Temporal UI    $temporal_ui
    Engine         $engine_note
    Workers        $workers_note
    Simulator      $sim_note
    Integrations   simulated or real: see "Integrations:" at the start of $IRIS_DATA/iris.log
    Admin key      $IRIS_BOOTSTRAP_ADMIN_KEY
                   $key_note

  Try:  export IRIS_ADMIN_KEY=$IRIS_BOOTSTRAP_ADMIN_KEY
        curl -s -X POST localhost:$APP_PORT/v1/tenants -H "Authorization: Bearer \$IRIS_ADMIN_KEY" \\
          -H 'Content-Type: application/json' -d '{"name":"acme"}'

  Logs: $IRIS_DATA/iris.log   ·   Ctrl-C stops everything started here.

BANNER
status=0
wait "$app_pid" || status=$?
app_pid=""
if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
  # The point of a simulator of its own: what the providers received outlives the app.
  iris_warn "IRIS ended (status $status); the simulator keeps what it received on :$SIM_PORT until Ctrl-C."
  wait "$sim_pid" || true
fi
exit "$status"
