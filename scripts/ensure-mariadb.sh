#!/usr/bin/env bash
# Start Debian's MariaDB on 127.0.0.1:3306 with a database `clusterlab_test` and a user
# `clusterlab`/`clusterlab` holding all rights on it (the training node's MySQL/MariaDB suite,
# tests/cluster/shared-mysql.test.ts, reads CLUSTERLAB_TEST_MYSQL_URL), unless one already answers.
# Idempotent. Stops nothing: a server it starts keeps running, like scripts/ensure-postgres.sh's.
# Used by .ci/run and by developers (as root: it creates the user over root's local socket).
set -euo pipefail
host=127.0.0.1
port=3306
db=clusterlab_test
user=clusterlab
password=clusterlab
datadir=/var/lib/mysql
sock=/run/mysqld/mysqld.sock
log=/var/log/clusterlab-mariadb.log

for tool in mariadbd mariadb mariadb-admin; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "MariaDB is not installed ($tool is missing): apt-get install -y mariadb-server" >&2; exit 2
  fi
done

# mariadb-admin ping exits 0 whenever a server answers, even one that refuses these credentials.
answering() { mariadb-admin --host="$host" --port="$port" --user="$user" --password="$password" --connect-timeout=2 ping >/dev/null 2>&1; }
usable() { mariadb --host="$host" --port="$port" --user="$user" --password="$password" --database="$db" --connect-timeout=2 -e "SELECT 1" >/dev/null 2>&1; }

if answering; then
  echo "[mariadb] a server already answers on $host:$port; using it"
else
  if [ ! -d "$datadir/mysql" ]; then
    echo "[mariadb] initialising $datadir"
    mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db >/dev/null
  fi
  mkdir -p "$(dirname "$sock")"
  chown mysql:mysql "$(dirname "$sock")"
  echo "[mariadb] starting mariadbd on $host:$port (log: $log)"
  # setsid + nohup: the server outlives this script (and .ci/run), as pg_ctlcluster's does.
  setsid nohup mariadbd --user=mysql --datadir="$datadir" --bind-address="$host" --port="$port" --socket="$sock" >"$log" 2>&1 < /dev/null &
  started=$!
  # Bounded wait: 60 tries, half a second apart.
  for _ in $(seq 1 60); do
    answering && break
    if ! kill -0 "$started" 2>/dev/null; then
      echo "[mariadb] mariadbd exited while starting; its log:" >&2; tail -n 20 "$log" >&2; exit 1
    fi
    sleep 0.5
  done
  answering || { echo "[mariadb] mariadbd did not answer on $host:$port within 30 s; its log:" >&2; tail -n 20 "$log" >&2; exit 1; }
fi

if ! usable; then
  # localhost and 127.0.0.1: a TCP client from 127.0.0.1 matches either, depending on name resolution.
  sql="CREATE DATABASE IF NOT EXISTS \`$db\`;"
  for h in localhost 127.0.0.1; do
    sql="$sql CREATE USER IF NOT EXISTS '$user'@'$h' IDENTIFIED BY '$password'; GRANT ALL PRIVILEGES ON \`$db\`.* TO '$user'@'$h';"
  done
  if ! said=$(mariadb --socket="$sock" --user=root -e "$sql" 2>&1); then
    echo "[mariadb] could not create $db and $user as root over $sock: ${said##*$'\n'}" >&2
    echo "[mariadb] run this script as root on the machine running MariaDB, or create them yourself:" >&2
    echo "  $sql" >&2
    exit 1
  fi
  usable || { echo "[mariadb] $user still cannot use $db on $host:$port after creating it" >&2; exit 1; }
fi
echo "[mariadb] ready: mysql://$user:$password@$host:$port/$db"
