#!/usr/bin/env bash
# The layering, checked on the built libraries: no layer may use a symbol
# that only a layer above it (or beside it) defines. Static libraries do not
# make the linker refuse such a call by themselves (a symbol already pulled
# in resolves it), so this reads every layer's undefined and defined symbols.
# Usage: check_layers.sh DIR   (the build folder holding libconcur_*.a)
set -euo pipefail
dir=${1:?usage: check_layers.sh BUILD_DIR}
# Each layer and the layers it may use (besides itself).
declare -A allowed=(
  [core]=""
  [models]="core"
  [workloads]="core"
  [runner]="core models workloads"
  [report]="core runner models workloads"
  [course]="core runner report models workloads"
  [cli]="core runner report course models workloads"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for layer in "${!allowed[@]}"; do
  lib="$dir/libconcur_$layer.a"
  [[ -f $lib ]] || { echo "check_layers: $lib missing" >&2; exit 2; }
  nm -C --defined-only "$lib" 2>/dev/null | awk '$2 ~ /^[TDBRVW]$/ {$1=$2=""; print substr($0,3)}' | sort -u >"$tmp/$layer.def"
  nm -C --undefined-only "$lib" 2>/dev/null | awk 'NF>=2 && $1=="U" {$1=""; print substr($0,2)}' | sort -u >"$tmp/$layer.undef"
done
status=0
for layer in "${!allowed[@]}"; do
  comm -23 "$tmp/$layer.undef" "$tmp/$layer.def" >"$tmp/$layer.needs"
  for other in "${!allowed[@]}"; do
    [[ $other == "$layer" || " ${allowed[$layer]} " == *" $other "* ]] && continue
    # Inline functions and template instances are defined weakly everywhere: only strong ones count.
    nm -C --defined-only "$dir/libconcur_$other.a" 2>/dev/null | awk '$2 ~ /^[TDBR]$/ {$1=$2=""; print substr($0,3)}' | sort -u >"$tmp/strong"
    if bad=$(comm -12 "$tmp/$layer.needs" "$tmp/strong") && [[ -n $bad ]]; then
      echo "check_layers: $layer uses what only $other defines:" >&2
      echo "$bad" | head -5 | sed 's/^/  /' >&2
      status=1
    fi
  done
done
((status == 0)) && echo "check_layers: every layer uses only the layers below it"
exit $status
