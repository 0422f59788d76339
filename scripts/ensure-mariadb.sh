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

for tool in mariadbd mariadb mariadb-admin mariadb-install-db; do
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
  # A fresh log each start (so the tails below are this start's), writable by the mysql user mariadbd runs as.
  : >"$log"
  chown mysql:mysql "$log"
  echo "[mariadb] starting mariadbd on $host:$port (log: $log)"
  # setsid + nohup: the server outlives this script (and .ci/run), as pg_ctlcluster's does.
  # --log-error: without it /etc/mysql/*.cnf may send the server's log elsewhere, and the tails below
  # would show nothing.
  setsid nohup mariadbd --user=mysql --datadir="$datadir" --bind-address="$host" --port="$port" --socket="$sock" --log-error="$log" >>"$log" 2>&1 < /dev/null &
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
    echo "[mariadb] a server answers on $host:$port, but $user/$password cannot use its database $db there, and" >&2
    echo "[mariadb] creating them as root over $sock failed: ${said##*$'\n'}" >&2
    echo "[mariadb] This script prepares the server of the MariaDB suite (tests/cluster/shared-mysql.test.ts, the" >&2
    echo "[mariadb] training node on MySQL/MariaDB); the server now on port $port is another one, or has other credentials." >&2
    echo "[mariadb] Either run this script as root on the machine running that server, or create them yourself:" >&2
    echo "  $sql" >&2
    echo "[mariadb] or give the suite a server you control (.ci/run then skips this script):" >&2
    echo "  export CLUSTERLAB_TEST_MYSQL_URL=mysql://<user>:<password>@<host>:<port>/<database>" >&2
    exit 1
  fi
  usable || {
    echo "[mariadb] $user still cannot use $db on $host:$port after creating them over $sock: the server on" >&2
    echo "[mariadb] $host:$port is not the one behind $sock, or it checks other credentials. Point the MariaDB suite" >&2
    echo "[mariadb] elsewhere with CLUSTERLAB_TEST_MYSQL_URL=mysql://<user>:<password>@<host>:<port>/<database>" >&2
    exit 1
  }
fi
echo "[mariadb] ready: mysql://$user:$password@$host:$port/$db"
