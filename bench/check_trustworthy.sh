#!/usr/bin/env bash
# Numbers a reader can bet on, checked with real runs (never timed unit tests):
#   precision      default `concur-bench math`: every cell's median within
#                  --precision (2%) or flagged imprecise; threads within 3% of
#                  openmp on every kernel, the interval of their ratio saying so
#   false-alarms N N back-to-back pairs of `math --format json` compared: no
#                  slower/faster verdict (the report counts them)
#   power N        primes --size 2000000 vs 2200000, N times: `slower` for
#                  every model every time
# Usage: bench/check_trustworthy.sh [precision|false-alarms N|power N|all] [binary]
# Exit 1 when a target is missed.
set -euo pipefail
what=${1:-all}
count=${2:-10}
bin=${3:-build/release/concur-bench}
[[ $what == precision ]] && bin=${2:-build/release/concur-bench}
bin=$(realpath "$bin")
work=$(mktemp -d "${TMPDIR:-/tmp}/concur-trust.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM HUP
failed=0

precision() {
  echo "== precision: default concur-bench math ($(uptime | sed 's/.*load/load/'))"
  "$bin" math --quiet --format json --output "$work/math.json" >"$work/math.txt" || true
  cat "$work/math.txt"
  python3 - "$work/math.json" <<'PY' || failed=1
import json, random, sys, statistics
doc = json.load(open(sys.argv[1]))
cells = {}
for b in doc["benchmarks"]:
    if b.get("run_type") == "iteration" and b.get("status") == "ok":
        cells.setdefault((b["workload"], b["model"]), b)  # the first carries samples_s
bad = 0
for (w, m), b in sorted(cells.items()):
    half = max(b["median_s"] - b["median_ci_low_s"], b["median_ci_high_s"] - b["median_s"]) / b["median_s"]
    ok = half <= doc["context"]["sampling"]["precision"] or b["imprecise"]
    bad += not ok
    print(f"{'PASS' if ok else 'FAIL'}  {w}/{m}: median ±{half*100:.1f}% (n={b['repetitions']}){' flagged imprecise' if b['imprecise'] else ''}")
def ratio_ci(a, b, seed=1, n=2000):
    rnd = random.Random(seed)
    rs = sorted(statistics.median(rnd.choices(a, k=len(a))) / statistics.median(rnd.choices(b, k=len(b))) for _ in range(n))
    return statistics.median(a) / statistics.median(b), rs[int(0.025 * n)], rs[int(0.975 * n)]
for w in sorted({w for w, _ in cells}):
    if (w, "threads") in cells and (w, "openmp") in cells:
        r, lo, hi = ratio_ci(cells[(w, "threads")]["samples_s"], cells[(w, "openmp")]["samples_s"])
        ok = 0.97 <= lo and hi <= 1.03
        bad += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {w}: threads/openmp time {r:.3f} [{lo:.3f}, {hi:.3f}] (target: interval within ±3%)")
sys.exit(1 if bad else 0)
PY
}

false_alarms() {
  echo "== false alarms: $count pairs of concur-bench math --format json ($(uptime | sed 's/.*load/load/'))"
  local alarms=0 rows=0
  for i in $(seq "$count"); do
    "$bin" math --quiet --format json --output "$work/a.json" >/dev/null || true
    "$bin" math --quiet --format json --output "$work/b.json" >/dev/null || true
    out=$("$bin" compare "$work/a.json" "$work/b.json" || true)
    n=$(grep -cE ' (SLOWER|faster)$' <<<"$out" || true)
    r=$(grep -cE ' (SLOWER|faster|same|inconclusive)$' <<<"$out" || true)
    alarms=$((alarms + n)); rows=$((rows + r))
    echo "pair $i: $(tail -n 3 <<<"$out" | grep -E 'same|slower|faster|inconclusive' | head -1)"
  done
  echo "false alarms: $alarms slower/faster verdicts in $rows comparisons (target 0)"
  ((alarms == 0)) || failed=1
}

power() {
  echo "== power: primes --size 2000000 vs 2200000, $count times ($(uptime | sed 's/.*load/load/'))"
  local missed=0
  for i in $(seq "$count"); do
    "$bin" math --quiet --workloads primes --size 2000000 --format json --output "$work/small.json" >/dev/null || true
    "$bin" math --quiet --workloads primes --size 2200000 --format json --output "$work/large.json" >/dev/null || true
    out=$("$bin" compare "$work/small.json" "$work/large.json" || true)
    slower=$(grep -cE ' SLOWER$' <<<"$out" || true)
    total=$(grep -cE ' (SLOWER|faster|same|inconclusive)$' <<<"$out" || true)
    echo "run $i: $slower of $total models slower; $(grep -E 'geometric' <<<"$out")"
    ((slower == total && total > 0)) || { missed=$((missed + 1)); grep -vE ' SLOWER$' <<<"$out" | grep primes || true; }
  done
  echo "power: $missed of $count runs missed a slower verdict (target 0)"
  ((missed == 0)) || failed=1
}

case $what in
  precision) precision ;;
  false-alarms) false_alarms ;;
  power) power ;;
  all) precision; false_alarms; power ;;
  *) echo "usage: $0 [precision|false-alarms N|power N|all N] [binary]" >&2; exit 2 ;;
esac
exit $failed
