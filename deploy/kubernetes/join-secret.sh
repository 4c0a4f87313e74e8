#!/usr/bin/env bash
# Lets the harvester DaemonSets join: asks the running nester for a join token (kubectl exec
# `seahawks nester token create`) and stores it with the CA hash as the Secret the DaemonSets
# mount, in the nester's namespace and in each team namespace given. The token goes from one
# kubectl to the other through a pipe: it is never printed, nor on a command line.
#
# Usage: join-secret.sh NAMESPACE NESTER_POD [TEAM_NAMESPACE ...]
#   e.g. join-secret.sh seahawks seahawks-nester-0 team-a team-b
# Environment: TTL (default 24h: harvesters created later need a new one), SECRET (seahawks-join).
set -euo pipefail
ns=${1:?usage: join-secret.sh NAMESPACE NESTER_POD [TEAM_NAMESPACE ...]}
pod=${2:?usage: join-secret.sh NAMESPACE NESTER_POD [TEAM_NAMESPACE ...]}
shift 2
secret=${SECRET:-seahawks-join}
# Unlimited uses: every node of the DaemonSet joins with the same token until it expires.
join=$(kubectl -n "$ns" exec "$pod" -- seahawks nester token create --config /etc/seahawks/nester.json \
  --uses 0 --ttl "${TTL:-24h}" --description "Kubernetes DaemonSet" 2>/dev/null)
token=$(sed -n 's/.* --token \([^ ]*\) .*/\1/p' <<<"$join")
ca_hash=$(sed -n 's/.* --ca-hash \([^ ]*\).*/\1/p' <<<"$join")
if [ -z "$token" ] || [ -z "$ca_hash" ]; then
  echo "join-secret.sh: the nester printed no join command" >&2
  exit 1
fi
for target in "$ns" "$@"; do
  printf '%s' "$token" |
    kubectl -n "$target" create secret generic "$secret" --from-file=token=/dev/stdin \
      --from-literal=caHash="$ca_hash" --dry-run=client -o yaml |
    kubectl apply -f - >/dev/null
  echo "secret $target/$secret ready (CA $ca_hash)"
done
