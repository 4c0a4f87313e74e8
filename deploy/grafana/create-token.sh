#!/usr/bin/env bash
# Creates a nester API token for Grafana's datasource (role viewer by default) and prints
# `SEAHAWKS_API_TOKEN=<token>`, ready to append to deploy/docker/.env or an EnvironmentFile.
# Asks for the admin password (or reads it from SEAHAWKS_ADMIN_PASSWORD); never prints it.
#
# Usage: create-token.sh NESTER_URL [ROLE] [NAME]    e.g. create-token.sh http://localhost:8080
set -euo pipefail
url=${1:?usage: create-token.sh NESTER_URL [ROLE] [NAME]}
role=${2:-viewer}
name=${3:-grafana}
user=${SEAHAWKS_ADMIN_USER:-admin}
password=${SEAHAWKS_ADMIN_PASSWORD:-}
if [ -z "$password" ]; then
  [ -t 0 ] || { echo "create-token.sh: set SEAHAWKS_ADMIN_PASSWORD or run it on a terminal" >&2; exit 1; }
  read -r -s -p "Password of $user on $url: " password
  echo >&2
fi
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
json() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' "$@"; }
# The login body goes through standard input, so the password is on no command line.
json username "$user" password "$password" |
  curl -fsS -c "$jar" -H 'content-type: application/json' --data-binary @- "$url/api/auth/login" >/dev/null ||
  { echo "create-token.sh: cannot log in to $url as $user" >&2; exit 1; }
answer=$(json name "$name" role "$role" |
  curl -fsS -b "$jar" -H 'content-type: application/json' -H 'x-seahawks-csrf: 1' --data-binary @- "$url/api/auth/tokens") ||
  { echo "create-token.sh: cannot create the token (is $user an admin?)" >&2; exit 1; }
printf 'SEAHAWKS_API_TOKEN=%s\n' "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' <<<"$answer")"
