#!/bin/sh
# Loads an HTML page in headless Chromium and fails on script errors or when
# the page does not render.  Skips (exit 0, with a message) when no Chromium
# is installed; it never installs one.
#
#   sh tests/compat/html-browser.sh PAGE.html
set -u
page=$1
[ -f "$page" ] || { echo "html-browser: no such page $page"; exit 1; }

browser=
for b in chromium chromium-browser google-chrome google-chrome-stable; do
	if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
	echo "skip: chromium is not installed; the page was not loaded in a browser"
	exit 0
fi

case $page in /*) ;; *) page=$(pwd)/$page ;; esac
profile=$(mktemp -d "${TMPDIR:-/tmp}/compat-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT INT TERM
dom=$profile/dom.html
log=$profile/console.log

timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --disable-default-apps \
	--user-data-dir="$profile" --enable-logging=stderr --v=0 \
	--dump-dom "file://$page" >"$dom" 2>"$log"
rc=$?
if [ $rc -ne 0 ]; then
	echo "html-browser: $browser exited with status $rc"
	tail -20 "$log"
	exit 1
fi
if grep -E -i 'Uncaught|CONSOLE\(.*(error|exception)' "$log" >/dev/null; then
	echo "html-browser: the page logged errors:"
	grep -E -i 'Uncaught|CONSOLE' "$log" | head -20
	exit 1
fi
if ! grep -q 'abirun compatibility report' "$dom" || ! grep -q '<svg' "$dom"; then
	echo "html-browser: the rendered DOM lacks the report title or the chart"
	head -c 2000 "$dom"
	exit 1
fi
echo "html-browser: $browser rendered $(wc -c <"$dom") bytes of DOM without console errors"
