#!/usr/bin/env bash
# `make run`: the whole platform on this machine — PostgreSQL, the Temporal dev server with its
# Web UI, and the api + workers in one JVM on :8080. Ctrl-C stops everything it started.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
iris_select_jdk
cd "$IRIS_ROOT"
mkdir -p "$IRIS_DATA"

APP_PORT="${PORT:-8080}"
TEMPORAL_PORT="${IRIS_TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${IRIS_TEMPORAL_UI_PORT:-8233}"
app_pid="" temporal_pid="" pg_state=""

cleanup() {
  trap - EXIT INT TERM
  echo >&2
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
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
else
  embedded=true
  temporal_ui="(none: in-process Temporal server)"
  iris_warn "no Temporal CLI and no Go: falling back to Temporal's in-process test server."
  iris_warn "Missing then: the Temporal Web UI and Schedules. Install Go (https://go.dev/dl) and run 'make run' again."
fi
export IRIS_TEMPORAL_EMBEDDED="$embedded"

# 3. Build when the sources changed since the last build.
JAR="api/target/iris-api-0.1.0-SNAPSHOT.jar"
if [ ! -f "$JAR" ] || [ -n "$(find pom.xml */pom.xml */src runbooks -newer "$JAR" -type f 2>/dev/null | head -n1)" ]; then
  iris_log "building (mvn package, tests skipped; 'make test' runs them)"
  mvn -B -q -ntp -DskipTests install >&2
fi

# 4. The admin key: the user's, or a new one shown once (it replaces the previous bootstrap key).
if [ -n "${IRIS_BOOTSTRAP_ADMIN_KEY:-}" ]; then
  key_note="(from IRIS_BOOTSTRAP_ADMIN_KEY)"
else
  IRIS_BOOTSTRAP_ADMIN_KEY="iris_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  export IRIS_BOOTSTRAP_ADMIN_KEY
  key_note="(new for this run and shown only here; set IRIS_BOOTSTRAP_ADMIN_KEY to keep one)"
fi

# 5. The application, with the provider simulator (profile dev) unless told otherwise.
export SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE:-dev}"
iris_log "starting IRIS on :$APP_PORT (log: $IRIS_DATA/iris.log)"
PORT="$APP_PORT" java ${IRIS_JAVA_OPTS:--XX:+UseZGC -Xmx1g} -jar "$JAR" >"$IRIS_DATA/iris.log" 2>&1 &
app_pid=$!
deadline=$((SECONDS + 180))
until curl -fs -o /dev/null "http://localhost:$APP_PORT/actuator/health/readiness"; do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    app_pid=""
    iris_warn "IRIS stopped during start-up; the end of its log:"; tail -n 30 "$IRIS_DATA/iris.log" >&2; exit 1
  fi
  [ "$SECONDS" -ge "$deadline" ] && { iris_warn "IRIS did not become ready in 180 s; see $IRIS_DATA/iris.log"; exit 1; }
  sleep 1
done

cat <<BANNER

  IRIS Command Center is up.

    App            http://localhost:$APP_PORT
    Health         http://localhost:$APP_PORT/actuator/health
    API docs       http://localhost:$APP_PORT/swagger-ui.html   (OpenAPI: /v3/api-docs)
    Temporal UI    $temporal_ui
    Simulator      http://localhost:$APP_PORT/sim/twilio/messages   (profile: $SPRING_PROFILES_ACTIVE)
    Admin key      $IRIS_BOOTSTRAP_ADMIN_KEY
                   $key_note

  Try:  export IRIS_ADMIN_KEY=$IRIS_BOOTSTRAP_ADMIN_KEY
        curl -s -X POST localhost:$APP_PORT/v1/tenants -H "Authorization: Bearer \$IRIS_ADMIN_KEY" \\
          -H 'Content-Type: application/json' -d '{"name":"acme"}'

  Logs: $IRIS_DATA/iris.log   ·   Ctrl-C stops everything started here.

BANNER
wait "$app_pid"
