#!/bin/sh
# PostgreSQL runs as the "postgres" user (created by postgresql-common); its data folder is owned by it.
set -eu
mkdir -p /var/lib/postgresql/data /docker-entrypoint-initdb.d
chown -R postgres:postgres /var/lib/postgresql
chmod 0700 /var/lib/postgresql/data
chmod 0755 /usr/local/bin/clusterlab-entrypoint
