#!/usr/bin/env bash
# Builds the release tarball the Ansible roles and install scripts deploy: the built programs
# (bin/, apps/{harvester,nester}/dist, the web UI, packages/*/dist) and their production
# node_modules, laid out as in the repository so every relative path the code uses still holds.
# A tarball is for one CPU architecture (@node-rs/argon2 and @lydell/node-pty are native modules):
# this machine's by default; --arch arm64 (Raspberry Pi OS 64-bit, Debian/Ubuntu on arm64) or
# --arch arm (32-bit) installs the production dependencies for that architecture from the npm
# registry instead (npm's --cpu/--os/--libc), so a Pi's tarball can be built on a PC.
# It is reproducible: the same tree gives the same bytes, hence the same release id in Ansible.
#
# Usage: deploy/release/build.sh [--no-build] [--arch x64|arm64|arm] [OUT_DIR]
#        (default OUT_DIR: ./dist/release, ignored by git). Prints the tarball's path on stdout.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=1
arch=''
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --arch) arch=${2:?--arch takes x64, arm64 or arm}; shift 2 ;;
    -*) echo "build.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
out=$(mkdir -p "${1:-$root/dist/release}" && cd "${1:-$root/dist/release}" && pwd)
cd "$root"
if [ "$build" = 1 ]; then
  [ -d node_modules ] || npm ci --no-audit --no-fund >&2
  npm run build --silent >&2
fi
for d in apps/harvester/dist apps/nester/dist apps/web/dist packages/model/dist; do
  [ -d "$d" ] || { echo "cannot build the release: $d is missing; run npm run build first" >&2; exit 1; }
done
version=$(node -p 'require("./package.json").version')
native=$(node -p 'process.arch')
arch=${arch:-$native}
case "$arch" in x64 | arm64 | arm) ;; *) echo "build.sh: --arch $arch: expected x64, arm64 or arm" >&2; exit 2 ;; esac
workspaces=(apps/harvester apps/nester packages/model packages/protocol packages/promql)
stage=$(mktemp -d)
deps_root=$root
trap 'rm -rf "$stage" "${foreign:-}"' EXIT
chmod 755 "$stage" # the archive's "." entry: the directory it is unpacked into gets this mode
copy() { mkdir -p "$stage/$(dirname "$1")" && cp -a "$1" "$stage/$1"; }
copy bin/seahawks.js
copy package.json
if [ -f LICENSE ]; then copy LICENSE; fi
copy apps/web/dist
for ws in "${workspaces[@]}"; do
  copy "$ws/package.json"
  # Compiled tests and declarations are of no use at run time.
  (cd "$ws" && find dist -type f ! -name '*.test.*' ! -name '*.d.ts' ! -name '*.d.ts.map' -print0) |
    while IFS= read -r -d '' f; do copy "$ws/$f"; done
done
if [ "$arch" != "$native" ]; then
  # Another architecture: the same locked versions, installed for it into a scratch tree.
  foreign=$(mktemp -d)
  cp package.json package-lock.json "$foreign/"
  for ws in "${workspaces[@]}" apps/web; do mkdir -p "$foreign/$ws" && cp "$ws/package.json" "$foreign/$ws/"; done
  (cd "$foreign" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --os=linux --cpu="$arch" --libc=glibc \
    -w @seahawks/nester -w @seahawks/harvester >&2)
  deps_root=$foreign
fi
# Production dependencies of the two programs (the web UI ships as static files): npm says which.
# npm ls also exits non-zero for problems elsewhere in the tree (an extraneous package); the
# paths it lists are still right, and a missing module would fail the release's first start.
deps=$(cd "$deps_root"; npm ls --omit=dev --all --parseable -w @seahawks/nester -w @seahawks/harvester 2>/dev/null || true)
[ -n "$deps" ] || { echo "cannot build the release: npm ls listed no dependency" >&2; exit 1; }
sed -n "s|^$deps_root/||p" <<<"$deps" | grep node_modules | sort -u | while IFS= read -r dep; do
  [ -e "$stage/$dep" ] || (cd "$deps_root" && copy "$dep")
done
printf '%s\n' "$version" >"$stage/VERSION"
file="$out/seahawks-$version-linux-$arch.tar.gz"
tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -C "$stage" -cf - . | gzip -n -9 >"$file.tmp"
mv "$file.tmp" "$file"
echo "$file"
