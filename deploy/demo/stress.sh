#!/usr/bin/env bash
# The workshop's demo: load the CPU of a harvester with stress-ng for a while and watch it on the
# nester (the fleet overview, the host page's CPU chart, or Grafana's "User CPU by host").
#
#   deploy/demo/stress.sh                          # this machine: 2 CPU workers for 60 s
#   deploy/demo/stress.sh --cpu 4 --timeout 90s --ssh pi@pi-b1.lan
#   deploy/demo/stress.sh --node worker-1          # a Kubernetes node: a pod pinned to it
#   SEAHAWKS_API_TOKEN=sht_… deploy/demo/stress.sh --watch http://nester:8080 --instance pc-12
#
# --watch prints, every 5 s while the load runs, what the nester answers for
#   sum(rate(node_cpu_seconds_total{mode="user",instance="<instance>"}[30s]))
# (CPU seconds per second in user mode: 2 workers add about 2), with an API token of role viewer.
set -euo pipefail

instance_given='' cpu=2 timeout=60s ssh_target='' node='' watch_url='' instance=$(hostname -s)
image=${STRESS_IMAGE:-ghcr.io/colinianking/stress-ng:latest}
die() { echo "stress.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu) cpu=${2:?}; shift 2 ;;
    --timeout) timeout=${2:?}; shift 2 ;;
    --ssh) ssh_target=${2:?}; shift 2 ;;
    --node) node=${2:?}; shift 2 ;;
    --watch) watch_url=${2:?}; shift 2 ;;
    --instance) instance=${2:?}; instance_given=1; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$cpu" =~ ^[0-9]+$ ]] || die "--cpu takes a number of workers"
[[ "$timeout" =~ ^[0-9]+[smh]?$ ]] || die "--timeout takes a duration like 60s"

stress=(stress-ng --cpu "$cpu" --timeout "$timeout" --metrics-brief)
if [ -n "$node" ]; then
  command -v kubectl >/dev/null || die "--node needs kubectl"
  overrides=$(printf '{"spec":{"nodeName":"%s","tolerations":[{"operator":"Exists"}]}}' "$node")
  run=(kubectl run "stress-$node" --rm -i --restart=Never --image="$image" --overrides="$overrides" -- "${stress[@]:1}")
  [ -n "$instance_given" ] || instance=$node
elif [ -n "$ssh_target" ]; then
  run=(ssh "$ssh_target" "${stress[@]}")
else
  command -v stress-ng >/dev/null || die "stress-ng is not installed (apt-get install stress-ng)"
  run=("${stress[@]}")
fi

watch() {
  local query answer
  query="sum(rate(node_cpu_seconds_total{mode=\"user\",instance=\"$instance\"}[30s]))"
  while kill -0 "$1" 2>/dev/null; do
    answer=$(curl -fsS -H "Authorization: Bearer ${SEAHAWKS_API_TOKEN:?set SEAHAWKS_API_TOKEN for --watch}" \
      --data-urlencode "query=$query" "$watch_url/api/v1/query" 2>/dev/null |
      python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "no data")' 2>/dev/null ||
      echo "no answer")
    printf '%s  user CPU of %s: %s\n' "$(date +%T)" "$instance" "$answer"
    sleep 5
  done
}

echo "stress-ng: $cpu CPU workers for $timeout on ${node:-${ssh_target:-this machine}}" >&2
"${run[@]}" &
pid=$!
if [ -n "$watch_url" ]; then watch "$pid" & fi
wait "$pid"
