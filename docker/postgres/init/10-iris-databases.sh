#!/usr/bin/env bash
# Runs once, when the postgres container starts with an empty data volume
# (/docker-entrypoint-initdb.d). To run it again: `docker compose -f docker/compose.yaml down -v`.
#
# Creates one role and database for IRIS, and one role with the two databases Temporal needs
# (temporal, temporal_visibility). Temporal's auto-setup then only creates its schema
# (SKIP_DB_CREATE=true), so its role needs no CREATEDB. Passwords come from the container
# environment and are passed to psql as variables, so any character is safe.
set -euo pipefail

: "${IRIS_DB_PASSWORD:?IRIS_DB_PASSWORD must be set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v iris_password="$IRIS_DB_PASSWORD" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE iris LOGIN PASSWORD :'iris_password';
CREATE DATABASE iris OWNER iris;

CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

-- Temporal's visibility schema (postgres12) uses btree_gin; create it here as the superuser.
\connect temporal_visibility
CREATE EXTENSION IF NOT EXISTS btree_gin;
SQL
