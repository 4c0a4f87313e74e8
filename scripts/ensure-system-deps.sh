#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (never mocks): chromium for the
# browser tests, prometheus as remote_write sender and PromQL oracle, prometheus-node-exporter as
# the oracle for metric names, postgresql for the PostgreSQL engine's tests (they initdb and run
# their own throwaway servers), tinyproxy for the proxy test (tinyproxy-bin: the program alone, no
# service to stop) and iproute2's ip for its network namespaces. Uses apt-get as root, or sudo
# when available.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-node-exporter >/dev/null 2>&1 || need+=(prometheus-node-exporter)
# Debian keeps initdb and postgres off PATH, in /usr/lib/postgresql/<version>/bin.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
command -v tinyproxy >/dev/null 2>&1 || need+=(tinyproxy-bin)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
# Alerting tests: a real Alertmanager receives the nester's alerts; stress-ng loads the CPU.
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v stress-ng >/dev/null 2>&1 || need+=(stress-ng)
# Remote-maintenance tests and bench: a headless X display (Xvfb), a VNC server for it (x11vnc),
# xsetroot to paint it a known colour, and websockify as the direct path the bench compares with.
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v x11vnc >/dev/null 2>&1 || need+=(x11vnc)
command -v xsetroot >/dev/null 2>&1 || need+=(x11-xserver-utils)
command -v websockify >/dev/null 2>&1 || need+=(websockify)
# Deployment tests (test/deploy): Ansible and ansible-lint on the playbooks, shellcheck on the
# scripts, systemd-analyze on the units, kubectl kustomize, Go with Debian's Sprig and YAML
# libraries to render the Helm chart as Helm does, docker-compose to validate the compose file.
command -v ansible-playbook >/dev/null 2>&1 || need+=(ansible)
command -v ansible-lint >/dev/null 2>&1 || need+=(ansible-lint)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v kubectl >/dev/null 2>&1 || need+=(kubernetes-client)
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] || need+=(golang-github-masterminds-sprig-dev)
[ -d /usr/share/gocode/src/sigs.k8s.io/yaml ] || need+=(golang-k8s-sigs-yaml-dev)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
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
for svc in prometheus prometheus-node-exporter prometheus-alertmanager; do
  "${sudo[@]}" systemctl stop "$svc" >/dev/null 2>&1 || "${sudo[@]}" pkill -x "$svc" >/dev/null 2>&1 || true
done
# The package's own cluster ("main", port 5432) is not used: stop it, never the tests' servers.
if [[ " ${need[*]} " == *" postgresql "* ]]; then
  "${sudo[@]}" systemctl stop postgresql >/dev/null 2>&1 || true
  for conf in /etc/postgresql/*/main; do
    [ -d "$conf" ] || continue
    "${sudo[@]}" pg_ctlcluster "$(basename "$(dirname "$conf")")" main stop >/dev/null 2>&1 || true
  done
fi
