#!/usr/bin/env bash
# `make simulator`: the provider simulator as a process of its own, in the foreground, on
# IRIS_SIMULATOR_PORT (8090). Run the platform beside it with `IRIS_SIMULATOR=process make run`
# (which finds it on that port and points every simulated provider at it): what the providers
# received then outlives the platform, a kill -9 included. Ctrl-C stops it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
iris_select_jdk
cd "$IRIS_ROOT"
mkdir -p "$IRIS_DATA"

SIM_PORT="${IRIS_SIMULATOR_PORT:-8090}"
if curl -fs -o /dev/null "http://localhost:$SIM_PORT/sim/twilio/behavior"; then
  iris_warn "a simulator already answers on :$SIM_PORT. Stop it or set IRIS_SIMULATOR_PORT."
  exit 1
fi
iris_build_if_changed
# The same folder as `make run`: the signing keys stay the same across restarts, and the platform
# imports their public halves from it.
export IRIS_SIMULATOR_DIR="${IRIS_SIMULATOR_DIR:-$IRIS_DATA/simulator}"
export IRIS_SIMULATOR_PORT="$SIM_PORT"
export IRIS_SIMULATOR_PLATFORM_URL="${IRIS_SIMULATOR_PLATFORM_URL:-http://localhost:${PORT:-8080}}"
iris_log "provider simulator on :$SIM_PORT, calling back $IRIS_SIMULATOR_PLATFORM_URL (keys: $IRIS_SIMULATOR_DIR)"
iris_log "what each provider received: curl -s localhost:$SIM_PORT/sim/twilio/messages"
exec java ${IRIS_SIMULATOR_JAVA_OPTS:--Xmx256m} -jar "$IRIS_SIMULATOR_JAR"
