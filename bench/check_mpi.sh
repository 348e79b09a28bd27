#!/usr/bin/env bash
# The mpi model's targets, checked by one run of `concur-bench math`
# (ratios from the same run, so a noisy machine moves both sides together):
#   mpi with 2 workers >= 1.8x sequential on primes and on mandelbrot
#   (farm time), and within 5% of the processes model's time.
# Then the rank start-up cost (printed by the binary at exit, kept out of
# the cells) and Open MPI's busy polling (bench/mpi_polling.cpp).
# Usage: bench/check_mpi.sh [path/to/concur-bench] [extra flags...]
set -euo pipefail
bin=${1:-build/release/concur-bench}
shift || true
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
csv=$("$bin" math --workloads primes,mandelbrot --models sequential,processes,mpi --workers 2 \
      --repetitions 5 --format csv "$@" 2>"$errors")
echo "$csv" | column -s, -t | cut -c1-120
grep "mpi:" "$errors" || true
echo
status=0
echo "$csv" | awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { key = $col["workload"] "/" $col["model"]; median[key] = $col["median_s"]; speedup[key] = $col["speedup"] }
  function check(ok, what) { printf "%s  %s\n", ok ? "PASS" : "FAIL", what; if (!ok) failed = 1 }
  END {
    split("primes mandelbrot", kernels, " ")
    for (k = 1; k <= 2; k++) {
      w = kernels[k]
      check(speedup[w "/mpi"] >= 1.8, sprintf("mpi on %s: %.2fx sequential (target >= 1.8x)", w, speedup[w "/mpi"]))
      ratio = median[w "/mpi"] / median[w "/processes"]
      check(ratio <= 1.05, sprintf("mpi vs processes on %s: %.3f of processes time (target <= 1.05)", w, ratio))
    }
    exit failed
  }' || status=1
polling=$(dirname "$bin")/bench/concur_mpi_polling
if [[ -x $polling ]]; then
  echo
  echo "Open MPI busy polling (3 ranks on $(nproc) cores, not oversubscribed, so Open MPI does not yield):"
  hosts=$(mktemp)
  trap 'rm -f "$errors" "$hosts"' EXIT
  echo "localhost slots=3" >"$hosts"
  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --hostfile "$hosts" --bind-to none \
    -np 3 --mca btl self,vader,tcp --mca pml ob1 "$polling"
fi
exit $status
