#!/usr/bin/env bash
# `make run`: the whole platform on this machine — PostgreSQL, the Temporal dev server with its
# Web UI, and the api + workers in one JVM on :8080, with the provider simulator (profile dev).
# Ctrl-C stops everything it started.
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
export SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE-dev}"
SIMULATOR="${IRIS_SIMULATOR:-inprocess}"
[[ ",$SPRING_PROFILES_ACTIVE," == *,dev,* ]] || SIMULATOR=none
case "$SIMULATOR" in inprocess|process|none) ;; *)
  iris_warn "IRIS_SIMULATOR is inprocess, process or none, not '$SIMULATOR'"; exit 1 ;;
esac
# The simulator's signing keys are kept here, and published for the platform (both sides read it).
export IRIS_SIMULATOR_DIR="${IRIS_SIMULATOR_DIR:-$IRIS_DATA/simulator}"
app_pid="" sim_pid="" temporal_pid="" pg_state=""

cleanup() {
  trap - EXIT INT TERM
  echo >&2
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  if [ -n "$temporal_pid" ]; then
    iris_log "stopping the Temporal dev server"
    kill "$temporal_pid" 2>/dev/null && wait "$temporal_pid" 2>/dev/null || true
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
if [ -n "${TEMPORAL_TARGET:-}" ]; then
  iris_log "TEMPORAL_TARGET is set: using $TEMPORAL_TARGET"
  temporal_ui="(the Web UI of $TEMPORAL_TARGET)"
elif command -v temporal >/dev/null 2>&1 && temporal operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" >/dev/null 2>&1; then
  iris_log "a Temporal server already answers on :$TEMPORAL_PORT: using it"
  export TEMPORAL_TARGET="127.0.0.1:$TEMPORAL_PORT"
elif scripts/temporal.sh install; then
  iris_log "starting the Temporal dev server (data: $IRIS_DATA/temporal.db)"
  temporal_pid="$(scripts/temporal.sh start "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT" "$IRIS_DATA/temporal.db")"
  export TEMPORAL_TARGET="127.0.0.1:$TEMPORAL_PORT"
  # Links in Slack and the API point at this Web UI (unless the operator gave one).
  export IRIS_TEMPORAL_UI_URL="${IRIS_TEMPORAL_UI_URL:-$temporal_ui}"
else
  embedded=true
  temporal_ui="(none: in-process Temporal server)"
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
iris_log "starting IRIS on :$APP_PORT (log: $IRIS_DATA/iris.log)"
PORT="$APP_PORT" java ${IRIS_JAVA_OPTS:--XX:+UseZGC -Xmx1g} "${launch[@]}" >"$IRIS_DATA/iris.log" 2>&1 &
app_pid=$!
iris_wait_http "http://localhost:$APP_PORT/actuator/health/readiness" "$app_pid" 180 "$IRIS_DATA/iris.log" \
  || { app_pid=""; exit 1; }

cat <<BANNER

  IRIS Command Center is up.

    App            http://localhost:$APP_PORT
    Health         http://localhost:$APP_PORT/actuator/health
    API docs       http://localhost:$APP_PORT/swagger-ui.html   (OpenAPI: /v3/api-docs)
    Temporal UI    $temporal_ui
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
