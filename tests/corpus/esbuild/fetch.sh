#!/bin/sh
# Fetch the pinned esbuild packages (tests/corpus/esbuild/pins) with
# `npm pack` into CACHE (unless already there), verify each tarball's sha512
# against the pin, and extract package/bin/esbuild to CACHE/OS/esbuild.
#   sh tests/corpus/esbuild/fetch.sh CACHE
# Only the first run needs the network.
set -eu
SRC=$(cd "$(dirname "$0")" && pwd)
CACHE=$1
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
NPM=${NPM:-npm}

integrity() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 | tr -d '\n')"; }

grep -v -E '^[[:space:]]*(#|$)' "$SRC/pins" | while read -r name version os want; do
	tgz=$CACHE/$(echo "$name" | sed 's/^@//; s,/,-,')-$version.tgz
	if [ ! -f "$tgz" ] || [ "$(integrity "$tgz")" != "$want" ]; then
		rm -rf "$tgz" "${CACHE:?}/$os"
		if ! command -v "$NPM" >/dev/null 2>&1; then
			echo "fetch.sh: $name@$version is not cached and npm is missing (./configure --install-deps installs nodejs and npm)" >&2
			exit 1
		fi
		echo "fetching $name@$version with npm pack"
		(cd "$CACHE" && npm_config_cache="$CACHE/npm-cache" npm_config_update_notifier=false \
			"$NPM" pack --silent "$name@$version" >/dev/null) || {
			echo "fetch.sh: npm pack $name@$version failed (no network?)" >&2; exit 1; }
		got=$(integrity "$tgz")
		if [ "$got" != "$want" ]; then
			echo "fetch.sh: $name@$version: integrity $got, pinned $want: refusing it" >&2
			rm -f "$tgz"
			exit 1
		fi
	fi
	bin=$CACHE/$os/esbuild
	if [ ! -x "$bin" ]; then
		rm -rf "${CACHE:?}/$os"
		mkdir -p "$CACHE/$os"
		tar -xzmf "$tgz" -C "$CACHE/$os" package/bin/esbuild
		mv "$CACHE/$os/package/bin/esbuild" "$bin"
		rm -rf "$CACHE/$os/package"
		chmod 755 "$bin"
	fi
done
