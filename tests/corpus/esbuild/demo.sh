#!/bin/sh
# `make demo-esbuild`: esbuild for FreeBSD, unmodified from npm, bundles a
# TypeScript + CSS project under abirun; the output is compared with what
# esbuild for Linux makes of the same project.
#   sh tests/corpus/esbuild/demo.sh ABIRUN BUILDDIR
set -eu
SRC=$(cd "$(dirname "$0")" && pwd)
ABIRUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILD=$(cd "$2" && pwd)
CACHE=$BUILD/corpus-cache/esbuild
WORK=$BUILD/demo-esbuild.$$
trap 'rm -rf "$WORK"' EXIT
sh "$SRC/fetch.sh" "$CACHE"
LIN=$CACHE/linux/esbuild
FBSD=$CACHE/freebsd/esbuild
rm -rf "$WORK"
mkdir -p "$WORK"
cp -R "$SRC/project" "$WORK/project"
cd "$WORK/project"
ARGS="src/index.ts --bundle --minify --sourcemap --target=es2018"

echo "== the program: @esbuild/freebsd-x64 $(awk '$1 == "@esbuild/freebsd-x64" { print $2 }' "$SRC/pins") from npm, sha512 checked"
command -v file >/dev/null 2>&1 && file -b "$FBSD" | cut -d, -f1-5
echo
echo "== abirun esbuild --version"
"$ABIRUN" "$FBSD" --version
echo
echo "== abirun esbuild $ARGS --outdir=out"
# shellcheck disable=SC2086
"$ABIRUN" "$FBSD" $ARGS --outdir=out 2>&1
mv out ../out-freebsd
echo
echo "== the same with esbuild for Linux, natively"
# shellcheck disable=SC2086
"$LIN" $ARGS --outdir=out --log-level=warning
mv out ../out-linux
echo
echo "== comparing every output file"
same=1
for f in $(cd ../out-linux && find . -type f | sort); do
	if cmp -s "../out-linux/$f" "../out-freebsd/$f"; then
		printf '  identical  %-16s %6d bytes  sha256 %.16s\n' "${f#./}" "$(wc -c < "../out-linux/$f")" "$(sha256sum < "../out-linux/$f")"
	else
		printf '  DIFFERENT  %s\n' "${f#./}"
		same=0
	fi
done
if command -v node >/dev/null 2>&1; then
	echo
	echo "== node out-freebsd/index.js (the bundle esbuild for FreeBSD made)"
	node ../out-freebsd/index.js | sed 's/^/  /'
fi
echo
if [ $same = 1 ]; then
	echo "esbuild for FreeBSD under abirun: output byte-identical to esbuild for Linux"
else
	echo "esbuild for FreeBSD under abirun: outputs DIFFER"
	exit 1
fi
