#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (never mocks): chromium for the
# browser tests, prometheus as remote_write sender and PromQL oracle, prometheus-node-exporter as
# the oracle for metric names. Uses apt-get as root, or sudo when available.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-node-exporter >/dev/null 2>&1 || need+=(prometheus-node-exporter)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages for the tests: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
  echo "cannot install ${need[*]}: not root and no sudo; install them with apt-get and retry" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
# The packages start their services where an init system runs; the tests start their own
# instances on loopback ports of their choosing, so stop those.
for svc in prometheus prometheus-node-exporter; do
  "${sudo[@]}" systemctl stop "$svc" >/dev/null 2>&1 || "${sudo[@]}" pkill -x "$svc" >/dev/null 2>&1 || true
done
