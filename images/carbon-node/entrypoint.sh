#!/bin/sh
# The WSO2 training node: Carbon home from CARBON_HOME, node name from CARBON_NODE_NAME or the
# container's hostname (the runtime sets it to the node name). Extra arguments are passed through.
set -eu
exec node /opt/clusterlab/carbon-node/carbon-node.mjs \
  --carbon-home "${CARBON_HOME:-/opt/clusterlab/carbon}" \
  --name "${CARBON_NODE_NAME:-$(hostname)}" "$@"
