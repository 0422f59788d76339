#!/bin/sh
# First start: initdb into $PGDATA, create POSTGRES_DB and POSTGRES_USER/POSTGRES_PASSWORD, run
# /docker-entrypoint-initdb.d/*.sql in name order on a socket-only server (so nothing can connect over
# TCP before the data is in place), then run PostgreSQL listening on 0.0.0.0.
set -eu
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-clusterlab}" > "$pwfile"
  "$PGBIN/initdb" -D "$PGDATA" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 > /dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  "$PGBIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses='' -k /tmp" -w -t 60 start > /dev/null
  if [ "$db" != "postgres" ]; then
    "$PGBIN/psql" -v ON_ERROR_STOP=1 -h /tmp -U "$user" -d postgres -q -c "CREATE DATABASE \"$db\""
  fi
  for f in /docker-entrypoint-initdb.d/*.sql; do
    [ -e "$f" ] || continue
    echo "clusterlab-entrypoint: running $f"
    "$PGBIN/psql" -v ON_ERROR_STOP=1 -h /tmp -U "$user" -d "$db" -q -f "$f"
  done
  "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop > /dev/null
  echo "clusterlab-entrypoint: database initialised"
fi
exec "$PGBIN/postgres" -D "$PGDATA" -k /tmp "$@"
