#!/bin/sh
# fetch-npm.sh CACHE NAME@VERSION
#
# Makes the npm package NAME@VERSION available unpacked under
# CACHE/<name>-<version>/package and prints that directory.  The tarball is
# fetched with `npm pack` and its sha512 must equal the integrity pinned in
# bench/packages.txt; a verified copy is reused.  Exit status 1 (message on
# stderr) if npm, the network or the hash check fails.
set -u
cache=$1 spec=$2
here=$(cd "$(dirname "$0")" && pwd)
want=$(awk -v s="$spec" '$1 == s { print $2 }' "$here/packages.txt")
if [ -z "$want" ]; then
	echo "fetch-npm: $spec is not pinned in bench/packages.txt" >&2
	exit 1
fi
key=$(printf '%s' "$spec" | sed 's|^@||; s|[/@]|-|g')
dir=$cache/$key
if [ -f "$dir/verified" ] && [ "$(cat "$dir/verified")" = "$want" ] && [ -d "$dir/package" ]; then
	echo "$dir/package"
	exit 0
fi
NPM=${NPM:-npm}
NODE=${NODE:-node}
for tool in "$NPM" "$NODE"; do
	command -v "$tool" >/dev/null 2>&1 || { echo "fetch-npm: $tool not found" >&2; exit 1; }
done
rm -rf "$dir"
mkdir -p "$dir/dl"
if ! (cd "$dir/dl" && "$NPM" pack --silent "$spec" >/dev/null 2>"$dir/npm.log"); then
	echo "fetch-npm: npm pack $spec failed:" >&2
	tail -3 "$dir/npm.log" >&2
	exit 1
fi
tgz=$(ls "$dir"/dl/*.tgz 2>/dev/null | head -1)
[ -n "$tgz" ] || { echo "fetch-npm: npm pack $spec produced no tarball" >&2; exit 1; }
got=$("$NODE" -e 'const c=require("crypto"),f=require("fs");
process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
if [ "$got" != "$want" ]; then
	echo "fetch-npm: $spec: integrity mismatch: got $got, pinned $want" >&2
	exit 1
fi
mkdir -p "$dir/unpack"
tar xzf "$tgz" -C "$dir/unpack" || { echo "fetch-npm: cannot unpack $tgz" >&2; exit 1; }
mv "$dir/unpack/package" "$dir/package" && rmdir "$dir/unpack"
mv "$tgz" "$dir/$(basename "$tgz")" && rmdir "$dir/dl"
printf '%s\n' "$want" > "$dir/verified"
echo "$dir/package"
