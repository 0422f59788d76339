#!/bin/sh
# Runs as root inside the image while it is built (Dockerfile RUN, or chroot for --offline).
# The training node runs as the unprivileged user "carbon"; its home is writable by it, but the
# configuration files the runtime puts in later are root-owned and read-only.
set -eu
useradd --system --uid 900 --user-group --home-dir /opt/clusterlab/carbon --no-create-home --shell /usr/sbin/nologin carbon
mkdir -p /opt/clusterlab/carbon/repository/conf /opt/clusterlab/carbon/repository/logs /opt/clusterlab/carbon/repository/database
# The artifact folders IS shares between nodes (facts §7). A share mounted on one of them starts as a copy of
# it, owned by carbon, so the server can deploy into the shared folder.
mkdir -p /opt/clusterlab/carbon/repository/deployment/server/userstores /opt/clusterlab/carbon/repository/deployment/server/eventpublishers \
  /opt/clusterlab/carbon/repository/deployment/server/eventstreams /opt/clusterlab/carbon/repository/tenants
chown -R carbon:carbon /opt/clusterlab/carbon
chmod 0755 /usr/local/bin/clusterlab-entrypoint
