#!/usr/bin/env bash
# Installs the Seahawks nester on this machine as a systemd service (optionally with PostgreSQL
# or TimescaleDB, and Grafana): installs Ansible if missing, then runs deploy/ansible/nester.yml
# against localhost.
#
#   sudo deploy/install_nester.sh                                   # interactive
#   sudo deploy/install_nester.sh --server-name nester.lan --yes    # unattended
#
# Secrets (the first admin's password, the database password) are read from files or typed when
# asked, never taken on the command line, and reach Ansible through the environment only.
set -euo pipefail
deploy_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$deploy_dir/lib/install-common.sh"

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'TXT'

Options:
  --server-name NAME          a name or address harvesters use to reach this machine (repeatable;
                              default: this host's names and addresses)
  --port PORT                 UI and API port (default 8080)
  --agent-port PORT           harvester endpoint port (default 5000)
  --admin-password-file FILE  the first admin's password (default: generated, printed once in
                              the service's journal)
  --with-postgres             store metrics in a local PostgreSQL (TimescaleDB with --timescaledb)
  --pg-password-file FILE     the database user's password (asked when missing)
  --timescaledb               install TimescaleDB from Timescale's repository
  --with-grafana              install Grafana, provisioned with the Seahawks datasource
  --grafana-token-file FILE   a nester API token (role viewer) for Grafana's datasource
  --release FILE              release tarball (default: the newest in dist/release, built if none)
  --yes                       never ask; fail when something is missing
  -- ARGS                     passed on to ansible-playbook
TXT
}

names=() port=8080 agent_port=5000 release='' assume_yes=0
with_pg=false timescale=false with_grafana=false
admin_password='' pg_password='' grafana_token=''
extra=()
read_secret() { tr -d '\n' <"$1" || die "cannot read $1"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --server-name) names+=("${2:?}"); shift 2 ;;
    --port) port=${2:?}; shift 2 ;;
    --agent-port) agent_port=${2:?}; shift 2 ;;
    --admin-password-file) admin_password=$(read_secret "${2:?}"); shift 2 ;;
    --with-postgres) with_pg=true; shift ;;
    --pg-password-file) pg_password=$(read_secret "${2:?}"); shift 2 ;;
    --timescaledb) timescale=true; shift ;;
    --with-grafana) with_grafana=true; shift ;;
    --grafana-token-file) grafana_token=$(read_secret "${2:?}"); shift 2 ;;
    --release) release=${2:?}; shift 2 ;;
    --yes | -y) assume_yes=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[ "$(id -u)" -eq 0 ] || die "run as root (sudo): it creates a user and a systemd service"
[[ "$port" =~ ^[0-9]+$ && "$agent_port" =~ ^[0-9]+$ ]] || die "--port and --agent-port take numbers"

if [ "$with_pg" = true ]; then ask pg_password "Password for the nester's database user (not shown)" "" secret; fi
if [ "$with_grafana" = true ]; then ask grafana_token "Nester API token for Grafana (not shown)" "" secret; fi
ensure_ansible "$([ "$with_pg" = true ] && echo ansible || echo ansible-core)"
release=$(find_release "$release")

names_json=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "${names[@]}")
pg_url=''
[ "$with_pg" = true ] && pg_url='postgres://seahawks@127.0.0.1:5432/seahawks'
vars=$(write_vars \
  seahawks_nester_hosts localhost \
  seahawks_release_tarball "$release" \
  seahawks_nester_listen "{\"host\": \"0.0.0.0\", \"port\": $port}" \
  seahawks_nester_agent_listen "{\"host\": \"0.0.0.0\", \"port\": $agent_port}" \
  seahawks_nester_server_names "$names_json" \
  seahawks_nester_postgres_url "$pg_url" \
  seahawks_with_postgres "$with_pg" \
  seahawks_pg_timescaledb "$timescale" \
  seahawks_with_grafana "$with_grafana")
trap 'rm -f "$vars"' EXIT

# Secrets through the environment: the roles read them with lookup('env', …).
export SEAHAWKS_INSTALL_ADMIN_PASSWORD="$admin_password" SEAHAWKS_PG_PASSWORD="$pg_password"
export SEAHAWKS_GRAFANA_TOKEN="$grafana_token"
cd "$deploy_dir/ansible"
ansible-playbook -i localhost, -c local nester.yml -e "@$vars" "${extra[@]}"
cat <<TXT

The nester is installed. Next:
  sudo seahawks nester token create --config /etc/seahawks/nester.json --uses 0 --ttl 2h
      prints the join command for harvesters (its token is shown only then)
  then, on each machine to watch: sudo deploy/install_harvester.sh
TXT
