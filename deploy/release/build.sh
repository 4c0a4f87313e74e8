#!/usr/bin/env bash
# Builds the release tarball the Ansible roles and install scripts deploy: the built programs
# (bin/, apps/{harvester,nester}/dist, the web UI, packages/*/dist) and their production
# node_modules, laid out as in the repository so every relative path the code uses still holds.
# The tarball is for this machine's CPU architecture (one dependency, @node-rs/argon2, is a native
# module); build it on an arm64 machine for Raspberry Pis, or use the container images.
# It is reproducible: the same tree gives the same bytes, hence the same release id in Ansible.
#
# Usage: deploy/release/build.sh [--no-build] [OUT_DIR]    (default OUT_DIR: ./dist/release, ignored by git)
# Prints the tarball's path on stdout.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
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
arch=$(node -p 'process.arch')
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage" # the archive's "." entry: the directory it is unpacked into gets this mode
copy() { mkdir -p "$stage/$(dirname "$1")" && cp -a "$1" "$stage/$1"; }
copy bin/seahawks.js
copy package.json
[ -f LICENSE ] && copy LICENSE
copy apps/web/dist
for ws in apps/harvester apps/nester packages/model packages/protocol packages/promql; do
  copy "$ws/package.json"
  # Compiled tests and declarations are of no use at run time.
  (cd "$ws" && find dist -type f ! -name '*.test.*' ! -name '*.d.ts' ! -name '*.d.ts.map' -print0) |
    while IFS= read -r -d '' f; do copy "$ws/$f"; done
done
# Production dependencies of the two programs (the web UI ships as static files): npm says which.
# npm ls also exits non-zero for problems elsewhere in the tree (an extraneous package); the
# paths it lists are still right, and a missing module would fail the release's first start.
deps=$(npm ls --omit=dev --all --parseable -w @seahawks/nester -w @seahawks/harvester 2>/dev/null || true)
[ -n "$deps" ] || { echo "cannot build the release: npm ls listed no dependency" >&2; exit 1; }
sed -n "s|^$root/||p" <<<"$deps" | grep node_modules | sort -u | while IFS= read -r dep; do
  [ -e "$stage/$dep" ] || copy "$dep"
done
printf '%s\n' "$version" >"$stage/VERSION"
file="$out/seahawks-$version-linux-$arch.tar.gz"
tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -C "$stage" -cf - . | gzip -n -9 >"$file.tmp"
mv "$file.tmp" "$file"
echo "$file"
