#!/usr/bin/env bash
# Creates one database and one login per service, each login able to reach only its own
# database. Safe to run again: it creates what is missing and resets the passwords it is given.
# usage: PGHOST=.. PGPORT=.. PGUSER=postgres PGPASSWORD=.. <SERVICE>_DB_PASSWORD=.. init-databases.sh SERVICE ...
# Passwords come from the environment, never from arguments that `ps` would show.
set -euo pipefail
for i in $(seq 1 60); do pg_isready -q && break; sleep 0.5; done
for role in "$@"; do
  password_variable="${role^^}_DB_PASSWORD"; password=${!password_variable:?"$password_variable is not set"}; db="${role}db"
  psql -q -v ON_ERROR_STOP=1 -v role="$role" -v pw="$password" -v db="$db" -d postgres <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
  echo "database $db ready for login $role"
done
