#!/bin/sh
# MariaDB runs as the "mysql" user (created by the package); its data folder is owned by it.
set -eu
rm -rf /var/lib/mysql
mkdir -p /var/lib/mysql /docker-entrypoint-initdb.d /run/mysqld
chown -R mysql:mysql /var/lib/mysql /run/mysqld
chmod 0755 /usr/local/bin/clusterlab-entrypoint
