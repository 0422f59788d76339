#!/bin/sh
# First start: install the system tables, set the root password (MARIADB_ROOT_PASSWORD), create
# MARIADB_DATABASE and MARIADB_USER/MARIADB_PASSWORD, run /docker-entrypoint-initdb.d/*.sql on a
# socket-only server, then run MariaDB listening on 0.0.0.0:3306.
set -eu
datadir=/var/lib/mysql
sock=/run/mysqld/mysqld.sock
root_pw="${MARIADB_ROOT_PASSWORD:-clusterlab}"
db="${MARIADB_DATABASE:-}"
if [ ! -d "$datadir/mysql" ]; then
  mariadb-install-db --datadir="$datadir" --auth-root-authentication-method=normal --skip-test-db > /dev/null
  mariadbd --datadir="$datadir" --skip-networking --socket="$sock" &
  pid=$!
  # Bounded wait for the socket-only bootstrap server (60 tries).
  i=0
  until mariadb-admin --socket="$sock" -uroot ping > /dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -ge 60 ]; then echo "clusterlab-entrypoint: bootstrap server did not start" >&2; exit 1; fi
    sleep 1
  done
  {
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_pw';"
    echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$root_pw'; GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "$db" ]; then echo "CREATE DATABASE IF NOT EXISTS \`$db\`;"; fi
    if [ -n "${MARIADB_USER:-}" ]; then
      echo "CREATE USER IF NOT EXISTS '$MARIADB_USER'@'%' IDENTIFIED BY '${MARIADB_PASSWORD:-}';"
      if [ -n "$db" ]; then echo "GRANT ALL ON \`$db\`.* TO '$MARIADB_USER'@'%';"; fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket="$sock" -uroot
  for f in /docker-entrypoint-initdb.d/*.sql; do
    [ -e "$f" ] || continue
    echo "clusterlab-entrypoint: running $f"
    mariadb --socket="$sock" -uroot -p"$root_pw" ${db:+"$db"} < "$f"
  done
  mariadb-admin --socket="$sock" -uroot -p"$root_pw" shutdown
  wait "$pid" || true
  echo "clusterlab-entrypoint: database initialised"
fi
exec mariadbd --datadir="$datadir" --bind-address=0.0.0.0 --port=3306 --socket="$sock" "$@"
