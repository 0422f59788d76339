#!/usr/bin/env bash
# Start Debian's PostgreSQL on 127.0.0.1:5432 with a `clusterlab` role (CREATEDB, for tests and the
# Prisma shadow database), unless one already answers. Idempotent. Used by .ci/run and by developers.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 2
fi
ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n1)
if [ -z "$ver" ]; then
  echo "no PostgreSQL cluster found under /etc/postgresql; run: pg_createcluster <version> main" >&2; exit 2
fi
conf=/etc/postgresql/$ver/main/postgresql.conf
grep -q "^listen_addresses = '127.0.0.1'" "$conf" || sed -i "s/^#\?listen_addresses = .*/listen_addresses = '127.0.0.1'/" "$conf"
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  echo "[postgres] starting cluster $ver/main on 127.0.0.1"
  pg_ctlcluster "$ver" main start
fi
for i in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 0.5; done
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='clusterlab'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE clusterlab LOGIN PASSWORD 'clusterlab' CREATEDB\""
echo "[postgres] ready: postgresql://clusterlab:clusterlab@127.0.0.1:5432/postgres"
