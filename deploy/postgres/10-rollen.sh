#!/bin/sh
# Runs once, when the PostgreSQL container initialises an empty data directory (docker-entrypoint-initdb.d), as the
# owner role (POSTGRES_USER, which runs the migrations). Creates the service role of migration 23 ahead of it and the
# login role of the API and workers as its member: a role that owns nothing and may only append to the audit trail
# (README, "Databaserollen"). The migrations grant ketenpoort_dienst its rights.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v wachtwoord="$KETENPOORT_API_WACHTWOORD" <<'SQL'
create role ketenpoort_dienst nologin;
create role ketenpoort_api login nosuperuser nocreatedb nocreaterole password :'wachtwoord' in role ketenpoort_dienst;
SQL
