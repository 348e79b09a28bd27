#!/usr/bin/env bash
# Mutation check: do the tests notice when the code that decides things is
# wrong? Each line of scripts/mutants.txt names a deliberate bug (a sed
# script on one file) and the tests that must catch it. The tree is copied to
# a scratch folder (removed on exit, Ctrl-C included), built once, then each
# mutant is applied there, rebuilt (one file and the links), its tests run,
# and the file restored. Prints caught/missed per mutant; exits 1 if any was
# missed or could not be applied or built. Not part of CI: it takes minutes.
# Usage: scripts/mutants.sh [name-regex]   (default: every mutant)
#        scripts/mutants.sh --generated [N] [--seed S] [FILE...]
#   --generated  instead of the hand-written list, the mutants that
#                scripts/mutants_generate.py finds (every comparison, &&/||,
#                +/- and true/false flipped once) in FILE... (default
#                src/core/*.cpp src/report/*.cpp), N of them at random
#                (default all), each judged by the whole suite: the unit
#                tests first (-L unit, fast), then, if they all pass, the
#                rest (-LE unit: end to end, through the binary). Prints the
#                score and every survivor. A mutant that
#                scripts/mutants_equivalent.txt names (it changes nothing
#                a test could see, and says why) is listed apart, unbuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$PWD
only="."
generated=0 sample=0 seed=1 files=()
while (($#)); do
  case "$1" in
    --generated) generated=1; [[ "${2:-}" =~ ^[0-9]+$ ]] && { sample=$2; shift; } ;;
    --seed) seed="${2:?--seed needs a number}"; shift ;;
    -*) echo "mutants: unknown option '$1'" >&2; exit 2 ;;
    *) if ((generated)); then files+=("$1"); else only="$1"; fi ;;
  esac
  shift
done
list="$source_dir/scripts/mutants.txt"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/concur-mutants.XXXXXX")
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The working tree as it is (tracked and untracked files, not build/).
git ls-files -z --cached --others --exclude-standard |
  tar --null -T - -cf - | tar -xf - -C "$scratch"
if ((generated)); then
  ((${#files[@]})) || files=(src/core/*.cpp src/report/*.cpp)
  list="$scratch/generated.txt"
  python3 scripts/mutants_generate.py --sample "$sample" --seed "$seed" "${files[@]}" >"$list"
fi
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
# A tests field "@unit" (the generated mutants) means the whole suite, unit
# tests first; anything else is a -R regex.
all_tests=$(grep -v '^#' "$list" | sed -n 's/.* | //p' | { grep -v '^@' || true; } | paste -sd'|')
echo "mutants: the named tests must pass on the unmutated tree first"
baseline=(-L unit)
[[ -n "$all_tests" ]] && baseline=(-R "$all_tests")
((generated)) && baseline=()
# A timing test that lost to load once passes when rerun alone: the same
# flaky rule as for the mutants.
ctest --test-dir "$build" "${baseline[@]}" -j2 --timeout 300 >"$scratch/baseline.log" 2>&1 ||
  ctest --test-dir "$build" --rerun-failed --timeout 300 >>"$scratch/baseline.log" 2>&1 ||
  { grep -E "\(Failed\)|\(Timeout\)" "$scratch/baseline.log"; echo "mutants: fix these first"; exit 2; }

caught=0 missed=0 broken=0 equivalent=0 survivors=() equivalents=()
# The list comes in on descriptor 3 and every ctest reads /dev/null: a test
# that reads its standard input would otherwise eat the rest of the list.
while IFS= read -r line <&3; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  name=${line%% | *}; rest=${line#* | }
  file=${rest%% | *}; rest=${rest#* | }
  script=${rest%% | *}; tests=${rest#* | }
  [[ "$name" =~ $only ]] || continue
  if [[ "$tests" == "@equivalent "* ]]; then  # scripts/mutants_equivalent.txt: nothing to catch
    equivalent=$((equivalent + 1)); equivalents+=("$name: ${tests#@equivalent }")
    printf '%-40s %s\n' "$name" "equivalent (not built): ${tests#@equivalent }"
    continue
  fi
  target="$scratch/$file"
  cp "$target" "$scratch/original"
  sed -i -e "$script" "$target"
  if cmp -s "$target" "$scratch/original"; then
    verdict="NOT APPLIED (the sed script matched nothing)"; broken=$((broken + 1))
  elif ! cmake --build "$build" >"$scratch/mutant-build.log" 2>&1; then
    verdict="DID NOT BUILD"; broken=$((broken + 1))
  else
    # A mutant survives only if every stage of its tests passes: for "@unit"
    # (the generated ones) the unit tests, then everything else.
    stages=("$tests")
    [[ "$tests" == @unit ]] && stages=("@unit" "@!unit")
    verdict="" ran=0
    for stage in "${stages[@]}"; do
      case "$stage" in
        @!*) selection=(-LE "${stage#@!}") ;;
        @*) selection=(-L "${stage#@}") ;;
        *) selection=(-R "$stage") ;;
      esac
      count=$(ctest --test-dir "$build" "${selection[@]}" -N | sed -n 's/^Total Tests: //p')
      ran=$((ran + count))
      ((count == 0)) && continue
      if ctest --test-dir "$build" "${selection[@]}" -j2 --stop-on-failure --timeout 300 >/dev/null 2>&1; then
        continue
      elif ctest --test-dir "$build" --rerun-failed --timeout 300 >/dev/null 2>&1; then
        # What failed passed on its own: a timing test losing to load, not
        # the mutant. Not counted as caught.
        verdict="MISSED (its failures passed on a rerun: flaky, not caught)"
        missed=$((missed + 1)); survivors+=("$name (flaky)")
      else
        verdict="caught by ${stage} tests"; caught=$((caught + 1))
      fi
      break
    done
    if [[ -z "$verdict" ]] && ((ran == 0)); then
      verdict="NO TEST matches '$tests'"; broken=$((broken + 1))
    elif [[ -z "$verdict" ]]; then
      verdict="MISSED by $ran tests ($tests)"; missed=$((missed + 1)); survivors+=("$name")
    fi
  fi
  cp "$scratch/original" "$target"  # cp gives a new mtime: the next build recompiles it
  printf '%-40s %s\n' "$name" "$verdict"
done 3<"$list" </dev/null

echo "mutants: $caught caught, $missed missed, $broken not applied or not built, $equivalent known equivalent"
if ((caught + missed > 0)); then
  echo "mutants: score $((100 * caught / (caught + missed)))% of the mutants that built"
fi
if ((${#survivors[@]})); then
  echo "mutants: survivors (each needs a test, or a reason it is equivalent):"
  printf '  %s\n' "${survivors[@]}"
fi
if ((${#equivalents[@]})); then
  echo "mutants: known equivalent, outside the score (scripts/mutants_equivalent.txt):"
  printf '  %s\n' "${equivalents[@]}"
fi
if ((generated)); then
  # A generated mutant that does not compile says nothing about the tests;
  # the bar is 90% of the rest caught.
  ((caught + missed > 0 && 10 * caught >= 9 * (caught + missed)))
else
  ((missed == 0 && broken == 0))
fi
