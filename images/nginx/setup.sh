#!/bin/sh
# nginx runs as www-data (not root), so it needs no capability: Docker >= 20.10 sets
# net.ipv4.ip_unprivileged_port_start=0 in containers, letting it listen on 80. Everything nginx writes
# (pid file, temp folders, logs) is made writable by www-data; logs go to the container's stdout/stderr.
set -eu
rm -f /etc/nginx/sites-enabled/default
mkdir -p /var/lib/nginx /var/log/nginx /run
touch /run/nginx.pid
chown -R www-data:www-data /var/lib/nginx /var/log/nginx /run/nginx.pid
ln -sf /dev/stdout /var/log/nginx/access.log
ln -sf /dev/stderr /var/log/nginx/error.log
chmod 0755 /usr/local/bin/clusterlab-entrypoint
