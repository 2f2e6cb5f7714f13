#!/bin/sh
# Build the standard-library test binaries listed in tests/gostd/packages and
# tests/gostd/packages-extra:
#   sh tests/gostd/build.sh GO BUILDDIR GOOS
# into BUILDDIR/tests/gostd/GOOS/PKG.test (PKG with '/' as '_').  Builds
# need no network; caches live under BUILDDIR.  GOROOT is embedded (no
# -trimpath) so tests find $GOROOT/src and the go tool.
set -eu
unset GO111MODULE
GO=$1 BUILD=$2 OS=$3
SRC=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "$BUILD" && pwd)
OUT=$BUILD/tests/gostd/$OS
mkdir -p "$OUT"
export GOCACHE="$BUILD/gocache" GOPATH="$BUILD/gopath" GOPROXY=off GOFLAGS='' \
	GOWORK=off CGO_ENABLED=0 GOARCH=amd64 GOOS="$OS"
cd "$BUILD"
# GOSTD_EXTRA=0 leaves packages-extra out
lists="$SRC/packages"
[ "${GOSTD_EXTRA:-1}" = 0 ] || lists="$lists $SRC/packages-extra"
# shellcheck disable=SC2086
cat $lists | grep -v -E '^[[:space:]]*(#|$)' | while read -r pkg flags; do
	f=$(echo "$pkg" | tr / _)
	echo "go test -c $flags $pkg ($OS)"
	# shellcheck disable=SC2086
	"$GO" test -c $flags -o "$OUT/$f.test" "$pkg"
done
