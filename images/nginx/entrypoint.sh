#!/bin/sh
# nginx in the foreground with the configuration at /etc/nginx/nginx.conf (the lab's, put in by the runtime).
set -eu
nginx -t -q
exec nginx -g 'daemon off;' "$@"
