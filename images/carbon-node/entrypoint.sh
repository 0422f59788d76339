#!/bin/sh
# The WSO2 training node: Carbon home from CARBON_HOME, node name from CARBON_NODE_NAME or the
# container's hostname (the runtime sets it to the node name). Extra arguments are passed through.
set -eu
# A stand-in role (ec2, kube-apiserver: ADR 0027) runs another program of the same bundle.
if [ "${1:-}" = "stand-in" ]; then
  exec node /opt/clusterlab/carbon-node/carbon-node.mjs "$@"
fi
exec node /opt/clusterlab/carbon-node/carbon-node.mjs \
  --carbon-home "${CARBON_HOME:-/opt/clusterlab/carbon}" \
  --name "${CARBON_NODE_NAME:-$(hostname)}" "$@"
