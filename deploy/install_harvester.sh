#!/usr/bin/env bash
# Installs the Seahawks harvester on this machine as a systemd service, joined to a nester:
# installs Ansible if missing, then runs deploy/ansible/harvester.yml against localhost.
# Asks for what it is not given (nester endpoint, CA hash, join token, node name).
#
#   sudo deploy/install_harvester.sh                        # interactive
#   sudo SEAHAWKS_JOIN_TOKEN=… deploy/install_harvester.sh --nester https://nester:5000 \
#        --ca-hash sha256:… --name pc-12 --labels team=a --yes    # unattended
#
# The join token is never taken on the command line (other users see command lines): give it in
# SEAHAWKS_JOIN_TOKEN, in a file (--token-file), or type it when asked. It goes to Ansible through
# the environment and to the join on standard input, so no file, log or output ever holds it.
set -euo pipefail
deploy_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$deploy_dir/lib/install-common.sh"

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'TXT'

Options:
  --nester URL          the nester's harvester endpoint, https://host:5000
  --ca-hash HASH        sha256:… from the nester's join command
  --token-file FILE     read the join token from FILE (or set SEAHAWKS_JOIN_TOKEN)
  --name NODE           node name, the `instance` label (default: this host's name)
  --labels k=v,...      labels for this machine's series (team=a,site=lab)
  --interval DURATION   collection interval (default 15s)
  --remote-user USER    terminal and commands from the nester run as USER (e.g. an administrator);
                        the harvester then runs as root without its sandbox, as sshd does
  --release FILE        release tarball (default: the newest in dist/release, built if none)
  --yes                 never ask; fail when something is missing
  -- ARGS               passed on to ansible-playbook (e.g. -e @more-vars.yml, --check)
TXT
}

nester='' ca_hash='' token="${SEAHAWKS_JOIN_TOKEN:-}" name='' labels='' interval='15s' release='' assume_yes=0
remote_user=''
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nester) nester=${2:?}; shift 2 ;;
    --ca-hash) ca_hash=${2:?}; shift 2 ;;
    --token-file) token=$(tr -d '[:space:]' <"${2:?}") || die "cannot read --token-file $2"; shift 2 ;;
    --token) die "--token is not accepted: command lines are visible to every user; use --token-file or SEAHAWKS_JOIN_TOKEN" ;;
    --name) name=${2:?}; shift 2 ;;
    --labels) labels=${2:?}; shift 2 ;;
    --interval) interval=${2:?}; shift 2 ;;
    --remote-user) remote_user=${2:?}; shift 2 ;;
    --release) release=${2:?}; shift 2 ;;
    --yes | -y) assume_yes=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[ "$(id -u)" -eq 0 ] || die "run as root (sudo): it creates a user and a systemd service"

ask nester "Nester endpoint (https://host:5000)"
ask ca_hash "Nester CA hash (sha256:…)"
ask name "Node name" "$(hostname -s)"
ask token "Join token (from seahawks nester token create; not shown)" "" secret
ensure_ansible ansible-core
release=$(find_release "$release")

labels_json='{}'
if [ -n "$labels" ]; then
  labels_json=$(python3 -c 'import json,sys; print(json.dumps(dict(p.split("=",1) for p in sys.argv[1].split(",") if p)))' "$labels") ||
    die "cannot read --labels $labels: expected k=v,k=v"
fi
vars=$(write_vars \
  seahawks_harvester_hosts localhost \
  seahawks_release_tarball "$release" \
  seahawks_nester_url "$nester" \
  seahawks_join_ca_hash "$ca_hash" \
  seahawks_harvester_name "$name" \
  seahawks_harvester_labels "$labels_json" \
  seahawks_harvester_interval "$interval" \
  seahawks_harvester_remote_user "$remote_user")
trap 'rm -f "$vars"' EXIT

cd "$deploy_dir/ansible"
SEAHAWKS_JOIN_TOKEN="$token" ansible-playbook -i localhost, -c local harvester.yml -e "@$vars" "${extra[@]}"
echo
echo "The harvester is installed. It shows up on the nester in: seahawks nester harvesters"
