#!/usr/bin/env bash
# scripts/fresh-machine.sh --explain: what CI prints when a fresh root's
# build stops on a package setup.sh lacks. Each kind of failure is named
# with the package that ships it here; an ordinary compile error names
# nothing (and exits 1, so CI shows the log's tail instead).
set -euo pipefail
script="$1/scripts/fresh-machine.sh"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
fails=0
expect() {  # expect PATTERN: in the last explanation
  grep -qF -- "$1" <<<"$out" || { echo "FAIL: expected '$1' in: $out"; fails=$((fails + 1)); }
}

cat >"$log" <<'LOG'
src/workloads/download/download.cpp:9:10: fatal error: curl/curl.h: No such file or directory
/usr/bin/ld: cannot find -lxxhash: No such file or directory
--   Package 'libevent', required by 'virtual:world', not found
-- Could NOT find PNG (missing: PNG_LIBRARY PNG_PNG_INCLUDE_DIR)
/bin/bash: line 1: cmake: command not found
LOG
out="$("$script" --explain "$log" 2>&1)" || { echo "FAIL: exit $? for a log that names packages"; fails=$((fails + 1)); }
expect "MISSING HEADER <curl/curl.h>"
expect "MISSING LIBRARY -lxxhash"
expect "MISSING PKG-CONFIG MODULE libevent"
expect "MISSING CMAKE PACKAGE: PNG"
expect "MISSING PROGRAM"
# The hint: the package that ships the file on this machine (setup.sh ran).
if dpkg -S '*/curl/curl.h' >/dev/null 2>&1; then expect "comes from 'libcurl4-openssl-dev'"; fi
if dpkg -S '*/pkgconfig/libevent.pc' >/dev/null 2>&1; then expect "comes from 'libevent-dev'"; fi

printf '%s\n' "src/core/x.cpp:3:5: error: 'foo' was not declared in this scope" "ninja: build stopped" >"$log"
if out="$("$script" --explain "$log" 2>&1)"; then
  echo "FAIL: an ordinary compile error was explained: $out"; fails=$((fails + 1))
fi
grep -q MISSING <<<"$out" && { echo "FAIL: named a package for a compile error: $out"; fails=$((fails + 1)); }

((fails == 0)) && echo "fresh-machine --explain: all cases hold"
exit $((fails > 0))
