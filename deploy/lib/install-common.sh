# shellcheck shell=bash
# Shared by install_nester.sh and install_harvester.sh (sourced, not run). They set deploy_dir
# (the deploy/ directory) and assume_yes (1: never ask) before sourcing it.
# shellcheck disable=SC2154

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# Ansible from the distribution, when it is missing (as the seeds' install scripts did).
ensure_ansible() {
  command -v ansible-playbook >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "cannot install Ansible: no apt-get; install ansible-core and retry"
  echo "Installing Ansible (apt-get install $1)…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >&2
}

# The release tarball: the one given, else the newest built in this checkout for this machine's
# architecture, else one built now (deploy/release/build.sh: needs Node.js and npm).
find_release() {
  local given=$1 root arch found
  if [ -n "$given" ]; then
    [ -f "$given" ] || die "cannot find the release tarball $given"
    (cd "$(dirname "$given")" && echo "$PWD/$(basename "$given")")
    return
  fi
  root=$(cd "$deploy_dir/.." && pwd)
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; armv7l) arch=arm ;; *) arch=$(uname -m) ;; esac
  found=''
  for f in "$root"/dist/release/seahawks-*-linux-"$arch".tar.gz; do
    [ -f "$f" ] && { [ -z "$found" ] || [ "$f" -nt "$found" ]; } && found=$f
  done
  if [ -n "$found" ]; then echo "$found"; return; fi
  [ -f "$root/package.json" ] || die "no release tarball: pass --release FILE (deploy/release/build.sh makes one)"
  echo "Building the release tarball from $root…" >&2
  "$deploy_dir/release/build.sh"
}

# Asks for a value on the terminal when it was not given; fails when there is no terminal.
ask() {
  local var=$1 prompt=$2 default=${3:-} secret=${4:-} answer
  [ -n "${!var}" ] && return 0
  if [ ! -t 0 ] || [ "$assume_yes" = 1 ]; then
    [ -n "$default" ] && { printf -v "$var" '%s' "$default"; return 0; }
    die "missing $prompt (run with --help for the options of an unattended install)"
  fi
  while [ -z "$answer" ]; do
    if [ "$secret" = secret ]; then
      read -r -s -p "$prompt: " answer
      echo >&2
    else
      read -r -p "$prompt${default:+ [$default]}: " answer
      answer=${answer:-$default}
    fi
  done
  printf -v "$var" '%s' "$answer"
}

# Writes Ansible extra-vars as JSON (values escaped properly) into a 0600 file; prints its path.
# Arguments: name value name value … ; a value starting with '{' or '[' is taken as JSON.
write_vars() {
  local file
  file=$(mktemp)
  chmod 600 "$file"
  python3 - "$@" >"$file" <<'PY'
import json, sys
args = sys.argv[1:]
out = {}
for name, value in zip(args[0::2], args[1::2]):
    out[name] = json.loads(value) if value[:1] in ("{", "[") else value
json.dump(out, sys.stdout, indent=2)
PY
  echo "$file"
}
