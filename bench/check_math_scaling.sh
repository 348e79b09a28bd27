#!/usr/bin/env bash
# The foundation's performance targets, checked by one run of
# `concur-bench math` (ratios measured in the same run, so a noisy shared
# machine moves both sides together):
#   threads   >= 1.8x sequential on primes, and within 5% of openmp
#   processes >= 1.7x sequential on primes
#   mandelbrot balances as well as primes: its threads efficiency is within
#   10 points of primes' (its rows have very uneven cost)
# Usage: bench/check_math_scaling.sh [path/to/concur-bench] [extra flags...]
set -euo pipefail
bin=${1:-build/release/concur-bench}
shift || true
workers=$(nproc)
csv=$("$bin" math --workers "$workers" --format csv "$@")  # adaptive: until ±2% or flagged
echo "$csv" | column -s, -t | cut -c1-120
echo
echo "$csv" | awk -F, -v workers="$workers" '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { key = $col["workload"] "/" $col["model"]
    median[key] = $col["median_s"]; speedup[key] = $col["speedup"]; eff[key] = $col["efficiency"] }
  function check(ok, what) { printf "%s  %s\n", ok ? "PASS" : "FAIL", what; if (!ok) failed = 1 }
  END {
    check(speedup["primes/threads"] >= 1.8,
          sprintf("threads on primes: %.2fx sequential (target >= 1.8x, %d workers)", speedup["primes/threads"], workers))
    ratio = median["primes/threads"] / median["primes/openmp"]
    check(ratio <= 1.05, sprintf("threads vs openmp on primes: %.3f of openmp time (target <= 1.05)", ratio))
    check(speedup["primes/processes"] >= 1.7,
          sprintf("processes on primes: %.2fx sequential (target >= 1.7x)", speedup["primes/processes"]))
    if ("mandelbrot/threads" in eff) {
      gap = eff["primes/threads"] - eff["mandelbrot/threads"]
      check(gap <= 0.10, sprintf("mandelbrot threads efficiency %.0f%% vs primes %.0f%% (target: within 10 points)",
                                 100 * eff["mandelbrot/threads"], 100 * eff["primes/threads"]))
    }
    exit failed
  }'
