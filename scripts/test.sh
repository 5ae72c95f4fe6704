#!/usr/bin/env bash
# `make test`: every test — unit, PostgreSQL-backed, Temporal test environment, and end-to-end
# against a real Temporal dev server started here for the run (in memory, its own ports).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
iris_select_jdk
cd "$IRIS_ROOT"
mkdir -p "$IRIS_DATA"

TEST_TEMPORAL_PORT="${IRIS_TEST_TEMPORAL_PORT:-7243}"
TEST_TEMPORAL_UI_PORT="${IRIS_TEST_TEMPORAL_UI_PORT:-8243}"
temporal_pid="" pg_state=""
cleanup() {
  [ -n "$temporal_pid" ] && kill "$temporal_pid" 2>/dev/null && wait "$temporal_pid" 2>/dev/null || true
  [ "$pg_state" = started ] && scripts/postgres.sh stop
  return 0
}
trap cleanup EXIT

pg_state="$(scripts/postgres.sh ensure)"
if ! scripts/temporal.sh install; then
  iris_warn "the end-to-end tests run on the real Temporal dev server: install Go or the Temporal CLI."
  exit 1
fi
# The fault tests run the packaged app in a process of its own, in a namespace of its own.
temporal_pid="$(IRIS_TEMPORAL_EXTRA_NAMESPACES="iris-faults iris-failover iris-remediation" \
  scripts/temporal.sh start "$TEST_TEMPORAL_PORT" "$TEST_TEMPORAL_UI_PORT")"

export IRIS_IT_TEMPORAL_TARGET="127.0.0.1:$TEST_TEMPORAL_PORT"
export IRIS_TEST_DATABASE_URL="${IRIS_TEST_DATABASE_URL:-postgres://${IRIS_PG_USER:-iris}:${IRIS_PG_PASSWORD:-iris}@${IRIS_PG_HOST:-127.0.0.1}:${IRIS_PG_PORT:-5432}/iris_test}"
mvn -B -ntp verify "$@"
