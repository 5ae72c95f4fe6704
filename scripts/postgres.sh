#!/usr/bin/env bash
# Makes sure a real PostgreSQL answers and holds the IRIS role and databases.
#   scripts/postgres.sh ensure   use the server that answers, or install/start one under .iris/postgres
#                                prints "started" when it started a server, "reused" otherwise
#   scripts/postgres.sh stop     stop the server under .iris/postgres (callers do so only if they started it)
# Settings: IRIS_PG_HOST (127.0.0.1), IRIS_PG_PORT (5432), IRIS_PG_USER/IRIS_PG_PASSWORD (iris/iris),
#           IRIS_PG_DATABASES ("iris iris_test"), IRIS_PG_MAX_CONNECTIONS (300, for a cluster started here).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PG_HOST="${IRIS_PG_HOST:-127.0.0.1}"
PG_PORT="${IRIS_PG_PORT:-5432}"
PG_USER="${IRIS_PG_USER:-iris}"
PG_PASSWORD="${IRIS_PG_PASSWORD:-iris}"
PG_DATABASES="${IRIS_PG_DATABASES:-iris iris_test}"
PG_DIR="$IRIS_DATA/postgres"
PG_SOCKET_DIR="${IRIS_PG_SOCKET_DIR:-/tmp}"
STARTED_MARK="$IRIS_DATA/postgres.started-by-iris"

is_root() { [ "$(id -u)" = 0 ]; }

pg_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1
}

answers() { pg_isready -h "$PG_HOST" -p "$PG_PORT" -q 2>/dev/null; }

install_postgres() {
  if [ -n "$(pg_bindir)" ] && command -v pg_isready >/dev/null 2>&1; then return; fi
  if is_root && command -v apt-get >/dev/null 2>&1; then
    iris_log "installing PostgreSQL from the distribution's packages (apt-get install postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  else
    iris_warn "no PostgreSQL server answers on $PG_HOST:$PG_PORT and none is installed."
    echo "Install one and run this again, e.g. 'sudo apt-get install postgresql' (Debian/Ubuntu)," >&2
    echo "'brew install postgresql@16' (macOS), or point DATABASE_URL at a running server." >&2
    exit 1
  fi
}

as_postgres() { # runs a command as the server's owner
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_local_cluster() {
  local bindir; bindir="$(pg_bindir)"
  mkdir -p "$PG_DIR"
  if is_root; then chown postgres:postgres "$PG_DIR"; chmod 700 "$PG_DIR"; fi
  if [ ! -f "$PG_DIR/PG_VERSION" ]; then
    iris_log "creating a PostgreSQL cluster in $PG_DIR"
    as_postgres "$bindir/initdb" -D "$PG_DIR" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  iris_log "starting PostgreSQL on port $PG_PORT"
  as_postgres "$bindir/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -c max_connections=${IRIS_PG_MAX_CONNECTIONS:-300} -c listen_addresses=localhost -c unix_socket_directories=$PG_SOCKET_DIR" start >/dev/null
  touch "$STARTED_MARK"
}
# The mark says the server under .iris/postgres is ours, so we connect as its superuser by socket.

superuser_psql() {
  if [ -f "$STARTED_MARK" ]; then
    as_postgres psql -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres -qAt "$@"
  elif is_root && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- psql -p "$PG_PORT" -d postgres -qAt "$@"
  else
    psql -h "$PG_HOST" -p "$PG_PORT" -d postgres -qAt "$@"
  fi
}

ensure_role_and_databases() {
  if ! PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qAt -c 'select 1' >/dev/null 2>&1; then
    iris_log "creating role $PG_USER"
    superuser_psql -c "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
          CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
        ELSE
          ALTER ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
        END IF; END \$\$;" >/dev/null
  fi
  local db
  for db in $PG_DATABASES; do
    if ! PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qAt \
        -c "select 1 from pg_database where datname = '$db'" | grep -q 1; then
      iris_log "creating database $db"
      PGPASSWORD="$PG_PASSWORD" createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" >&2
    fi
  done
}

case "${1:-ensure}" in
  ensure)
    if [ -n "${DATABASE_URL:-}" ]; then
      iris_log "DATABASE_URL is set: using that server as it is"
      echo reused
      exit 0
    fi
    if answers; then
      iris_log "PostgreSQL answers on $PG_HOST:$PG_PORT"
      state=reused
    else
      rm -f "$STARTED_MARK"
      install_postgres
      start_local_cluster
      state=started
    fi
    ensure_role_and_databases >&2
    echo "$state"
    ;;
  stop)
    if [ -f "$STARTED_MARK" ]; then
      iris_log "stopping PostgreSQL"
      as_postgres "$(pg_bindir)/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null || true
      rm -f "$STARTED_MARK"
    fi
    ;;
  *) echo "usage: $0 ensure|stop" >&2; exit 2 ;;
esac
