#!/usr/bin/env bash
# Mutation check: do the tests notice when the code that decides things is
# wrong? Each line of scripts/mutants.txt names a deliberate bug (a sed
# script on one file) and the tests that must catch it. The tree is copied to
# a scratch folder (removed on exit, Ctrl-C included), built once, then each
# mutant is applied there, rebuilt (one file and the links), its tests run,
# and the file restored. Prints caught/missed per mutant; exits 1 if any was
# missed or could not be applied or built. Not part of CI: it takes minutes.
# Usage: scripts/mutants.sh [name-regex]   (default: every mutant)
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$PWD
only="${1:-.}"
list="$source_dir/scripts/mutants.txt"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/concur-mutants.XXXXXX")
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The working tree as it is (tracked and untracked files, not build/).
git ls-files -z --cached --others --exclude-standard |
  tar --null -T - -cf - | tar -xf - -C "$scratch"
# Paths inside the scratch copy are hashed relative to it, so ccache hits
# from one run of this script to the next.
export CCACHE_BASEDIR="$scratch" CCACHE_NOHASHDIR=1
build="$scratch/build"
echo "mutants: building the unmutated tree in $scratch"
cmake -S "$scratch" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONCUR_CUDA=OFF \
  -DCONCUR_BUILD_BENCH=OFF >"$scratch/configure.log" 2>&1 ||
  { tail -20 "$scratch/configure.log"; exit 2; }
cmake --build "$build" >"$scratch/build.log" 2>&1 || { tail -20 "$scratch/build.log"; exit 2; }

# Every test a mutant names must pass before any mutation, or "caught" means nothing.
all_tests=$(grep -v '^#' "$list" | sed -n 's/.* | //p' | paste -sd'|')
echo "mutants: the named tests must pass on the unmutated tree first"
ctest --test-dir "$build" -R "$all_tests" --timeout 300 >"$scratch/baseline.log" 2>&1 ||
  { grep -E "Failed|\*\*\*" "$scratch/baseline.log"; echo "mutants: fix these first"; exit 2; }

caught=0 missed=0 broken=0
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  name=${line%% | *}; rest=${line#* | }
  file=${rest%% | *}; rest=${rest#* | }
  script=${rest%% | *}; tests=${rest#* | }
  [[ "$name" =~ $only ]] || continue
  target="$scratch/$file"
  cp "$target" "$scratch/original"
  sed -i -e "$script" "$target"
  if cmp -s "$target" "$scratch/original"; then
    verdict="NOT APPLIED (the sed script matched nothing)"; broken=$((broken + 1))
  elif ! cmake --build "$build" >"$scratch/mutant-build.log" 2>&1; then
    verdict="DID NOT BUILD"; broken=$((broken + 1))
  else
    ran=$(ctest --test-dir "$build" -R "$tests" -N | sed -n 's/^Total Tests: //p')
    if ((ran == 0)); then
      verdict="NO TEST matches '$tests'"; broken=$((broken + 1))
    elif ctest --test-dir "$build" -R "$tests" --stop-on-failure --timeout 300 >/dev/null 2>&1; then
      verdict="MISSED by $ran tests ($tests)"; missed=$((missed + 1))
    else
      verdict="caught ($tests)"; caught=$((caught + 1))
    fi
  fi
  cp "$scratch/original" "$target"  # cp gives a new mtime: the next build recompiles it
  printf '%-40s %s\n' "$name" "$verdict"
done <"$list"

echo "mutants: $caught caught, $missed missed, $broken not applied or not built"
((missed == 0 && broken == 0))
