#!/bin/sh
# Runs as root inside the image while it is built (Dockerfile RUN, or chroot for --offline).
# The training node runs as the unprivileged user "carbon"; its home is writable by it, but the
# configuration files the runtime puts in later are root-owned and read-only.
set -eu
useradd --system --uid 900 --user-group --home-dir /opt/clusterlab/carbon --no-create-home --shell /usr/sbin/nologin carbon
mkdir -p /opt/clusterlab/carbon/repository/conf /opt/clusterlab/carbon/repository/logs /opt/clusterlab/carbon/repository/database
chown -R carbon:carbon /opt/clusterlab/carbon
chmod 0755 /usr/local/bin/clusterlab-entrypoint
