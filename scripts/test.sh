#!/usr/bin/env bash
# `make test`: every test — unit, PostgreSQL-backed, Temporal test environment, and end-to-end
# against a real Temporal dev server started here for the run (in memory, its own ports); and a
# smoke check of the production engine (IRIS_TEMPORAL=server's Temporal server on PostgreSQL and
# its Web UI: started, asked, stopped; some seconds) when its binaries are built.
# IRIS_TEST_TEMPORAL_SERVER: auto (default: when built), build (build them first, once: about
# 5 minutes on 2 cores), skip.
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
case "${IRIS_TEST_TEMPORAL_SERVER:-auto}" in
  build) scripts/temporal.sh install-server ;;
  auto|skip) ;;
  *) iris_warn "IRIS_TEST_TEMPORAL_SERVER is auto, build or skip"; exit 1 ;;
esac
if [ "${IRIS_TEST_TEMPORAL_SERVER:-auto}" != skip ] && command -v temporal-server >/dev/null 2>&1 \
    && command -v temporal-sql-tool >/dev/null 2>&1 && command -v temporal-ui-server >/dev/null 2>&1; then
  IRIS_TEMPORAL_DB=temporal_test IRIS_TEMPORAL_VISIBILITY_DB=temporal_test_visibility \
    scripts/temporal.sh check-server "${IRIS_TEST_TEMPORAL_SERVER_PORT:-7263}" "${IRIS_TEST_TEMPORAL_SERVER_UI_PORT:-8263}"
elif [ "${IRIS_TEST_TEMPORAL_SERVER:-auto}" = auto ]; then
  iris_log "the production engine's smoke check is skipped: its binaries are not built (IRIS_TEST_TEMPORAL_SERVER=build)"
fi
# The fault tests run the packaged app in a process of its own, in a namespace of its own.
temporal_pid="$(IRIS_TEMPORAL_EXTRA_NAMESPACES="iris-faults iris-failover iris-remediation" \
  scripts/temporal.sh start "$TEST_TEMPORAL_PORT" "$TEST_TEMPORAL_UI_PORT")"

export IRIS_IT_TEMPORAL_TARGET="127.0.0.1:$TEST_TEMPORAL_PORT"
export IRIS_TEST_DATABASE_URL="${IRIS_TEST_DATABASE_URL:-postgres://${IRIS_PG_USER:-iris}:${IRIS_PG_PASSWORD:-iris}@${IRIS_PG_HOST:-127.0.0.1}:${IRIS_PG_PORT:-5432}/iris_test}"
mvn -B -ntp verify "$@"
