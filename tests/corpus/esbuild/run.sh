#!/bin/sh
# esbuild for FreeBSD under abirun against esbuild for Linux run natively.
#
#   sh tests/corpus/esbuild/run.sh [--native] ABIRUN BUILDDIR
#
# Fetches the pinned packages (fetch.sh, cached in BUILDDIR/corpus-cache/esbuild),
# copies tests/corpus/esbuild/project to BUILDDIR/tests/esbuild/project, and
# runs both esbuilds there with the same arguments; each case compares exit
# status, stdout, stderr and every output file byte for byte.  Both write to
# the same output directory (out/CASE, moved to out-linux/ or out-freebsd/
# after each run), so paths in source maps and metafiles are the same.
#   --native   the linux esbuild on both sides (checks the harness)
# The last line is exactly 'N passed, M failed'.

set -u
SRC=$(cd "$(dirname "$0")" && pwd)
NATIVE=0
[ "${1:-}" = --native ] && { NATIVE=1; shift; }
if [ $# -lt 2 ]; then
	echo "usage: run.sh [--native] ABIRUN BUILDDIR" >&2
	exit 2
fi
ABIRUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILD=$(cd "$2" && pwd)
CACHE=$BUILD/corpus-cache/esbuild
FINAL=$BUILD/tests/esbuild
WORK=$BUILD/tests/esbuild.$$
trap 'rm -rf "$WORK"; exit 130' INT TERM
TIMEOUT=${ESBUILD_TIMEOUT:-60}
VERSION=$(awk '!/^#/ && NF { print $2; exit }' "$SRC/pins")

if ! sh "$SRC/fetch.sh" "$CACHE"; then
	echo "FAIL fetch: the pinned esbuild packages are not available"
	echo "0 passed, 1 failed"
	exit 1
fi
LIN=$CACHE/linux/esbuild
FBSD=$CACHE/freebsd/esbuild

rm -rf "$WORK"
mkdir -p "$WORK/out" "$WORK/res"
cp -R "$SRC/project" "$WORK/project"

pass=0 fail=0

# run_side SIDE NAME STDIN ARGS...: OUT in ARGS stands for the output dir
run_side() {
	side=$1 name=$2 stdin=$3
	shift 3
	out=../out/$name
	rm -rf "$WORK/out/$name"
	mkdir -p "$WORK/out/$name"
	n=$#
	while [ $n -gt 0 ]; do
		a=$(printf '%s' "$1" | sed "s,OUT,$out,g")
		shift
		set -- "$@" "$a"
		n=$((n - 1))
	done
	if [ "$side" = linux ] || [ $NATIVE = 1 ]; then
		set -- "$LIN" "$@"
	else
		set -- "$ABIRUN" "$FBSD" "$@"
	fi
	(cd "$WORK/project" && timeout -k 5 "$TIMEOUT" "$@" < "$stdin" \
		> "$WORK/res/$name.$side.out" 2> "$WORK/res/$name.$side.err"
	 echo $? > "$WORK/res/$name.$side.rc")
	mkdir -p "$WORK/out-$side"
	mv "$WORK/out/$name" "$WORK/out-$side/$name"
}

# case_ NAME [--stdin FILE] ARGS...
case_() {
	name=$1
	shift
	stdin=/dev/null
	if [ "$1" = --stdin ]; then stdin=$2; shift 2; fi
	writes=0
	case "$*" in *OUT*) writes=1 ;; esac
	run_side linux "$name" "$stdin" "$@"
	run_side freebsd "$name" "$stdin" "$@"
	r=$WORK/res/$name
	why=
	if [ "$(cat "$r.linux.rc")" = 124 ]; then why="timed out natively"
	elif [ "$(cat "$r.freebsd.rc")" = 124 ]; then why="timed out under abirun (${TIMEOUT}s)"
	elif [ "$(cat "$r.linux.rc")" != "$(cat "$r.freebsd.rc")" ]; then
		why="exit status $(cat "$r.linux.rc") natively, $(cat "$r.freebsd.rc") under abirun"
	elif ! cmp -s "$r.linux.out" "$r.freebsd.out"; then why="stdout differs"
	elif ! cmp -s "$r.linux.err" "$r.freebsd.err"; then why="stderr differs"
	elif ! diff -r "$WORK/out-linux/$name" "$WORK/out-freebsd/$name" > "$r.diff" 2>&1; then
		why="output files differ"
	fi
	nfiles=$(find "$WORK/out-linux/$name" -type f | wc -l)
	if [ -z "$why" ] && [ $writes = 1 ] && [ "$(cat "$r.linux.rc")" = 0 ] && [ "$nfiles" = 0 ]; then
		why="no output files (harness error)"
	fi
	if [ -z "$why" ]; then
		echo "PASS $name ($nfiles output files, exit $(cat "$r.linux.rc"))"
		pass=$((pass + 1))
	else
		echo "FAIL $name: $why"
		sed -n '1,8s/^/    abirun stderr: /p' "$r.freebsd.err"
		[ -s "$r.diff" ] && sed -n '1,8s/^/    /p' "$r.diff"
		fail=$((fail + 1))
	fi
}

# 1. the version
case_ version --version
if [ "$(cat "$WORK/res/version.freebsd.out")" != "$VERSION" ]; then
	echo "FAIL version-is-$VERSION: esbuild for FreeBSD printed '$(cat "$WORK/res/version.freebsd.out")'"
	fail=$((fail + 1))
else
	echo "PASS version-is-$VERSION"
	pass=$((pass + 1))
fi

# 2. the TypeScript bundle (it imports the CSS too), minified, with source maps
case_ ts-bundle src/index.ts --bundle --minify --sourcemap --target=es2018 --outdir=OUT --log-level=warning

# 3. the CSS bundle alone: @import and nesting, lowered for older browsers
case_ css-bundle src/styles/main.css --bundle --minify --sourcemap \
	--target=es2018,chrome90,firefox88,safari14 --outdir=OUT --log-level=warning

# 4. ES modules with code splitting (the dynamic import) and a metafile
case_ esm-splitting src/index.ts --bundle --splitting --format=esm --minify --sourcemap \
	--target=es2018 --outdir=OUT '--chunk-names=chunks/[name]-[hash]' --metafile=OUT/meta.json --log-level=warning

# 5. not minified, inline source maps, legal comments, IIFE with a global name
case_ iife-readable src/index.ts --bundle --format=iife --global-name=fixture --sourcemap=inline \
	--target=es2018 --outfile=OUT/app.js --log-level=warning

# 6. a transform through standard input and output
case_ stdin-transform --stdin "$WORK/project/src/models/shape.ts" --loader=ts --format=cjs --target=es2018

# 7. many modules: a generated project of 400 modules importing each other
#    (esbuild parses them on all its threads)
mkdir -p "$WORK/project/gen"
i=0
while [ $i -lt 400 ]; do
	{
		[ $i -ge 2 ] && echo "import { f$((i - 1)) } from \"./m$((i - 1))\";" && echo "import { f$((i / 2)) as g } from \"./m$((i / 2))\";"
		echo "export interface T$i { n: number; tag: \"m$i\" }"
		if [ $i -ge 2 ]; then
			echo "export function f$i(x: number): number { return f$((i - 1))(x) + g(x) % $((i + 7)); }"
		else
			echo "export function f$i(x: number): number { return x * $((i + 3)); }"
		fi
		echo "export const v$i: T$i = { n: f$i(1), tag: \"m$i\" };"
	} > "$WORK/project/gen/m$i.ts"
	i=$((i + 1))
done
echo 'import { v399 } from "./m399"; console.log(v399);' > "$WORK/project/gen/main.ts"
case_ many-modules gen/main.ts --bundle --minify --sourcemap --target=es2018 --outdir=OUT --log-level=warning

# 8. a syntax error: same message, location and exit status
case_ syntax-error src/broken.ts --bundle --outdir=OUT --log-level=error

rm -rf "$FINAL" && mv "$WORK" "$FINAL"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
